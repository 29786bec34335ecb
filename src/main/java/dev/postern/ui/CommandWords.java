package dev.postern.ui;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command line ("move --to 'Old Mail'") into words as a shell would, without a shell: double
 * and single quotes group, a backslash escapes the next character. Nothing is expanded or run.
 */
public final class CommandWords {
    private CommandWords() {}

    /** @throws IllegalArgumentException for an unclosed quote or a trailing backslash */
    public static List<String> split(String line) {
        return split(line, false);
    }

    /** With {@code comments}, an unquoted '#' at the start of a word ends the line (bindings files). */
    public static List<String> split(String line, boolean comments) {
        return split(line, comments, null);
    }

    /**
     * With {@code home}, an unquoted {@code ~} that begins a word, alone or before a '/', is that directory, as a shell
     * has it: the reader's ':' line (`:export --out ~/mail`), whose paths no shell expanded (hunt 43-R, R2).
     */
    public static List<String> split(String line, boolean comments, String home) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quote != 0) {
                if (ch == quote) quote = 0;
                else if (ch == '\\' && quote == '"' && i + 1 < line.length()) w.append(line.charAt(++i));
                else w.append(ch);
            } else if (comments && !inWord && ch == '#') {
                break;
            } else if (home != null && !inWord && ch == '~' && (i + 1 == line.length() || line.charAt(i + 1) == '/'
                    || Character.isWhitespace(line.charAt(i + 1)))) {
                w.append(home);
                inWord = true;
            } else if (ch == '\'' || ch == '"') {
                quote = ch;
                inWord = true;
            } else if (ch == '\\') {
                if (i + 1 >= line.length()) throw new IllegalArgumentException("a backslash at the end of the line escapes nothing");
                w.append(line.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(ch)) {
                if (inWord) words.add(w.toString());
                w.setLength(0);
                inWord = false;
            } else {
                w.append(ch);
                inWord = true;
            }
        }
        if (quote != 0) throw new IllegalArgumentException("the quote " + quote + " is never closed");
        if (inWord) words.add(w.toString());
        return words;
    }

    /** Quotes a word for a command line when it needs it (for completion of names with spaces). */
    public static String quote(String word) {
        if (!word.isEmpty() && word.chars().noneMatch(c -> Character.isWhitespace(c) || c == '\'' || c == '"' || c == '\\')) {
            return word;
        }
        return "\"" + word.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
