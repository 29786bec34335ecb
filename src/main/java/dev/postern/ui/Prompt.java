package dev.postern.ui;

import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.graphics.TextGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A one-line question on the message line ("Search: ", "Open folder: ", ":"); takes every key while open. The answer
 * is edited as in mutt or readline ({@link LineEdit}: the cursor moves, a character goes in where it is). The ':'
 * prompt adds history (Up/Down) and Tab completion of the word before the cursor; both leave the cursor after what
 * they put in.
 */
final class Prompt {
    /** Candidates for the last word of a command line: {@code words} before it, {@code partial} itself. */
    interface Completer {
        List<String> complete(List<String> words, String partial);
    }

    private String label;
    private final LineEdit text = new LineEdit();
    private Consumer<String> onSubmit;
    private History history;
    private Completer completer;
    private int historyAt;
    private String unsent = "";
    private List<String> candidates = List.of();
    private int cycle = -1;
    private int wordStart;
    /** A y/n question: the next key answers it, no Enter needed (mutt's quadoption prompts). */
    private Consumer<Boolean> onAnswer;

    boolean active() { return label != null; }

    /** A yes/no question answered by one key: y (or Y) is yes; n, Esc, Enter or any other key is no. */
    void ask(String question, Consumer<Boolean> onAnswer) {
        start(question, null, null, null);
        this.onAnswer = onAnswer;
    }

    void start(String label, Consumer<String> onSubmit) {
        start(label, onSubmit, null, null);
    }

    /** With history and completion (either may be null). */
    void start(String label, Consumer<String> onSubmit, History history, Completer completer) {
        this.label = label;
        this.onSubmit = onSubmit;
        this.history = history;
        this.completer = completer;
        this.historyAt = history == null ? 0 : history.size();
        this.unsent = "";
        text.clear();
        resetCompletion();
    }

    /** Pasted text in at the cursor ({@link Paste}); false for a y/n question, which one key answers. */
    boolean paste(String s) {
        if (onAnswer != null) return false;
        text.insert(s);
        resetCompletion();
        return true;
    }

    /** The text typed so far (for tests and the completion line). */
    String text() { return text.text(); }

    /** Where the cursor is in {@link #text()} (a char index). */
    int cursor() { return text.cursor(); }

    /** Candidates from the last Tab that had more than one, for the line above the prompt. */
    List<String> candidates() { return candidates; }

    void key(KeyStroke k) {
        if (onAnswer != null) {
            Consumer<Boolean> answer = onAnswer;
            boolean yes = k.getKeyType() == com.googlecode.lanterna.input.KeyType.Character && !k.isCtrlDown()
                    && Character.toLowerCase(k.getCharacter()) == 'y';
            cancel();
            answer.accept(yes);
            return;
        }
        boolean tab = false;
        switch (k.getKeyType()) {
            case Enter: {
                Consumer<String> done = onSubmit;
                String value = text.text();
                if (history != null) history.add(value.strip());
                cancel();
                done.accept(value);
                return;
            }
            case Escape:
                cancel();
                return;
            case Backspace:
                if (text.isEmpty()) { // as in mutt: Backspace on an empty answer takes the question back
                    cancel();
                    return;
                }
                text.key(k);
                break;
            case ArrowUp:
                recall(-1);
                break;
            case ArrowDown:
                recall(1);
                break;
            case Tab:
                tab = true;
                complete();
                break;
            case Character:
                // Ctrl-C never gets here (UiLoop.isCtrlC: it quits the reader from an open prompt too); Ctrl-G cancels.
                if (k.isCtrlDown() && !k.isAltDown() && (k.getCharacter() == 'g' || k.getCharacter() == 'c')) {
                    cancel();
                    return;
                }
                text.key(k);
                break;
            default:
                text.key(k);
                break;
        }
        if (!tab) resetCompletion();
    }

    private void recall(int delta) {
        if (history == null || history.size() == 0) return;
        if (historyAt == history.size()) unsent = text.text();
        int to = Math.max(0, Math.min(history.size(), historyAt + delta));
        if (to == historyAt) return;
        historyAt = to;
        text.set(historyAt == history.size() ? unsent : history.get(historyAt));
    }

    /**
     * The word before the cursor (the end of the line, unless the cursor was moved back). One candidate: take it and a
     * space. Several: take their common start and list them; the next Tab steps through them in turn. What follows the
     * cursor stays as it was; the cursor ends after what was put in.
     */
    private void complete() {
        if (completer == null) return;
        if (cycle != -1 && candidates.size() > 1) {
            cycle = cycle < 0 ? 0 : (cycle + 1) % candidates.size();
            text.replaceBeforeCursor(wordStart, CommandWords.quote(candidates.get(cycle)));
            return;
        }
        String s = text.text().substring(0, text.cursor());
        int start = s.length();
        while (start > 0 && !Character.isWhitespace(s.charAt(start - 1))) start--;
        String partial = s.substring(start);
        List<String> words = new ArrayList<>();
        try {
            words.addAll(CommandWords.split(s.substring(0, start)));
        } catch (IllegalArgumentException unclosedQuote) {
            return;
        }
        List<String> found = completer.complete(words, partial.replace("\"", ""));
        if (found.isEmpty()) return;
        wordStart = start;
        if (found.size() == 1) {
            text.replaceBeforeCursor(start, CommandWords.quote(found.get(0)) + " ");
            resetCompletion();
            return;
        }
        String common = found.get(0);
        for (String f : found) {
            int n = 0;
            while (n < common.length() && n < f.length() && common.charAt(n) == f.charAt(n)) n++;
            common = common.substring(0, n);
        }
        text.replaceBeforeCursor(start, common.length() > partial.length() ? common : partial);
        candidates = List.copyOf(found);
        cycle = common.length() > partial.length() ? -2 : 0; // -2: the next Tab starts cycling at the first
        if (cycle == 0) text.replaceBeforeCursor(start, CommandWords.quote(candidates.get(0)));
    }

    private void resetCompletion() {
        candidates = List.of();
        cycle = -1;
    }

    private void cancel() {
        label = null;
        onSubmit = null;
        onAnswer = null;
        history = null;
        completer = null;
        text.clear();
        resetCompletion();
    }

    /**
     * Draws the prompt (and the candidate list on the row above) and returns where the cursor belongs: the answer's
     * row keeps the cursor in sight however long the answer ({@link LineEdit#row}).
     */
    TerminalPosition draw(TextGraphics g, Palette palette, int row, int width) {
        if (!candidates.isEmpty() && row > 0) {
            palette.apply(g, Palette.STATUS);
            Cells.put(g, 0, row - 1, " " + dev.postern.render.Sanitizer.oneLine(String.join("  ", candidates)), width);
        }
        palette.apply(g, Palette.NORMAL);
        LineEdit.Row shown = LineEdit.row(label, text.chars(), text.cursor(), width);
        Cells.put(g, 0, row, shown.shown(), width);
        return new TerminalPosition(Math.max(0, Math.min(width - 1, shown.cursorColumn())), row);
    }
}
