package dev.postern.backend.link;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * How much a server may send in answer to one command, so that a broken or hostile server cannot make the client
 * buffer without end (a line that never ends, a message that never ends, a greeting of 10 MB). Counted in the bytes
 * the protocol reads (above TLS), from the moment a command went out (or the connection was made).
 *
 * @param maxLineBytes   the longest line an answer may have (0: no limit); for an answer to a {@code bulkCommands}
 *                       command only its first line, the status line, is held to it
 * @param maxAnswerBytes the most one answer may carry in all (0: no limit)
 * @param bulkCommands   the commands (upper case) whose answer carries a message, whose lines may be long
 */
public record AnswerCaps(int maxLineBytes, long maxAnswerBytes, Set<String> bulkCommands) {
    /** No caps: what IMAP has (its own code bounds what it reads). */
    public static final AnswerCaps NONE = new AnswerCaps(0, 0, Set.of());

    public AnswerCaps {
        if (maxLineBytes < 0 || maxAnswerBytes < 0) throw new IllegalArgumentException("negative cap");
        bulkCommands = Set.copyOf(bulkCommands);
    }

    /** Whether the command(s) in {@code b} ask for an answer that carries a message. */
    boolean bulk(byte[] b, int off, int len) {
        if (bulkCommands.isEmpty()) return false;
        String text = new String(b, off, Math.min(len, 512), StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT);
        for (String line : text.split("\r?\n")) {
            int end = line.indexOf(' ');
            String word = (end < 0 ? line : line.substring(0, end)).strip();
            if (bulkCommands.contains(word)) return true;
        }
        return false;
    }
}
