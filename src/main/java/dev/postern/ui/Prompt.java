package dev.postern.ui;

import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.graphics.TextGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import java.util.function.Consumer;

/** A one-line question on the message line ("Search: ", "Open folder: "); takes every key while open. */
final class Prompt {
    private String label;
    private final StringBuilder text = new StringBuilder();
    private Consumer<String> onSubmit;

    boolean active() { return label != null; }

    void start(String label, Consumer<String> onSubmit) {
        this.label = label;
        this.onSubmit = onSubmit;
        text.setLength(0);
    }

    void key(KeyStroke k) {
        switch (k.getKeyType()) {
            case Enter: {
                Consumer<String> done = onSubmit;
                String value = text.toString();
                cancel();
                done.accept(value);
                break;
            }
            case Escape:
                cancel();
                break;
            case Backspace:
                if (text.length() > 0) text.setLength(text.offsetByCodePoints(text.length(), -1));
                else cancel();
                break;
            case Character:
                if (k.isCtrlDown() && (k.getCharacter() == 'g' || k.getCharacter() == 'c')) cancel();
                else if (!k.isCtrlDown() && !Character.isISOControl(k.getCharacter())) text.append(k.getCharacter());
                break;
            default:
                break;
        }
    }

    private void cancel() {
        label = null;
        onSubmit = null;
        text.setLength(0);
    }

    /** Draws the prompt and returns where the cursor belongs. */
    TerminalPosition draw(TextGraphics g, Palette palette, int row, int width) {
        palette.apply(g, Palette.NORMAL);
        String shown = label + text;
        // Keep the end of a long answer visible: that is where the user is typing.
        while (Cells.width(shown) > width - 1 && shown.length() > 1) shown = shown.substring(1);
        Cells.put(g, 0, row, shown, width);
        return new TerminalPosition(Math.min(width - 1, Cells.width(shown)), row);
    }
}
