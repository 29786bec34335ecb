package dev.postern.backend.imap;

import dev.postern.backend.link.AnswerTooLargeException;
import dev.postern.backend.link.ServerFaultException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.eclipse.angus.mail.iap.Argument;
import org.eclipse.angus.mail.imap.CopyUID;
import org.eclipse.angus.mail.imap.protocol.MessageSet;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.IMAPResponse;
import org.eclipse.angus.mail.imap.protocol.UID;
import org.eclipse.angus.mail.imap.protocol.ListInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.eclipse.angus.mail.iap.ByteArray;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.iap.ResponseInputStream;
import org.eclipse.angus.mail.util.MailLogger;

/**
 * Angus's IMAP connection with a cap on the size of one answer (the greeting included): every answer is read into a
 * {@link CappedBuffer}, and one that would grow past {@link #cap} ends the connection with an
 * {@link AnswerTooLargeException} (which Angus turns into a lost connection, as it does any failed read). Memory
 * for one answer stays below the cap (plus the half-size buffer it is copied from while growing). Every reader of
 * answers goes through {@link #getInputStream} (Angus's {@code Response}, postern's {@code FetchLine}), so the cap
 * holds on every path. The other guards against hostile answers live here too, for the same reason: a folder
 * claiming more than {@link #MAX_EXISTS} messages, an answer nested too deep to parse ({@link #readResponse}),
 * folder names that are not well-formed modified UTF-7 and LIST lines that name no folder ({@link #doList}), a
 * structure of too many parts or one Angus's parser would loop on ({@link WideStructure}), a STATUS answer it
 * would loop on ({@link ParseStalls}), and
 * those of {@link AnswerGuards} (a VANISHED never asked for, status answers and continuation requests without end, a
 * COPYUID Angus could not map: {@link #getCopyUID}). How a connection starts (the greeting, STARTTLS, the login, ID,
 * COMPRESS, ENABLE) is {@link LoginProtocol}'s, which this extends.
 */
final class CappedProtocol extends LoginProtocol {
    private static final Logger log = LoggerFactory.getLogger(ImapSession.class);

    /**
     * 256 MiB: larger than any message a server takes in practice (the big providers refuse messages over 25 to
     * 150 MB; the answer carrying a message is its size plus a few hundred bytes of FETCH items), small enough for
     * postern's heap.
     */
    static final int DEFAULT_CAP = 256 << 20;

    /**
     * The most messages a folder may claim ({@code * n EXISTS}): Angus sizes its tables by the claim (12 bytes a
     * message), so a server claiming two billion filled the heap. No real folder comes near ten million.
     */
    static final long MAX_EXISTS = 10_000_000;

    /** The cap in force; tests lower it to keep their memory small. Read when an answer starts. */
    static volatile int cap = DEFAULT_CAP;

    /** Angus's reader ({@code super.getInputStream()}) and ours over it; both change after STARTTLS or COMPRESS. */
    private ResponseInputStream real;
    private Capped capped;
    /** The messages of the COPY or MOVE under way, or 0: how many UIDs its COPYUID may name. */
    private long copying;

    CappedProtocol(String name, String host, int port, Properties props, boolean isSSL, MailLogger logger)
            throws IOException, ProtocolException {
        super(name, host, port, props, isSSL, logger);
    }

    @Override
    protected ByteArray getResponseBuffer() {
        // Called from Protocol's constructor too (the greeting), before this class's own fields are set: only
        // statics here.
        ByteArray given = super.getResponseBuffer();
        int limit = cap;
        if (given == null) return new CappedBuffer(new byte[128], 0, 128, limit);
        byte[] b = given.getBytes();
        if (b.length > limit) b = new byte[128];
        return new CappedBuffer(b, given.getStart(), Math.min(given.getCount(), b.length), limit);
    }

    /**
     * One answer, parsed by Angus; one nested too deep for its recursive parser (a BODYSTRUCTURE 10,000 levels down
     * overflows the stack) is a response that cannot be parsed, which Angus's command loop skips as it skips any
     * other: the answer was read whole before parsing, so the connection stays in step, and the caller sees the
     * item missing (a missing BODYSTRUCTURE makes the message be fetched whole).
     */
    @Override
    public Response readResponse() throws IOException, ProtocolException {
        try {
            Response r = super.readResponse();
            // The server's own BYE (not Angus's made-up one for a failed read), so a read it ends can quote it.
            if (r.isBYE() && !r.isSynthetic()) {
                String said = r.toString().strip().replaceAll("\\s+", " ");
                said = said.startsWith("* ") ? said.substring(2) : said;
                lastBye = said.length() > 200 ? said.substring(0, 200) + "…" : said;
            }
            return r;
        } catch (StackOverflowError e) {
            throw new ProtocolException("an answer nested too deep to parse");
        }
    }

    /**
     * LIST and LSUB as Angus sends and reads them, except that a name that is not well-formed modified UTF-7
     * ({@link MailboxNames}) keeps the server's own bytes and is listed as \\Noselect: Angus's lenient decoding
     * could turn it into another folder's name, and a sync would then store one folder's mail as the other's. A
     * delimiter of more than one character is taken as NIL ({@link MailboxNames#flatDelimiter}), and a name ending
     * in its delimiter ("trail/") is listed without one, so that Angus keeps the name as sent.
     */
    /**
     * The last answer line of a LIST on this thread that could not be read as a folder (a garbled {@code * LIS?T}, a
     * line naming none), or null: a listing holding one is not whole, and no stored folder is dropped for missing from
     * it (hunt 33 X10). Angus runs a command on the caller's thread, so {@link ImapFolders} clears it before it lists
     * and reads it after.
     */
    static final ThreadLocal<String> listUnread = new ThreadLocal<>();

    @Override
    protected ListInfo[] doList(String cmd, String ref, String pat) throws ProtocolException {
        boolean utf8 = supportsUtf8();
        Argument args = new Argument();
        writeMailboxName(args, ref);
        writeMailboxName(args, pat);
        Response[] r = command(cmd, args);
        ListInfo[] linfo = null;
        Response response = r[r.length - 1];
        if (response.isOK()) {
            List<ListInfo> v = new ArrayList<>();
            for (int i = 0; i < r.length; i++) {
                if (r[i] instanceof IMAPResponse other && !other.keyEquals(cmd) && ListLines.unreadable(other)) {
                    listUnread.set(other.toString());
                }
                if (!(r[i] instanceof IMAPResponse given) || !given.keyEquals(cmd)) continue;
                ListInfo li = ListLines.read(cmd, given, utf8);
                if (li == null) {
                    listUnread.set(given.toString());
                    r[i] = null;
                    continue;
                }
                v.add(li);
                r[i] = null;
            }
            if (!v.isEmpty()) linfo = v.toArray(new ListInfo[0]);
        }
        notifyResponseHandlers(r);
        handleResult(response);
        return linfo;
    }

    /** Every command goes out here (Angus's and postern's own): its answer's counts start ({@link AnswerGuards}). */
    @Override
    public String writeCommand(String command, Argument args) throws IOException, ProtocolException {
        Capped c = capped;
        if (c != null) c.guards.sent();
        return super.writeCommand(command, args);
    }

    /** Angus's COPY, with how many messages it copies noted for {@link #getCopyUID}. */
    @Override
    public CopyUID copyuid(MessageSet[] msgsets, String mbox) throws ProtocolException {
        return noting(msgsets, () -> super.copyuid(msgsets, mbox));
    }

    /** Angus's MOVE, likewise. */
    @Override
    public CopyUID moveuid(MessageSet[] msgsets, String mbox) throws ProtocolException {
        return noting(msgsets, () -> super.moveuid(msgsets, mbox));
    }

    private interface Transfer {
        CopyUID run() throws ProtocolException;
    }

    /** {@code transfer} with the number of messages in {@code msgsets} noted as {@link #copying} while it runs. */
    private CopyUID noting(MessageSet[] msgsets, Transfer transfer) throws ProtocolException {
        copying = Math.max(1, MessageSet.size(msgsets));
        try {
            return transfer.run();
        } finally {
            copying = 0;
        }
    }

    /** See {@link AnswerGuards#mappable}: Angus's own reading fails on what it cannot map to the messages. */
    @Override
    protected CopyUID getCopyUID(Response[] rr) {
        long asked = copying;
        return asked > 0 ? AnswerGuards.mappable(rr, asked) : super.getCopyUID(rr);
    }

    /** The UID Angus's body reads are for while {@link ImapBodies} reads one message (0: none), and what went wrong. */
    private long bodyUid;
    private String bodyFault;
    private String bodyRefusal;

    /** Angus's body reads from now on are for message {@code uid} (0: no longer); clears {@link #bodyFault}. */
    void expectBodyOf(long uid) {
        bodyUid = uid;
        bodyFault = null;
        bodyRefusal = null;
        readFailure = null;
    }

    /**
     * Why the last read of an answer failed (a stalled answer, a lost link), kept for {@link ImapBodies}: Angus's body
     * stream turns that failure into a bare FolderClosedException, and the user then heard "connection lost" for an
     * answer that stalled midway. Null when none failed since {@link #expectBodyOf}.
     */
    IOException readFailure() {
        return readFailure;
    }

    private volatile IOException readFailure;

    private IOException readFailed(IOException e) {
        readFailure = e;
        return e;
    }

    private volatile String lastBye;

    /** The last BYE the server sent on this connection, its words ("BYE Connection is closed. 13"), or null. */
    String lastBye() {
        return lastBye;
    }

    /** A tagged answer's words without its tag ("NO [THROTTLED] ..."), on one line, at most 200 characters. */
    static String words(Response done) {
        String said = done.toString().strip();
        said = said.substring(said.indexOf(' ') + 1).replaceAll("\\s+", " ");
        return said.length() > 200 ? said.substring(0, 200) + "…" : said;
    }

    /** The server's NO to a body read of the expected message, its words without the tag ("NO [THROTTLED] ..."), or null. */
    String bodyRefusal() {
        return bodyRefusal;
    }

    /** What the server did wrong answering a body read of the expected message, or null. */
    String bodyFault() {
        return bodyFault;
    }

    /**
     * One section of a message's body (the whole message in blocks, its header, one part), for every body Angus
     * reads. While {@link #expectBodyOf} names the message it is asked by UID, not by sequence number, and only an
     * answer carrying that UID counts: Angus takes any answer for the number, and makes an empty body of none (an
     * answer without the section, with NIL, or that it could not parse), which was then kept as the message. Here
     * no body, or two different ones, is the server's fault ({@link #bodyFault}), and an answer for another
     * UID is not handed on.
     */
    @Override
    protected BODY fetchSectionBody(int msgno, String section, String str) throws ProtocolException {
        long uid = bodyUid;
        if (uid <= 0) return super.fetchSectionBody(msgno, section, str);
        Response[] r = command("UID FETCH " + uid + " (UID " + str + ")", null);
        BODY found = null;
        String fault = null;
        for (int i = 0; i < r.length; i++) {
            if (!(r[i] instanceof FetchResponse fr)) continue;
            UID said = fr.getItem(UID.class);
            boolean ours = said != null && said.uid == uid;
            for (int k = 0; k < fr.getItemCount(); k++) {
                if (!(fr.getItem(k) instanceof BODY b)) continue;
                if (!ours) {
                    log.warn("the server answered a body read of message {} with a body for {}; ignored", uid,
                            said == null ? "no UID" : "UID " + said.uid);
                    r[i] = null; // nor may it tell the folder that this message number has another UID
                    break;
                }
                if (!java.util.Objects.equals(b.getSection(), section)) continue;
                if (found == null) found = b;
                else if (!same(found, b)) fault = "sent two different bodies for message " + uid;
            }
        }
        notifyResponseHandlers(r);
        Response done = r[r.length - 1];
        if (!done.isOK()) {
            if (done.isNO()) {
                bodyRefusal = words(done);
                bodyFault = "refused to send message " + uid + " (server said: " + bodyRefusal + ")";
            }
            handleResult(done); // NO and BAD throw, as a BYE does
        }
        if (fault == null && (found == null || found.getByteArray() == null)) fault = "sent no body for message " + uid;
        if (fault != null) {
            bodyFault = fault;
            throw new ProtocolException(ServerFaultException.FAULT + fault);
        }
        return found;
    }

    private static boolean same(BODY a, BODY b) {
        ByteArray x = a.getByteArray();
        ByteArray y = b.getByteArray();
        if (x == null || y == null) return x == y;
        return a.getOrigin() == b.getOrigin() && java.util.Arrays.equals(x.getBytes(), x.getStart(),
                x.getStart() + x.getCount(), y.getBytes(), y.getStart(), y.getStart() + y.getCount());
    }

    @Override
    protected synchronized ResponseInputStream getInputStream() {
        ResponseInputStream now = super.getInputStream();
        if (now != real || capped == null) {
            real = now;
            // before anything is read through it: see BlockReader; what it reads is counted for a download's progress
            BlockReader.install(this, now, props == null ? null
                    : props.get(dev.postern.backend.link.Links.PROPERTY) instanceof dev.postern.backend.link.Links l ? l : null);
            capped = new Capped(now);
        }
        return capped;
    }

    /** Angus's reader, with a buffer that would grow past the cap turned into {@link AnswerTooLargeException}. */
    private final class Capped extends ResponseInputStream {
        private final ResponseInputStream in;
        private final AnswerGuards guards = new AnswerGuards();

        Capped(ResponseInputStream in) {
            super(InputStream.nullInputStream());
            this.in = in;
        }

        @Override
        public ByteArray readResponse(ByteArray ba) throws IOException {
            ByteArray buffer = ba instanceof CappedBuffer ? ba : new CappedBuffer(new byte[128], 0, 128, cap);
            try {
                ByteArray read = in.readResponse(buffer);
                long announced = unreadLiteral(read);
                if (announced > cap) throw readFailed(tooLarge("a literal of " + announced + " bytes was announced"));
                long exists = exists(read);
                if (exists > MAX_EXISTS) {
                    disconnect();
                    throw new ServerFaultException("said a folder holds " + exists + " messages (postern believes"
                            + " no folder holds more than " + MAX_EXISTS + ")");
                }
                if (exists >= 0) guards.exists(exists);
                String fault = guards.check(read);
                if (fault == null) fault = ParseStalls.status(read);
                if (fault != null) {
                    disconnect();
                    throw new ServerFaultException(fault);
                }
                return WideStructure.cut(read);
            } catch (CappedBuffer.TooLarge e) {
                throw readFailed(tooLarge("it needed " + e.wanted + " bytes"));
            } catch (IndexOutOfBoundsException e) {
                // A literal announced within 16 bytes of 2 GiB overflows Angus's arithmetic before any buffer grows.
                throw readFailed(tooLarge("a literal of about 2 GiB was announced"));
            } catch (IOException e) {
                throw readFailed(e);
            }
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }
    }

    /**
     * The count of an untagged {@code * n EXISTS}, or -1 for any other answer; a count too long to be a number is
     * {@code Long.MAX_VALUE}. Read from the bytes, so it holds for every reader of answers.
     */
    static long exists(ByteArray ba) {
        byte[] b = ba.getBytes();
        int i = ba.getStart();
        int end = i + ba.getCount();
        if (end - i < 11 || b[i] != '*' || b[i + 1] != ' ') return -1;
        int d = i + 2;
        long n = 0;
        while (d < end && b[d] >= '0' && b[d] <= '9') {
            n = d - (i + 2) >= 18 ? Long.MAX_VALUE : n * 10 + (b[d] - '0');
            d++;
        }
        if (d == i + 2 || end - d < 7) return -1;
        String key = new String(b, d, 7, java.nio.charset.StandardCharsets.US_ASCII);
        return key.equalsIgnoreCase(" EXISTS") && (end - d == 7 || b[d + 7] == '\r' || b[d + 7] == ' ') ? n : -1;
    }

    /**
     * The size of a literal announced at the end of answer {@code ba} that Angus did not read, or -1: Angus ends the
     * answer at a {@code {n}} too large for an int (4294967296) and then read the literal's bytes as the next answer,
     * a line without end, up to the whole cap (256 MiB, 14 s) before refusing what the announcement already said.
     */
    static long unreadLiteral(ByteArray ba) {
        byte[] b = ba.getBytes();
        int end = ba.getStart() + ba.getCount();
        if (ba.getCount() < 5 || b[end - 1] != '\n' || b[end - 2] != '\r' || b[end - 3] != '}') return -1;
        int d = end - 4;
        long n = 0;
        long scale = 1;
        for (; d >= ba.getStart() && b[d] >= '0' && b[d] <= '9'; d--) {
            if (scale > Long.MAX_VALUE / 10) return Long.MAX_VALUE;
            n += (b[d] - '0') * scale;
            scale *= 10;
        }
        return d < ba.getStart() || b[d] != '{' || d == end - 4 ? -1 : n;
    }

    private AnswerTooLargeException tooLarge(String what) {
        // The rest of the answer is still coming: nothing more can be read on this connection.
        disconnect();
        return new AnswerTooLargeException(cap, what);
    }
}
