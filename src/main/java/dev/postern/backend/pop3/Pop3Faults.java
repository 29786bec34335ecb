package dev.postern.backend.pop3;

import dev.postern.backend.link.AnswerTooLargeException;
import dev.postern.backend.link.Links;
import dev.postern.config.AccountConfig;
import dev.postern.model.ExitCode;
import dev.postern.model.LinkDropped;
import dev.postern.model.MessageFault;
import dev.postern.model.PosternException;

/**
 * What a POP3 server did wrong, in words: a maildrop past belief, a message it would not send (gone), or would not
 * send whole (past the cap, stalled, broken off, or ended early), each said as the server's, not the account's.
 */
final class Pop3Faults {
    private final AccountConfig account;
    private final Links links;
    private final Runnable close;

    /** {@code close}: ends the session, for a fault after which its connection is no longer of use. */
    Pop3Faults(AccountConfig account, Links links, Runnable close) {
        this.account = account;
        this.links = links;
        this.close = close;
    }

    private String who() {
        return "account " + account.name() + ": the server at " + account.host() + ":" + account.port();
    }

    /** A STAT past belief: the server's fault, 75, and the session is closed. */
    PosternException tooMany(String what) {
        close.run();
        return new PosternException(ExitCode.TEMPFAIL, who() + " claims " + what + "; a fault of the server, not of this"
                + " account; try again later or tell the server's administrator.");
    }

    /**
     * Returns when {@code stat}, the server's answer to STAT that Angus read as an empty maildrop, says so: Angus
     * takes a count that is no number it can read (2^32, a NUL in it, none at all) as 0, and "0 new" was told while
     * the server held mail. Else the server's fault, 75, the session closed. {@code stat} "": not heard, nothing said.
     */
    void checkEmpty(String stat) {
        if (stat.isEmpty()) return;
        String[] w = stat.split("\\s+", 3);
        if (w.length >= 2 && w[0].equalsIgnoreCase("+OK") && w[1].matches("0+")) return;
        String words = stat.replaceAll("\\p{Cntrl}", "?");
        if (words.length() > 80) words = words.substring(0, 80) + "...";
        close.run();
        throw new PosternException(ExitCode.TEMPFAIL, who() + " answered STAT with a message count postern cannot read"
                + " (server said: " + words + "); a fault of the server, not of this account; try again later"
                + " or tell the server's administrator.");
    }

    /** Whether {@code uid} keeps to RFC 1939's characters for a UIDL: 0x21 to 0x7E (its 70 at most are not held to). */
    static boolean lawfulUidl(String uid) {
        for (int i = 0; i < uid.length(); i++) if (uid.charAt(i) < 0x21 || uid.charAt(i) > 0x7e) return false;
        return !uid.isEmpty();
    }

    /** Message {@code number} listed with {@code uid}, a UIDL holding bytes RFC 1939 forbids: why it is left out. */
    String unlawfulUidl(int number, String uid) {
        String shown = uid.replaceAll("[^\\x21-\\x7e]", "?");
        if (shown.length() > 80) shown = shown.substring(0, 80) + "...";
        return who() + " listed message " + number + " with a unique id (UIDL \"" + shown + "\") holding a space, a control"
                + " or an 8-bit byte, which RFC 1939 forbids; it is not fetched and stays on the server, and the next fetch"
                + " tries it again.";
    }

    /**
     * The server answered RETR or TOP for one message with -ERR (Angus keeps no words of it): the message is gone
     * or unreadable there, the session is fine. NOINPUT, so a batch counts it and goes on.
     */
    PosternException gone(int number) {
        return new PosternException(ExitCode.NOINPUT, "account " + account.name() + ": the server would not send message "
                + number + " (deleted by another client meanwhile, or unreadable there).");
    }

    /**
     * {@code p}, or when it is a fault of this one message's answer (past the cap on one answer, stalled past the
     * time-out, or the link lost in the middle of it, unless postern cut it) a {@link MessageFault} saying so, the
     * session closed: a fetch then goes on with the other messages on a fresh connection.
     */
    PosternException messageFault(int number, PosternException p, Exception e) {
        if (!(p instanceof LinkDropped d) || p instanceof MessageFault) return p;
        String cap = null;
        for (Throwable t = e; t != null && cap == null; t = t.getCause()) {
            String m = t.getMessage();
            int at = m == null ? -1 : m.indexOf(AnswerTooLargeException.TOO_MUCH);
            int end = at < 0 ? -1 : m.indexOf(" in one answer", at);
            if (end > at) cap = m.substring(at + AnswerTooLargeException.TOO_MUCH.length(), end);
        }
        // The link broke (not an answer out of shape, the server's fault, which ends the run); unless postern cut it.
        if (cap == null && !d.timedOut() && (links.isCut() || !broke(e))) return p;
        links.drop();
        close.run();
        if (cap == null && !d.timedOut()) {
            return new MessageFault("account " + account.name() + ": the connection to " + account.host() + ":"
                    + account.port() + " was lost in the middle of message " + number, e, number, false, false);
        }
        return new MessageFault(cap != null
                ? who() + " sent more than " + cap + " for message " + number + ", more than postern reads in one answer"
                : who() + " did not send message " + number + " whole within " + account.timeout().toSeconds() + " s",
                e, number, cap != null);
    }

    /** Whether the link under {@code e} broke: closed by the server or the network, rather than timed out or refused. */
    private static boolean broke(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.io.EOFException || t instanceof java.net.SocketException) return true;
        }
        return false;
    }

    /**
     * Returns when message {@code number} ({@code got}, its text as read) can be taken as the whole of what the server
     * holds: as long as LIST said ({@code listed}), or the server's next answer on {@code f} an answer (NOOP's), or, for a
     * message not shorter than LIST said, at least nothing else in its place. Else throws {@link #cutShort}. True when
     * the link is known to be there (the message ended as LIST said, or NOOP was answered); false when the message was
     * taken though the link may be gone, so the next command asks first.
     */
    boolean checkEnd(org.eclipse.angus.mail.pop3.POP3Folder f, int number, byte[] got, long listed) {
        return checkEnd(f, number, got.length, lines(got), stuffed(got), listed);
    }

    /** {@link #checkEnd} for a message read but not kept ({@link Pop3Head}): its octets, CRLF line ends and dot lines. */
    boolean checkEnd(org.eclipse.angus.mail.pop3.POP3Folder f, int number, long length, long crlf, long dots, long listed) {
        if (listed > 0 && matches(length, crlf, dots, listed)) return true;
        long sent = length + dots; // on the wire, as before c850a702: "no shorter than LIST" unchanged
        String said;
        try {
            if (Pop3Deletions.answers(f)) return true;
            said = "";
        } catch (java.io.IOException | RuntimeException e) {
            String m = String.valueOf(e.getMessage());
            said = m.startsWith(NOT_AN_ANSWER) ? m.substring(NOT_AN_ANSWER.length()) : "";
        }
        // The link gone after a message no shorter than LIST said: nothing shows it cut; the next message connects anew.
        if (said.isEmpty() && sent >= listed) return false;
        throw cutShort(number, length, listed, said);
    }

    /** Angus's POP3 reader's words for a line that is neither +OK nor -ERR, followed by that line. */
    private static final String NOT_AN_ANSWER = "Unexpected response: ";

    /**
     * Message {@code number}'s RETR answer ended (its line ".") where the message did not: what came next was no
     * answer of the server's (the rest of the message, after a line "." the server did not dot-stuff), or nothing
     * could show the connection clean after it. {@code said}: the line that came in place of the next answer, or "".
     * The connection is dropped; the message is neither stored nor deleted, and a fetch goes on with the others.
     */
    MessageFault cutShort(int number, long got, long listed, String said) {
        links.drop();
        close.run();
        String words = said.replaceAll("\\p{Cntrl}", "?").strip();
        if (words.length() > 80) words = words.substring(0, 80) + "...";
        return new MessageFault(who() + " ended message " + number + " early (" + got + " octets"
                + (listed > 0 ? " of the " + listed + " its LIST gave" : ", LIST gave no size")
                + (words.isEmpty() ? ", and the connection could not be shown clean after it"
                        : ", and more of it followed the line \".\" that ended it: \"" + words + "\"")
                + "); it is not stored and stays on the server", null, number, false, false);
    }

    /** The lines of {@code got} that start with "." (dot-stuffed on the wire). */
    static long stuffed(byte[] got) {
        long stuffed = 0;
        for (int i = 0; i < got.length; i++) if (got[i] == '.' && (i == 0 || got[i - 1] == '\n')) stuffed++;
        return stuffed;
    }

    /**
     * Whether LIST's size is one a server gives for exactly {@code got}: the message's octets with CRLF line ends (RFC
     * 1939, Dovecot), with its bare LF line ends (some servers count their files), either with the dot-stuffing of the
     * wire counted in. Dovecot counts no stuffing: counting it in alone made every message with a line starting with
     * "." miss and cost a NOOP (hunt 33-R, R2).
     */
    static boolean matches(byte[] got, long listed) {
        return matches(got.length, lines(got), stuffed(got), listed);
    }

    private static boolean matches(long length, long crlf, long dots, long listed) {
        return listed == length || listed == length - crlf || listed == length + dots || listed == length - crlf + dots;
    }

    /** The CRLF line ends in {@code got}. */
    static long lines(byte[] got) {
        long crlf = 0;
        for (int i = 1; i < got.length; i++) if (got[i] == '\n' && got[i - 1] == '\r') crlf++;
        return crlf;
    }
}
