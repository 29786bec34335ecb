package dev.postern.backend.imap;

import dev.postern.backend.ConnectionErrors;
import dev.postern.config.AccountConfig;
import dev.postern.model.Flag;
import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.eclipse.angus.mail.iap.Literal;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;

/**
 * IMAP APPEND of exact bytes with flags and an internal date, for {@code postern import}. Its own
 * connection, apart from the reader's session, so that a long import never holds up reading.
 *
 * <p>Messages already in the target folder are recognised by content: the SHA-256 of their bytes as the server keeps
 * them ({@link #serverHash}: without CRs, a NUL as 0x80), fetched
 * only for messages whose RFC822.SIZE equals that of something being imported. What the folder held when the import
 * opened it is counted copy by copy ({@link #alreadyHeld}): an archive's own identical copies all arrive (an export of
 * a folder with two copies of one message gives both back), and a run again over the same archive adds nothing.
 */
public final class ImapAppend implements AutoCloseable {
    private final AccountConfig account;
    private final Supplier<String> password;
    private IMAPStore store;
    private IMAPFolder folder;
    /** The folder's messages when it was opened, of the sizes of interest: size, then content hash, to copies not yet matched. */
    private final Map<Long, Map<String, Integer>> heldBySize = new HashMap<>();
    private Set<Long> sizesOfInterest = Set.of();

    public ImapAppend(AccountConfig account, Supplier<String> password) {
        this.account = account;
        this.password = password;
    }

    /**
     * Opens (creating it if missing) the target folder and learns the content hashes of the messages it
     * holds whose size is one of {@code sizes}.
     */
    public void open(String name, Set<Long> sizes) {
        try {
            IMAPStore connecting = ImapSession.newStore(account, Session.getInstance(ImapSession.properties(account)));
            store = connecting;
            dev.postern.backend.OAuthSasl.login(account, password,
                    pw -> connecting.connect(account.host(), account.port(), account.user(), pw));
            folder = (IMAPFolder) store.getFolder(name);
            // A folder made for an import is subscribed, to show up where the others do; a refused CREATE says the
            // server's words (Angus's create() would only return false, and the import fail later as "no folder").
            if (!folder.exists()) ImapFolders.create(folder, account,
                    () -> dev.postern.model.SpecialFolders.under(name, ImapFolders.personalPrefix(connecting)));
            folder.open(Folder.READ_ONLY);
            sizesOfInterest = new HashSet<>(sizes);
            Message[] all = folder.getMessages();
            FetchProfile fp = new FetchProfile();
            fp.add(FetchProfile.Item.SIZE);
            folder.fetch(all, fp);
            for (Message m : all) {
                long size = m.getSize();
                if (!sizesOfInterest.contains(size)) continue;
                held(size, raw(m));
            }
        } catch (MessagingException | IOException | RuntimeException e) {
            throw ConnectionErrors.translate(account, e instanceof IOException io ? new MessagingException(io.getMessage(), io) : e);
        }
    }

    /** Counts a message the folder holds, of RFC822.SIZE {@code size} and bytes {@code raw} as the server gives them. */
    void held(long size, byte[] raw) {
        heldBySize.computeIfAbsent(size, s -> new HashMap<>()).merge(serverHash(raw), 1, Integer::sum);
    }

    /**
     * True when the folder held these bytes (as the server keeps them) before this import, in a copy no earlier message of the archive
     * matched; that copy then counts as matched. What this run appended is never counted: copies within the archive
     * are each appended, and the same archive imported again finds each of them.
     */
    public boolean alreadyHeld(byte[] raw) {
        String h = serverHash(raw);
        for (long size : sizesOf(raw)) {
            Map<String, Integer> hashes = heldBySize.get(size);
            Integer left = hashes == null ? null : hashes.get(h);
            if (left == null) continue;
            if (left == 1) hashes.remove(h);
            else hashes.put(h, left - 1);
            return true;
        }
        return false;
    }

    /**
     * The RFC822.SIZEs a server may give these bytes: their own length, and that with each run of CRs before an LF
     * made one CR, as Dovecot keeps them ({@code body\r\r\n} comes back as {@code body\r\n}, one byte shorter).
     * The import opens the folder with these, so such a copy is fetched and compared at all.
     */
    public static java.util.List<Long> sizesOf(byte[] raw) {
        long dropped = 0;
        for (int i = 0; i + 1 < raw.length; i++) if (raw[i] == '\r' && raw[i + 1] == '\r' && lfAfterCrs(raw, i + 1)) dropped++;
        return dropped == 0 ? java.util.List.of((long) raw.length) : java.util.List.of((long) raw.length, raw.length - dropped);
    }

    private static boolean lfAfterCrs(byte[] raw, int i) {
        while (i < raw.length && raw[i] == '\r') i++;
        return i < raw.length && raw[i] == '\n';
    }

    /** Appends the bytes as they are, with the flags and internal date (null: the server's clock). */
    public void append(byte[] raw, dev.postern.model.Flags flags, Instant date) {
        jakarta.mail.Flags f = new jakarta.mail.Flags();
        if (flags.has(Flag.SEEN)) f.add(jakarta.mail.Flags.Flag.SEEN);
        if (flags.has(Flag.ANSWERED)) f.add(jakarta.mail.Flags.Flag.ANSWERED);
        if (flags.has(Flag.FLAGGED)) f.add(jakarta.mail.Flags.Flag.FLAGGED);
        if (flags.has(Flag.DRAFT)) f.add(jakarta.mail.Flags.Flag.DRAFT);
        if (flags.has(Flag.DELETED)) f.add(jakarta.mail.Flags.Flag.DELETED);
        Date when = date == null ? null : Date.from(date);
        String name = folder.getFullName();
        Literal literal = new Literal() {
            @Override public int size() { return raw.length; }
            @Override public void writeTo(OutputStream os) throws IOException { os.write(raw); }
        };
        try {
            folder.doCommand(p -> {
                p.append(name, f, when, literal);
                return null;
            });
        } catch (MessagingException | RuntimeException e) {
            throw ConnectionErrors.translate(account, e);
        }
    }

    private static byte[] raw(Message m) throws MessagingException, IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(m.getSize(), 0));
        try (InputStream in = ((org.eclipse.angus.mail.imap.IMAPMessage) m).getMimeStream()) {
            in.transferTo(out);
        }
        return out.toByteArray();
    }

    /**
     * The SHA-256 of what survives a server's rewriting of the bytes it is given: CRs left out (Dovecot gives a CR
     * before a line end back as part of one CRLF, so {@code \r\r\n} returns as {@code \r\n}) and a NUL taken for
     * 0x80 (Dovecot stores it so). On the exact bytes, each run again over an archive appended every such message once
     * more (hunt35-E E1: ~5% of a fuzzed folder per run). The size must match as well, and copies are counted one by
     * one, so two messages that differ only in these bytes are still both imported once.
     */
    static String serverHash(byte[] raw) {
        java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream(raw.length);
        for (byte b : raw) {
            if (b == '\r') continue;
            kept.write(b == 0 ? 0x80 : b);
        }
        return hash(kept.toByteArray());
    }

    static String hash(byte[] raw) {
        try {
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            if (folder != null && folder.isOpen()) folder.close(false);
        } catch (MessagingException ignored) {
            // closing after the work is done; nothing left to lose
        }
        try {
            if (store != null) store.close();
        } catch (MessagingException ignored) {
            // as above
        }
    }
}
