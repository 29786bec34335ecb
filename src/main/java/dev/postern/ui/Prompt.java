package dev.postern.ui;

import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.graphics.TextGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A one-line question on the message line ("Search: ", "Open folder: ", ":"); takes every key while open.
 * The ':' prompt adds history (Up/Down) and Tab completion of the word being typed.
 */
final class Prompt {
    /** Candidates for the last word of a command line: {@code words} before it, {@code partial} itself. */
    interface Completer {
        List<String> complete(List<String> words, String partial);
    }

    private String label;
    private final StringBuilder text = new StringBuilder();
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
        text.setLength(0);
        resetCompletion();
    }

    /** The text typed so far (for tests and the completion line). */
    String text() { return text.toString(); }

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
                String value = text.toString();
                if (history != null) history.add(value.strip());
                cancel();
                done.accept(value);
                return;
            }
            case Escape:
                cancel();
                return;
            case Backspace:
                if (text.length() > 0) text.setLength(text.offsetByCodePoints(text.length(), -1));
                else cancel();
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
                if (k.isCtrlDown() && (k.getCharacter() == 'g' || k.getCharacter() == 'c')) {
                    cancel();
                    return;
                }
                if (k.isCtrlDown() && k.getCharacter() == 'u') text.setLength(0);
                else if (!k.isCtrlDown() && !Character.isISOControl(k.getCharacter())) text.append(k.getCharacter());
                break;
            default:
                break;
        }
        if (!tab) resetCompletion();
    }

    private void recall(int delta) {
        if (history == null || history.size() == 0) return;
        if (historyAt == history.size()) unsent = text.toString();
        int to = Math.max(0, Math.min(history.size(), historyAt + delta));
        if (to == historyAt) return;
        historyAt = to;
        text.setLength(0);
        text.append(historyAt == history.size() ? unsent : history.get(historyAt));
    }

    /**
     * One candidate: take it and a space. Several: take their common start and list them; the next Tab
     * steps through them in turn.
     */
    private void complete() {
        if (completer == null) return;
        if (cycle != -1 && candidates.size() > 1) {
            cycle = cycle < 0 ? 0 : (cycle + 1) % candidates.size();
            text.setLength(wordStart);
            text.append(CommandWords.quote(candidates.get(cycle)));
            return;
        }
        String s = text.toString();
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
        text.setLength(start);
        if (found.size() == 1) {
            text.append(CommandWords.quote(found.get(0))).append(' ');
            resetCompletion();
            return;
        }
        String common = found.get(0);
        for (String f : found) {
            int n = 0;
            while (n < common.length() && n < f.length() && common.charAt(n) == f.charAt(n)) n++;
            common = common.substring(0, n);
        }
        text.append(common.length() > partial.length() ? common : partial);
        candidates = List.copyOf(found);
        cycle = common.length() > partial.length() ? -2 : 0; // -2: the next Tab starts cycling at the first
        if (cycle == 0) {
            text.setLength(start);
            text.append(CommandWords.quote(candidates.get(0)));
        }
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
        text.setLength(0);
        resetCompletion();
    }

    /**
     * The label and answer as shown in {@code cols} columns: the end of a long answer, where the user is typing.
     * Reads only the answer's last few times {@code cols} chars (each shown char takes a column or more; marks
     * that take none are escaped by the sanitizer), so a pasted line of any length costs a row to draw: cutting
     * one char at a time off the front of the whole answer took minutes for 20,000 chars, the reader frozen.
     */
    static String tail(String label, CharSequence text, int cols) {
        int from = Math.max(0, text.length() - 4 * Math.max(1, cols) - 16);
        if (from > 0 && Character.isLowSurrogate(text.charAt(from))) from++;
        // A tab (pasted, or from history) is one space here: its width depends on where it falls, which a row cut from
        // its end cannot know.
        String shown = label + dev.postern.render.Sanitizer.oneLine(text.subSequence(from, text.length()).toString().replace('\t', ' '));
        if (Cells.width(shown) <= cols) return shown;
        // Columns from the end, one code point at a time, until the next would not fit.
        int used = 0;
        int start = shown.length();
        while (start > 0) {
            int cp = shown.codePointBefore(start);
            int w = Cells.width(new String(Character.toChars(cp)));
            if (used + w > cols) break;
            used += w;
            start -= Character.charCount(cp);
        }
        // Not even the last char fits (a wide one in one column): it is shown anyway, cut by the row's edge.
        return start == shown.length() && start > 0 ? shown.substring(shown.offsetByCodePoints(start, -1)) : shown.substring(start);
    }

    /** Draws the prompt (and the candidate list on the row above) and returns where the cursor belongs. */
    TerminalPosition draw(TextGraphics g, Palette palette, int row, int width) {
        if (!candidates.isEmpty() && row > 0) {
            palette.apply(g, Palette.STATUS);
            Cells.put(g, 0, row - 1, " " + dev.postern.render.Sanitizer.oneLine(String.join("  ", candidates)), width);
        }
        palette.apply(g, Palette.NORMAL);
        String shown = tail(label, text, width - 1);
        Cells.put(g, 0, row, shown, width);
        return new TerminalPosition(Math.min(width - 1, Cells.width(shown)), row);
    }
}
