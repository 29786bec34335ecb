package dev.postern.ui;

import com.googlecode.lanterna.graphics.TextGraphics;
import com.googlecode.lanterna.input.KeyStroke;

/**
 * The '?' screen as a mode: opened over the view the user was in (whose keys it lists), and closed back to
 * it. Its own keys (q, Esc, ?, j/k, arrows, Page keys, Space, -) work whatever the bindings say.
 */
final class HelpMode implements Mode {
    private final MailUi ui;
    private final HelpView help;
    /** The view the help screen was opened over; closing it goes back there. */
    private Mode under;

    HelpMode(MailUi ui, HelpView help, Mode start) {
        this.ui = ui;
        this.help = help;
        this.under = start;
    }

    /** The '?' screen for where the user is: the pager's keys in the pager, the review screen's there, else the index's. */
    void open(Mode from) {
        if (from == this) return;
        under = from;
        help.open(from.helpSection());
        ui.show(this);
    }

    /** The view under the help screen. */
    Mode under() { return under; }

    /** Replaces the view closing the help screen goes back to (the message under it is gone). */
    void under(Mode m) { under = m; }

    private void close() { ui.show(under); }

    @Override
    public String keySection() { return KeyMap.INDEX; }

    /**
     * Keys of the help screen itself, whatever the bindings say (a user may have rebound q or j elsewhere):
     * q, Esc and ? close it; j/k, arrows, PageDown/PageUp and Space scroll. False for any other key.
     */
    @Override
    public boolean key(KeyStroke key) {
        int page = Math.max(1, ui.rows() - 4);
        switch (key.getKeyType()) {
            case Escape -> close();
            case ArrowDown -> help.scroll(1);
            case ArrowUp -> help.scroll(-1);
            case PageDown -> help.scroll(page);
            case PageUp -> help.scroll(-page);
            case Character -> {
                if (key.isCtrlDown() || key.isAltDown()) return false;
                switch (key.getCharacter()) {
                    case 'q', '?' -> close();
                    case 'j' -> help.scroll(1);
                    case 'k' -> help.scroll(-1);
                    case ' ' -> help.scroll(page);
                    case '-' -> help.scroll(-page);
                    default -> { return false; }
                }
            }
            default -> { return false; }
        }
        return true;
    }

    @Override
    public void command(String command) {
        if (command.equals(KeyMap.QUIT) || command.equals(KeyMap.BACK) || command.equals(KeyMap.HELP)) {
            close();
        } else if (command.equals(KeyMap.COMMAND_PROMPT)) {
            ui.common(command);
        } else if (command.equals(KeyMap.NEXT) || command.equals(KeyMap.PAGE_DOWN)) {
            help.scroll(command.equals(KeyMap.NEXT) ? 1 : ui.rows() / 2);
        } else if (command.equals(KeyMap.PREV) || command.equals(KeyMap.PAGE_UP)) {
            help.scroll(command.equals(KeyMap.PREV) ? -1 : -ui.rows() / 2);
        }
    }

    @Override
    public void draw(TextGraphics g, Palette palette, int width, int rows) {
        help.draw(g, palette, 0, width, rows);
    }
}
