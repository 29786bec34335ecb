package dev.postern.render;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Collects text for {@link HtmlToText}: collapses HTML whitespace, merges requests for line breaks
 * and blank lines so nested blocks do not pile up empty lines, and prefixes every line with the
 * current blockquote markers and list indentation.
 */
final class TextSink {
    private final StringBuilder out = new StringBuilder();
    private final Deque<String> prefixes = new ArrayDeque<>();
    private int pendingBreaks; // 0 none, 1 newline, 2 blank line
    private boolean pendingSpace;
    private boolean atLineStart = true;
    private String blankLinePrefix = "";
    private final int limit;

    TextSink() {
        this(Integer.MAX_VALUE);
    }

    /** @param limit chars after which nothing more is kept (quote prefixes can make the text longer than its HTML) */
    TextSink(int limit) {
        this.limit = limit;
    }

    /** The limit is reached: nothing more will be kept, converting further is wasted work. */
    boolean full() {
        return out.length() >= limit;
    }

    void text(String s) {
        for (int i = 0; i < s.length() && out.length() < limit; i++) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
                pendingSpace = true;
            } else {
                emit(c);
            }
        }
    }

    /** Text of a &lt;pre&gt;: kept verbatim, line by line. */
    void preformatted(String s) {
        String[] lines = s.replace("\r\n", "\n").split("\n", -1);
        for (int i = 0; i < lines.length && out.length() < limit; i++) {
            if (i > 0) newline();
            for (char c : lines[i].toCharArray()) emit(c);
        }
    }

    private void emit(char c) {
        if (out.length() >= limit) return;
        if (pendingBreaks > 0 && out.length() > 0) {
            out.append(pendingBreaks >= 2 ? "\n" + blankLinePrefix + "\n" : "\n");
            atLineStart = true;
        }
        pendingBreaks = 0;
        if (atLineStart) {
            out.append(prefix());
            atLineStart = false;
        } else if (pendingSpace) {
            out.append(' ');
        }
        pendingSpace = false;
        out.append(c);
    }

    void space() {
        pendingSpace = true;
    }

    void newline() {
        pendingBreaks = Math.max(pendingBreaks, 1);
        pendingSpace = false;
    }

    void blankLine() {
        // A blank line between an outer block and a quote is not quoted: the outermost request wins.
        String now = blankPrefix();
        if (pendingBreaks < 2 || now.length() < blankLinePrefix.length()) blankLinePrefix = now;
        pendingBreaks = 2;
        pendingSpace = false;
    }

    void quote() {
        prefixes.push("> ");
    }

    void unquote() {
        if (!prefixes.isEmpty()) prefixes.pop();
    }

    void indent(String s) {
        prefixes.push(s);
    }

    void dedent() {
        unquote();
    }

    private String prefix() {
        StringBuilder sb = new StringBuilder();
        prefixes.descendingIterator().forEachRemaining(sb::append);
        return sb.toString();
    }

    private String blankPrefix() {
        return prefix().replace("   ", "").stripTrailing();
    }

    String result() {
        return out.toString();
    }
}
