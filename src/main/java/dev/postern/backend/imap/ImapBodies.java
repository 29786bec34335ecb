package dev.postern.backend.imap;

import dev.postern.backend.BodyRefusals;
import dev.postern.backend.ConnectionErrors;
import dev.postern.config.AccountConfig;
import dev.postern.model.ExitCode;
import dev.postern.model.MessageRef;
import dev.postern.model.PosternException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Collection;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPMessage;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.UID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bodies part of {@link ImapSession}: a whole message (BODY.PEEK[]), one MIME part by its section path,
 * the text parts only ({@link PartialMessage}, when the server's BODYSTRUCTURE can be trusted), and many
 * raw messages in one UID FETCH. A message expunged by another client meanwhile is one message's error.
 */
final class ImapBodies {
    private static final Logger log = LoggerFactory.getLogger(ImapSession.class);

    private final ImapConnection conn;
    private final AccountConfig account;

    ImapBodies(ImapConnection conn) {
        this.conn = conn;
        this.account = conn.account();
    }

    // ---- bodies --------------------------------------------------------------------------------

    /** What the body read in hand is to receive, as the server sized it; -1 when unknown ({@link #expected}). */
    private volatile long expected = -1;

    /** The bytes the body read in hand is to receive as the server sized it, or -1 (for its progress). */
    long expected() {
        return expected;
    }

    byte[] raw(MessageRef ref) {
        expected = -1;
        return checked(ref, m -> {
            // The size only sizes the buffer: it comes with the ENVELOPE, which may be the very thing that
            // failed to parse, and the raw message must be readable whatever its header says.
            int size = ImapMapper.sizeOr(m, -1);
            expected = size;
            ByteArrayOutputStream out = new ByteArrayOutputStream(size > 0 ? size : 64 * 1024);
            m.writeTo(out);
            return out.toByteArray();
        });
    }

    /** One read of a message's body through Angus. */
    private interface Read<T> {
        T from(IMAPMessage m) throws MessagingException, IOException;
    }

    /**
     * {@code read} of the message {@code ref}, its body reads asked by UID and checked ({@link
     * CappedProtocol#fetchSectionBody}): an answer without the body, or for another message, fails the read (as
     * NOINPUT when the message is gone, else as a faulty server's) instead of making an empty or a wrong body.
     */
    private <T> T checked(MessageRef ref, Read<T> read) {
        CappedProtocol p = null;
        try {
            IMAPMessage m = conn.message(ref);
            Object proto = conn.select(ref.folder()).doCommand(pr -> pr);
            p = proto instanceof CappedProtocol c ? c : null;
            if (p != null) p.expectBodyOf(ref.uid());
            T out = read.from(m);
            if (p != null && p.bodyFault() != null) throw noBody(ref, p.bodyFault(), null);
            return out;
        } catch (LocalWrites.Failed | PartialMessage.Unreadable pass) {
            throw pass; // the disk written to, not the server; a stand-in that cannot be made, which its caller handles
        } catch (MessagingException | IOException | RuntimeException e) {
            if (p != null && p.bodyRefusal() != null) {
                PosternException refused = refused(ref, p.bodyRefusal(), e);
                if (refused != null) throw refused;
            }
            if (p != null && p.bodyFault() != null) throw noBody(ref, p.bodyFault(), e);
            if (p != null && p.lastBye() != null) {
                // The server said BYE and closed: its words say why, not the "connection dropped" read after it.
                throw new dev.postern.model.LinkDropped("account " + account.name() + ": the server at " + account.host()
                        + ":" + account.port() + " ended the connection (server said: " + p.lastBye() + "); try again later.", e);
            }
            IOException under = p == null ? null : p.readFailure();
            // The read itself failed (Angus's stream kept only "folder closed"): that failure says what happened.
            if (under != null) throw ConnectionErrors.translate(account, new MessagingException(under.getMessage(), under));
            throw goneOr(ref, e);
        } finally {
            if (p != null) p.expectBodyOf(0);
        }
    }

    /** A NO to the body read of {@code ref} whose response code says why, worded by {@link BodyRefusals}; else null. */
    private PosternException refused(MessageRef ref, String words, Exception e) {
        return BodyRefusals.of(account, "message " + ref.uid() + " in '" + ref.folder() + "'", words, e);
    }

    /** No body for {@code ref} (what the server did: {@code fault}): NOINPUT when it is gone, else the server's fault. */
    private PosternException noBody(MessageRef ref, String fault, Exception e) {
        PosternException gone = goneOr(ref, e == null ? new MessagingException(fault) : e);
        if (gone.exitCode() == ExitCode.NOINPUT) return gone;
        return new dev.postern.model.NoBodySent(conn.faulty(fault + " in '" + ref.folder() + "'").getMessage());
    }

    /**
     * A body fetch that failed because another client expunged the message after it was listed (Angus reports
     * that as a bare MessagingException inside an IOException) is one message's problem: NOINPUT, which a batch
     * counts and passes. Anything else, or a connection that no longer answers, is translated as before.
     */
    private PosternException goneOr(MessageRef ref, Exception e) {
        if (e instanceof PosternException p) return p;
        try {
            IMAPFolder f = conn.select(ref.folder());
            f.doCommand(p -> {
                p.noop(); // lets the server tell this session of expunges by others
                return null;
            });
            Message m = f.getMessageByUID(ref.uid());
            if (m == null || m.isExpunged()) {
                return new dev.postern.model.MessageGone("account " + account.name() + ": message " + ref.uid()
                        + " is no longer in '" + ref.folder() + "' on the server (expunged by another client meanwhile).", e);
            }
        } catch (MessagingException | RuntimeException probe) {
            // The connection itself is in trouble: the original failure says more.
        }
        return ConnectionErrors.translate(account, e);
    }

    java.util.Optional<byte[]> part(MessageRef ref, String path) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            return partTo(ref, path, out) ? java.util.Optional.of(out.toByteArray()) : java.util.Optional.empty();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // a byte array's: unreachable
        }
    }

    /**
     * One part, by its section path, decoded into {@code out} as the server's answer arrives (Angus reads a part in
     * fetchsize blocks): a large attachment crosses the heap a block at a time (hunt 38-A, A1). A failure to write to
     * {@code out} is the local disk's, thrown as its IOException, never read as a lost connection.
     */
    boolean partTo(MessageRef ref, String path, java.io.OutputStream out) throws IOException {
        LocalWrites local = new LocalWrites(out);
        try {
            return checked(ref, m -> partTo(m, path, local));
        } catch (LocalWrites.Failed f) {
            throw f.getCause();
        }
    }

    /** {@code out}, its IOExceptions thrown as {@link Failed}, which no reading of the server's answer is taken for. */
    static final class LocalWrites extends java.io.FilterOutputStream {
        static final class Failed extends java.io.UncheckedIOException {
            Failed(IOException e) {
                super(e);
            }
        }

        LocalWrites(java.io.OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw new Failed(e);
            }
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }
    }

    private static boolean partTo(IMAPMessage m, String path, java.io.OutputStream out) throws MessagingException, IOException {
        try {
            jakarta.mail.Part p = m;
            // Walk BODYSTRUCTURE down the section path; only the last step's content crosses the wire.
            String[] steps = path.split("\\.");
            for (int i = 0; i < steps.length; i++) {
                int n = Integer.parseInt(steps[i]);
                if (p == m && n == 1 && steps.length > 1 && PartialMessage.embeddedMessage(m)) {
                    // A message that is one forwarded message: 1 is its body, 1.N the parts inside it.
                    if (!(m.getContent() instanceof IMAPMessage nested)) return false;
                    p = nested;
                    continue;
                }
                if (p != m && (p.isMimeType("message/rfc822") || p.isMimeType("message/global"))) {
                    // Into a forwarded message (RFC 3501: its body's parts are P.1, P.2...), by the structure given.
                    if (!(p.getContent() instanceof IMAPMessage nested)) return false;
                    p = nested;
                }
                Object content = p.isMimeType("multipart/*") ? p.getContent() : null;
                if (content instanceof jakarta.mail.Multipart mp && n >= 1 && n <= mp.getCount()) {
                    p = mp.getBodyPart(n - 1);
                } else if (content == null && n == 1 && p instanceof IMAPMessage && i == steps.length - 1) {
                    break; // a single-part message's body (the whole message's, or a forwarded one's)
                } else {
                    return false;
                }
            }
            // The part as sent, decoded here leniently as a whole message's parts are (render/TransferDecoding): Angus's
            // strict decoder failed on bad base64 with an IOException, which read as a lost connection, and retrying
            // could never help. Bad content of a message is the message's, not the link's.
            java.io.InputStream raw = p instanceof jakarta.mail.internet.MimeBodyPart b ? b.getRawInputStream()
                    : ((jakarta.mail.internet.MimeMessage) p).getRawInputStream();
            try (java.io.InputStream in = raw) {
                dev.postern.render.TransferDecoding.decode(in, ((jakarta.mail.internet.MimePart) p).getEncoding(), out);
            }
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    byte[] textOnly(MessageRef ref) {
        expected = -1;
        org.eclipse.angus.mail.imap.protocol.BODYSTRUCTURE structure;
        try {
            conn.message(ref);
            structure = trustedStructure(ref);
        } catch (MessagingException | RuntimeException e) {
            throw goneOr(ref, e);
        }
        if (structure != null && PartialMessage.opaqueMessage(structure, 0)) {
            // A forwarded message inside that the stand-in cannot open: read whole, its attachments are numbered once.
            log.info("account {}: message {} in {} holds a message part whose structure is not given; reading it whole",
                    account.name(), ref.uid(), ref.folder());
            return raw(ref);
        }
        if (structure == null) {
            // The server's BODYSTRUCTURE cannot be parsed, or does not account for the message (Dovecot's
            // own limits: a header line over 10 MiB, nesting past 100 levels): the text built from it would
            // be empty or wrong, so read the whole message and parse it here.
            log.info("account {}: the server's structure of message {} in {} cannot be trusted; reading it whole",
                    account.name(), ref.uid(), ref.folder());
            return raw(ref);
        }
        long bodySize = structure.size;
        expected = PartialMessage.textSize(structure);
        try {
            return checked(ref, m -> PartialMessage.build(m, bodySize));
        } catch (PartialMessage.Unreadable e) {
            log.info("account {}: the server does not give the parts of the message inside message {} in {}; reading it whole",
                    account.name(), ref.uid(), ref.folder());
            return raw(ref);
        }
    }

    /**
     * The server's BODYSTRUCTURE of {@code ref} when it parses and accounts for the message (else null): its parts'
     * sizes together come to at least half of RFC822.SIZE (the rest being headers and boundaries), or the
     * message is small. Asked with a command of its own so that a structure Angus cannot parse shows as missing
     * here instead of as an error later.
     */
    private org.eclipse.angus.mail.imap.protocol.BODYSTRUCTURE trustedStructure(MessageRef ref) throws MessagingException {
        IMAPFolder f = conn.select(ref.folder());
        Response[] rs = (Response[]) f.doCommand(p -> ImapConnection.run(p, "UID FETCH " + ref.uid() + " (UID RFC822.SIZE BODYSTRUCTURE)"));
        for (Response r : rs) {
            if (!(r instanceof FetchResponse fr)) continue;
            UID uid = fr.getItem(UID.class);
            if (uid == null || uid.uid != ref.uid()) continue;
            org.eclipse.angus.mail.imap.protocol.BODYSTRUCTURE bs = fr.getItem(org.eclipse.angus.mail.imap.protocol.BODYSTRUCTURE.class);
            org.eclipse.angus.mail.imap.protocol.RFC822SIZE size = fr.getItem(org.eclipse.angus.mail.imap.protocol.RFC822SIZE.class);
            if (bs == null || size == null) return null;
            return size.size < 1024 * 1024 || accounted(bs, 0) * 2 >= size.size ? bs : null;
        }
        return null;
    }

    /** Bytes the structure's leaves account for; a structure past 100 levels accounts for nothing. */
    private static long accounted(org.eclipse.angus.mail.imap.protocol.BODYSTRUCTURE bs, int depth) {
        if (depth > 100) return 0;
        if (bs.isMulti() && bs.bodies != null) {
            long sum = 0;
            for (org.eclipse.angus.mail.imap.protocol.BODYSTRUCTURE b : bs.bodies) sum += accounted(b, depth + 1);
            return sum;
        }
        if (bs.isNested() && bs.bodies != null && bs.bodies.length > 0) return Math.max(Math.max(0, bs.size), accounted(bs.bodies[0], depth + 1));
        return Math.max(0, bs.size);
    }

    void raws(String name, long uidValidity, Collection<Long> uids,
            java.util.function.BiConsumer<Long, byte[]> sink) {
        if (uids.isEmpty()) return;
        try {
            IMAPFolder f = conn.select(name);
            if (uidValidity != 0 && f.getUIDValidity() != uidValidity) {
                throw new PosternException(ExitCode.NOINPUT, "account " + account.name() + ": folder '" + name
                        + "' was recreated on the server (UIDVALIDITY changed); sync it again.");
            }
            // Each answer is handed on as it is read: one message's bytes in memory at a time, not the batch's
            // answers all at once (and again as copies).
            // Only a UID asked for is handed on, and only once: an answer for another UID (or a second, different
            // one) is no body of the message asked, and stored under its UID it would replace another's.
            String set = UidSets.format(uids);
            java.util.Set<Long> asked = new java.util.HashSet<>(uids);
            java.util.Map<Long, String> given = new java.util.HashMap<>();
            long[] twice = {0};
            f.doCommand(p -> {
                ImapHeaders.stream(p, "UID FETCH " + set + " (UID BODY.PEEK[])", line -> {
                    FetchLine.Raw raw = line.raw();
                    if (raw == null) return;
                    if (!asked.contains(raw.uid())) {
                        log.warn("account {}: the server answered a body fetch in {} with a body for UID {}, not asked"
                                + " for; ignored", account.name(), name, raw.uid());
                        return;
                    }
                    String digest = ImapAppend.hash(raw.bytes());
                    String before = given.putIfAbsent(raw.uid(), digest);
                    if (before == null) {
                        sink.accept(raw.uid(), raw.bytes());
                    } else if (!before.equals(digest) && twice[0] == 0) {
                        twice[0] = raw.uid();
                    }
                });
                return null;
            });
            if (twice[0] != 0) {
                throw conn.faulty("sent two different bodies for message " + twice[0] + " in '" + name + "'");
            }
        } catch (ImapHeaders.SinkFailure e) {
            throw e.failure;
        } catch (MessagingException | RuntimeException e) {
            String words = ConnectionErrors.serverWords(e); // the server's answer without its tag: "NO [THROTTLED] ..."
            PosternException refused = words == null || !words.regionMatches(true, 0, "NO ", 0, 3) ? null
                    : BodyRefusals.of(account, uids.size() + " message bodies in '" + name + "'", words, e);
            if (refused != null) throw refused;
            throw ConnectionErrors.translate(account, e);
        }
    }
}
