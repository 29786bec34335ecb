package dev.postern.backend.imap;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.angus.mail.iap.ByteArray;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.CopyUID;
import org.eclipse.angus.mail.imap.protocol.UIDSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guards {@link CappedProtocol} holds over each raw answer besides its size, for answers whose cost to Angus is
 * out of all proportion to their bytes, judged from the bytes so that they hold on every path. One per reader of
 * answers (a connection's, renewed after STARTTLS or COMPRESS): it counts what the answer to the command last sent
 * has brought so far, and each command sent ({@link #sent}) starts the count again.
 * <ul>
 *   <li>An untagged {@code VANISHED}: only a client that enabled QRESYNC gets one, and postern never does; Angus
 *   expands its UID set into an array ({@code * VANISHED 1:500000000} filled the heap, {@code 1:3} failed inside
 *   Angus).</li>
 *   <li>More than {@link #MAX_STATUS} status answers ({@code * OK/NO/BAD}, and tagged ones, which a server could
 *   send under other tags) or {@link #MAX_CONTINUATIONS}
 *   continuation requests ({@code +}) in answer to one command, or more than {@link #MAX_STATUS_BYTES} of them:
 *   Angus keeps every answer of a command until its end, and a server that kept sending "still working" was never
 *   cut off (each KiB it sent lengthened the answer's deadline). Real servers send a handful.</li>
 *   <li>More FETCH and EXPUNGE answers to one command than twice the folder's messages (its last {@code EXISTS} on
 *   this connection) and {@link #MAX_UNASKED_FETCHES} more: a folder of ten million messages sends ten million
 *   for a listing, but a server that kept sending {@code * 1 FETCH (FLAGS ())} held a listing for ever, and one
 *   that did so after SELECT filled the heap (Angus keeps a SELECT's answers until its end).</li>
 *   <li>More than {@link #MAX_DATA} other data answers ({@code LIST}, {@code STATUS}, {@code EXISTS}...) or more
 *   than {@link #MAX_DATA_BYTES} of them (a SEARCH's one line aside: the answer cap holds it) to one command: an
 *   endless {@code LIST} filled the heap (1.7 GB in two minutes). An account of 100,000 folders is listed.</li>
 * </ul>
 * A COPYUID Angus cannot map to the messages copied is read here too ({@link #mappable}), but not held against the
 * server: the copy or move is done by then, and taken as done.
 */
final class AnswerGuards {
    private static final Logger log = LoggerFactory.getLogger(ImapSession.class);
    /** OK, NO and BAD answers one command may get. */
    static final int MAX_STATUS = 4096;
    /** Continuation requests one command may get. */
    static final int MAX_CONTINUATIONS = 4096;
    /** The bytes of those two kinds one command may get (the greeting, first on a connection, aside). */
    static final long MAX_STATUS_BYTES = 1 << 20;
    /** FETCH and EXPUNGE answers one command may get beyond twice the folder's messages. */
    static final int MAX_UNASKED_FETCHES = 10_000;
    /** Other untagged data answers (LIST, STATUS, EXISTS...) one command may get: 100,000 folders are listed. */
    static final int MAX_DATA = 250_000;
    /** The bytes of those one command may get, a SEARCH answer's aside. */
    static final long MAX_DATA_BYTES = 32L << 20;
    /** The largest UID (RFC 3501: a 32-bit number). */
    static final long MAX_UID = 4294967295L;

    private int status;
    private int continuations;
    private long statusBytes;
    private long fetches;
    private int data;
    private long dataBytes;
    /** The messages of the folder selected on this connection, as its last {@code * n EXISTS} said. */
    private long exists;
    private boolean first = true;

    /** A command went out: what comes next is its answer. */
    void sent() {
        status = 0;
        continuations = 0;
        statusBytes = 0;
        fetches = 0;
        data = 0;
        dataBytes = 0;
    }

    /** The server said the selected folder holds {@code n} messages. */
    void exists(long n) {
        exists = n;
    }

    /**
     * What is wrong with answer {@code ba}, to follow "the server at host:port", or null when nothing is.
     */
    String check(ByteArray ba) {
        byte[] b = ba.getBytes();
        int i = ba.getStart();
        int end = i + ba.getCount();
        boolean greeting = first;
        first = false;
        if (end - i < 1) return null;
        if (b[i] == '+') {
            if (++continuations > MAX_CONTINUATIONS) {
                return "sent more than " + MAX_CONTINUATIONS + " continuation requests (+) in answer to one command";
            }
            return tooMuch(ba.getCount(), greeting);
        }
        int sp = space(b, i, end);
        String word = atom(b, sp + 1, end);
        boolean untagged = b[i] == '*' && sp == i + 1;
        if (untagged && word.equalsIgnoreCase("VANISHED")) {
            return "sent VANISHED, which a server sends only to a client that enabled QRESYNC (postern never does)";
        }
        if (untagged && !status(word)) return data(b, sp + 1, end, word, ba.getCount());
        if (++status > MAX_STATUS) {
            return "sent more than " + MAX_STATUS + " status answers (OK, NO or BAD) in answer to one command";
        }
        return tooMuch(ba.getCount(), greeting);
    }

    /** What is wrong with one more untagged data answer, whose first word ({@code word}) starts at {@code from}. */
    private String data(byte[] b, int from, int end, String word, int bytes) {
        String kind = word;
        if (!word.isEmpty() && word.charAt(0) >= '0' && word.charAt(0) <= '9') kind = atom(b, space(b, from, end) + 1, end);
        if (kind.equalsIgnoreCase("FETCH") || kind.equalsIgnoreCase("EXPUNGE")) {
            long most = 2 * exists + MAX_UNASKED_FETCHES;
            return ++fetches > most ? "sent more than " + most + " FETCH or EXPUNGE answers to one command, for a folder"
                    + " it said holds " + exists + " messages" : null;
        }
        if (++data > MAX_DATA) return "sent more than " + MAX_DATA + " answers (LIST, STATUS and the like) to one command";
        if (kind.equalsIgnoreCase("SEARCH") || kind.equalsIgnoreCase("ESEARCH")) return null;
        dataBytes += bytes;
        return dataBytes > MAX_DATA_BYTES ? "sent more than " + (MAX_DATA_BYTES >> 20) + " MiB of answers (LIST, STATUS"
                + " and the like) to one command" : null;
    }

    private String tooMuch(int bytes, boolean greeting) {
        if (greeting) return null;
        statusBytes += bytes;
        return statusBytes > MAX_STATUS_BYTES ? "sent more than " + (MAX_STATUS_BYTES >> 10) + " KiB of status"
                + " answers and continuation requests in answer to one command" : null;
    }

    private static boolean status(String word) {
        return word.equalsIgnoreCase("OK") || word.equalsIgnoreCase("NO") || word.equalsIgnoreCase("BAD");
    }

    /** Where the first space from {@code from} is, or {@code end}. */
    private static int space(byte[] b, int from, int end) {
        int p = from;
        while (p < end && b[p] != ' ' && b[p] != '\r' && b[p] != '\n') p++;
        return p;
    }

    /** The word at {@code from}, up to a space, bracket or line end; at most 16 characters are looked at. */
    private static String atom(byte[] b, int from, int end) {
        int p = from;
        while (p < end && p - from < 16 && b[p] != ' ' && b[p] != ']' && b[p] != '\r' && b[p] != '\n') p++;
        return from >= end ? "" : new String(b, from, p - from, StandardCharsets.US_ASCII);
    }

    private static final Pattern COPYUID =
            Pattern.compile("\\[COPYUID ([0-9]{1,10}) ([0-9:,]+) ([0-9:,]+)]", Pattern.CASE_INSENSITIVE);

    /**
     * The COPYUID of a copy or move of {@code asked} messages that answered {@code rr}, in a form Angus can map back
     * to the messages, or one that maps none. Angus expands the sets it reads into arrays ({@code 1:500000000}
     * filled the heap, {@code 0:4294967295} failed inside it), fails when they hold fewer UIDs than messages, when
     * a range runs high to low, and when the server gave none; and it reads only one COPYUID, while a server may
     * send a move's in several untagged OKs. Here every COPYUID of the answer is joined, counted before it is
     * expanded, and kept only when it is what RFC 4315 says: UIDs from 1 to {@link #MAX_UID}, the same number
     * from and to, one for each message. Otherwise the messages' new UIDs are unknown (logged), which the caller
     * takes as the server not saying; the copy itself is done.
     */
    static CopyUID mappable(Response[] rr, long asked) {
        List<UIDSet> src = new ArrayList<>();
        List<UIDSet> dst = new ArrayList<>();
        long validity = 0;
        long n = 0;
        boolean ok = true;
        boolean said = false;
        for (Response r : rr) {
            if (r == null || !r.isOK()) continue;
            Matcher m = COPYUID.matcher(r.toString());
            if (!m.find()) continue;
            said = true;
            long v = Long.parseLong(m.group(1));
            long from = count(m.group(2));
            ok &= v >= 1 && v <= MAX_UID && (validity == 0 || v == validity) && from > 0 && from == count(m.group(3));
            n += from;
            if (!ok || n > asked) {
                ok = false;
                break;
            }
            validity = v;
            add(src, m.group(2));
            add(dst, m.group(3));
        }
        if (ok && n == asked) {
            return new CopyUID(validity, src.toArray(new UIDSet[0]), dst.toArray(new UIDSet[0]));
        }
        if (said) log.warn("the server's COPYUID is not one UID for each of the {} message(s) copied; their new UIDs"
                + " are not known", asked);
        // The top UIDs, one a message, which no message of a real folder has: Angus looks them up, finds none.
        UIDSet[] none = {new UIDSet(MAX_UID - Math.min(asked, MAX_UID) + 1, MAX_UID)};
        return new CopyUID(MAX_UID, none, none);
    }

    /**
     * How many UIDs uid-set {@code set} holds, or -1 when it is not a set of UIDs from 1 to {@link #MAX_UID}:
     * counted, not expanded. A range may run high to low (RFC 9051: 4:2 is 2:4).
     */
    static long count(String set) {
        long n = 0;
        int[] pos = {0};
        while (true) {
            long a = uid(set, pos);
            long z = a;
            if (a > 0 && pos[0] < set.length() && set.charAt(pos[0]) == ':') {
                pos[0]++;
                z = uid(set, pos);
            }
            if (a <= 0 || z <= 0) return -1;
            n += Math.abs(z - a) + 1;
            if (pos[0] == set.length()) return n;
            if (set.charAt(pos[0]++) != ',') return -1;
        }
    }

    /** The UID at {@code pos[0]}, moving past it; -1 when there is none from 1 to {@link #MAX_UID}. */
    private static long uid(String s, int[] pos) {
        int start = pos[0];
        long n = 0;
        for (char c; pos[0] < s.length() && pos[0] - start < 11 && (c = s.charAt(pos[0])) >= '0' && c <= '9'; pos[0]++) {
            n = n * 10 + (c - '0');
        }
        return pos[0] == start || n < 1 || n > MAX_UID ? -1 : n;
    }

    private static void add(List<UIDSet> to, String set) {
        for (UIDSet u : UIDSet.parseUIDSets(set)) {
            to.add(u.start <= u.end ? u : new UIDSet(u.end, u.start));
        }
    }
}
