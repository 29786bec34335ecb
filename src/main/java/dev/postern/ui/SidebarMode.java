package dev.postern.ui;

import com.googlecode.lanterna.graphics.TextGraphics;

/**
 * The folder list with the keys (the focus-sidebar key from the index): moves its cursor, opens a folder or
 * the outbox, and goes back to the index. Also keeps whether the sidebar is wanted (the toggle) and whether
 * its counts must be read again before the next frame.
 */
final class SidebarMode implements Mode {
    private final MailUi ui;
    private final Sidebar sidebar;
    /** Whether the user wants the sidebar (the toggle flips it); it is also hidden when the terminal is too narrow. */
    private boolean shown;
    /** The folder list or its counts changed: read again once, before the next frame. */
    private boolean stale;

    SidebarMode(MailUi ui, Sidebar sidebar, boolean shown) {
        this.ui = ui;
        this.sidebar = sidebar;
        this.shown = shown;
    }

    /** Whether the sidebar is drawn beside the index at {@code columns}. */
    boolean showsAt(int columns) { return shown && sidebar.fits(columns); }

    boolean wanted() { return shown; }

    void stale() { stale = true; }

    /** Before a frame: the folder list and counts are read again (off the UI thread) when they changed. */
    void refresh() {
        if (stale) {
            stale = false;
            sidebar.reload();
        }
    }

    void toggle() {
        shown = !shown;
        if (!shown && ui.mode() == this) ui.show(ui.indexMode());
        if (shown && !sidebar.fits(ui.columns())) ui.status().notice("The terminal is too narrow for the sidebar.");
    }

    @Override
    public String keySection() { return KeyMap.INDEX; }

    @Override
    public void command(String command) {
        if (ui.common(command)) return;
        switch (command) {
            case KeyMap.TOGGLE_SIDEBAR -> toggle();
            case KeyMap.NEXT -> sidebar.move(1);
            case KeyMap.PREV -> sidebar.move(-1);
            case KeyMap.FIRST -> sidebar.first();
            case KeyMap.LAST -> sidebar.last();
            case KeyMap.OPEN -> sidebar.cursorEntry().filter(e -> e.folder() != null).ifPresent(e -> {
                if (e.folder().attributes().contains(Sidebar.OUTBOX)) ui.compose().showOutbox(e.account());
                else if (e.folder().selectable()) ui.openFolder(e.account(), e.folder().name());
                else ui.status().notice("That folder only holds other folders.");
            });
            case KeyMap.FOCUS_SIDEBAR, KeyMap.QUIT, KeyMap.BACK -> ui.show(ui.indexMode());
            default -> NotHere.inSidebar(ui, command);
        }
    }

    /** The index with the sidebar focused; when the sidebar no longer fits, the index has the keys again. */
    @Override
    public void draw(TextGraphics g, Palette palette, int width, int rows) {
        if (!ui.indexMode().drawBeside(g, palette, width, rows, true)) ui.show(ui.indexMode());
    }
}
