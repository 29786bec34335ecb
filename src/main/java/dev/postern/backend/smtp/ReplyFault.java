package dev.postern.backend.smtp;

import jakarta.mail.MessagingException;

/**
 * A reply postern was waiting for and did not get in RFC 5321's shape: the link closed before it ended, its first line
 * did not start with a reply code, or its lines carried different codes ("250-ok", "550-...", "451 hmm": RFC 5321
 * 4.2.1 gives every line of a reply the same code, so no code of such a reply can be trusted). Angus reads a reply's
 * code from its first line and had taken that last one for a 250; {@link Submission} throws this instead, so no
 * malformed reply is ever acted on.
 */
final class ReplyFault extends MessagingException {
    enum Kind {
        /** The link closed before the reply (or before its last line). */
        LOST,
        /** The first line is not a reply code: not an SMTP server, or a broken one. */
        NOT_SMTP,
        /** The lines carry different reply codes. */
        MIXED,
        /**
         * A well-formed reply that cannot answer what was asked: AUTH is answered 235, 334, 4xx or 5xx (RFC 4954), and a
         * "250 PIPELINING" there is the tail of an earlier reply (the server and postern have lost step), not a verdict.
         */
        MISPLACED
    }

    private final Kind kind;
    private final Submission.Stage stage;
    private final String command;
    private final String words;
    private final int beforeCode;
    private final String before;

    /**
     * {@code command}: the verb the reply answered ("" for the greeting, "." for the end of data); {@code beforeCode} and
     * {@code before}: the last well-formed reply before it, when it was a refusal (4xx, 5xx), else 0 and null.
     */
    ReplyFault(Kind kind, Submission.Stage stage, String command, String words, int beforeCode, String before) {
        super("SMTP reply out of shape (" + kind + ") to '" + command + "': " + words);
        this.kind = kind;
        this.stage = stage;
        this.command = command;
        this.words = words;
        this.beforeCode = beforeCode;
        this.before = before;
    }

    /** The fault of a reply as Angus read it ({@code code} -1 when it found none), or null for a well-formed one. */
    static ReplyFault of(int code, String words, Submission.Stage stage, String command, int beforeCode, String before) {
        String w = words == null ? "" : words;
        Kind kind = null;
        if (code == -1) kind = lost(w) ? Kind.LOST : Kind.NOT_SMTP;
        else if (mixed(w)) kind = Kind.MIXED;
        return kind == null ? null : new ReplyFault(kind, stage, command, w.strip(), beforeCode, before);
    }

    /**
     * The fault of a well-formed reply {@code code} to a step of the login (AUTH and its continuation lines), or null
     * when it is one RFC 4954 allows there: 235 (logged in), 334 (a challenge), 4xx or 5xx (refused).
     */
    static ReplyFault atLogin(int code, String words, String command, int beforeCode, String before) {
        if (code == 235 || code == 334 || code >= 400) return null;
        return new ReplyFault(Kind.MISPLACED, Submission.Stage.AUTH, command, words == null ? "" : words.strip(), beforeCode,
                before);
    }

    /** Angus's "[EOF]" for a link closed before any line, or a reply cut after a continuation line ("250-"). */
    private static boolean lost(String words) {
        if (words.isBlank() || words.strip().equals("[EOF]")) return true;
        String[] lines = words.split("\r?\n");
        String last = lines[lines.length - 1];
        return last.length() >= 4 && last.charAt(3) == '-' && Character.isDigit(last.charAt(0))
                && Character.isDigit(last.charAt(1)) && Character.isDigit(last.charAt(2));
    }

    /** Whether the lines of a reply whose first line starts with a code do not all start with that code. */
    static boolean mixed(String words) {
        String[] lines = words.split("\r?\n");
        if (lines.length < 2 || lines[0].length() < 3) return false;
        String code = lines[0].substring(0, 3);
        for (String line : lines) {
            if (!line.startsWith(code)) return true;
        }
        return false;
    }

    Kind kind() { return kind; }

    Submission.Stage stage() { return stage; }

    String command() { return command; }

    String words() { return words; }

    int beforeCode() { return beforeCode; }

    String before() { return before; }
}
