package dev.postern.backend;

import dev.postern.backend.link.ServerFaultException;
import java.util.List;
import org.eclipse.angus.mail.iap.ProtocolException;

/**
 * The part of {@link ConnectionErrors} that tells a faulty server from a lost link: what the server did that no
 * working server does (our {@link ServerFaultException}, an answer Angus's reader slipped on, a compressed stream
 * that does not inflate), in words for "the server at ... {what}".
 */
final class ServerFaults {
    private ServerFaults() {}

    /** Angus's POP3 reader's words for a line that is neither +OK nor -ERR, followed by that line. */
    private static final String NOT_POP3 = "Unexpected response: ";

    /** A server that agreed to COMPRESS=DEFLATE (RFC 4978) and then sent what does not inflate. */
    private static final String COMPRESSED = "agreed to compress the connection (COMPRESS=DEFLATE) but sent a stream"
            + " that could not be decompressed";

    /** What a faulty server did ({@link ServerFaultException}), in the chain, behind a made-up BYE or as text; or null. */
    static String serverFault(List<Throwable> chain) {
        for (Throwable t : chain) {
            if (t instanceof ServerFaultException f) return f.what();
            if (t instanceof ProtocolException pe && pe.getResponse() != null && pe.getResponse().isSynthetic()
                    && pe.getResponse().getException() instanceof ServerFaultException f) {
                return f.what();
            }
        }
        for (Throwable t : chain) {
            String m = t.getMessage();
            int at = m == null ? -1 : m.indexOf(ServerFaultException.FAULT);
            if (at >= 0) return ConnectionErrors.oneLine(m.substring(at + ServerFaultException.FAULT.length()));
        }
        for (Throwable t : chain) {
            String m = t.getMessage();
            if (m != null && m.startsWith(NOT_POP3)) {
                return "answered with a line that is neither +OK nor -ERR (server said: " + ConnectionErrors.oneLine(m.substring(NOT_POP3.length())) + ")";
            }
        }
        for (Throwable t : chain) {
            Throwable z = t instanceof ProtocolException pe && pe.getResponse() != null && pe.getResponse().isSynthetic()
                    ? pe.getResponse().getException() : t;
            if (z instanceof java.util.zip.ZipException || z instanceof java.util.zip.DataFormatException) {
                return COMPRESSED + " (" + ConnectionErrors.oneLine(z.getMessage()) + ")";
            }
        }
        for (Throwable t : chain) {
            String m = t.getMessage();
            int at = m == null ? -1 : m.indexOf("java.util.zip.");
            if (at >= 0 && m.contains(ConnectionErrors.SYNTHETIC_BYE)) {
                int colon = m.indexOf(": ", at);
                return COMPRESSED + (colon < 0 ? "" : " (" + ConnectionErrors.oneLine(m.substring(colon + 2)) + ")");
            }
        }
        for (Throwable t : chain) {
            String reader = answerReader(t);
            if (reader != null) {
                // Where it failed is for the log; the sentence says what the server did (hunt 33 X13), naming the POP3
                // command whose answer it was (Angus's POP3 reader methods are named after them).
                org.slf4j.LoggerFactory.getLogger(ServerFaults.class).info("the mail library failed in {} reading the"
                        + " server's answer: {}", reader, String.valueOf(t));
                return "sent an answer" + answered(reader) + " postern cannot read";
            }
        }
        return null;
    }

    /** " to UIDL" for POP3's Protocol.uidl (its methods are named after the commands), else "". */
    private static String answered(String reader) {
        if (!reader.startsWith("Protocol.")) return "";
        String m = reader.substring("Protocol.".length()).toUpperCase(java.util.Locale.ROOT);
        return java.util.Set.of("UIDL", "STAT", "LIST", "RETR", "TOP", "DELE", "CAPA", "USER", "PASS", "APOP", "NOOP", "RSET",
                "STLS").contains(m) ? " to " + m : "";
    }

    /**
     * Angus's code that reads a server's answers (a class prefix, or a class and method): a slip under it is an answer
     * it was not written for. MessageCache takes FETCH's message number as given (`* 0 FETCH` is out of its
     * bounds), an IMAPFolder is made from each LIST line's name (`* LIST () NIL` leaves none), and IMAPFolder's
     * handling of untagged answers has no message cache before SELECT (a `* 1 FETCH` in the answer to ENABLE).
     */
    private static final List<String> ANSWER_READERS = List.of("org.eclipse.angus.mail.pop3.Protocol",
            "org.eclipse.angus.mail.iap.", "org.eclipse.angus.mail.imap.protocol.",
            "org.eclipse.angus.mail.imap.MessageCache", "org.eclipse.angus.mail.imap.IMAPFolder#<init>",
            "org.eclipse.angus.mail.imap.IMAPFolder#handleResponse",
            "org.eclipse.angus.mail.imap.IMAPFolder#processFetchResponse");

    /** How many frames of a slip are looked at for the answer reading under it. */
    private static final int DEPTH = 64;

    /**
     * Where in the mail library {@code t} was thrown (class and method), when it is a programming slip (a null, an
     * index, a number or a cast out of shape) thrown inside the library (Angus or Jakarta Mail) while it read a
     * server's answer: one of {@link #ANSWER_READERS} is on the stack between the slip and the first frame outside the
     * library (postern's call into it). Angus trusts parts of an answer RFC 1939 and RFC 9051 promise (a UIDL line's
     * text after +OK, an item's parenthesis, a FETCH only after SELECT) and slips when a server leaves them out. The
     * server's fault, not the user's nor postern's, so a 75 and not "unexpected error" (hunt 33 X11). A slip with no
     * answer reading under it (postern handing the library something it cannot take) stays postern's own (null).
     */
    static String answerReader(Throwable t) {
        if (!(t instanceof NullPointerException || t instanceof IndexOutOfBoundsException
                || t instanceof NumberFormatException || t instanceof java.util.NoSuchElementException
                || t instanceof ClassCastException)) return null;
        StackTraceElement[] st = t.getStackTrace();
        String thrower = null;
        for (int i = 0; i < Math.min(st.length, DEPTH); i++) {
            String c = st[i].getClassName();
            String m = st[i].getMethodName();
            boolean library = c.startsWith("org.eclipse.angus.") || c.startsWith("jakarta.mail.");
            if (!library) {
                if (thrower == null && (c.startsWith("java.") || c.startsWith("jdk.") || c.startsWith("sun."))) continue;
                return null; // outside the library before any answer reading: not a server's answer
            }
            if (thrower == null) thrower = c.substring(c.lastIndexOf('.') + 1) + (m.startsWith("<") ? "" : "." + m);
            for (String r : ANSWER_READERS) {
                int hash = r.indexOf('#');
                if (hash < 0 ? c.startsWith(r) : c.equals(r.substring(0, hash)) && m.equals(r.substring(hash + 1))) {
                    return thrower;
                }
            }
        }
        return null;
    }
}
