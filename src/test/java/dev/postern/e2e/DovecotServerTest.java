package dev.postern.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.search.FlagTerm;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.pop3.POP3Folder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Proves the Dovecot fixture with a plain Jakarta Mail client, so that when a postern end-to-end
 * test fails the server side is already known to be sound. Each test owns its own user/folder
 * pair, so the order they run in does not matter.
 */
@Tag("e2e")
class DovecotServerTest {

    @RegisterExtension
    static final DovecotServer DOVECOT = new DovecotServer();

    private static final Duration LOG_WAIT = Duration.ofSeconds(10);

    @Test
    void imapsLoginVerifiesThePinnedCertificateAndListsSpecialUseFolders() throws Exception {
        Store store = imaps(DOVECOT.certPem());
        try {
            store.connect("localhost", DOVECOT.imapsPort(), "alice", DOVECOT.user("alice"));
            assertTrue(((IMAPStore) store).hasCapability("COMPRESS=DEFLATE"), "imap_zlib not loaded");
            List<String> special = new ArrayList<>();
            for (Folder f : store.getDefaultFolder().list("*")) {
                for (String attribute : ((IMAPFolder) f).getAttributes()) {
                    if (Set.of("\\Sent", "\\Drafts", "\\Trash", "\\Archive", "\\Junk").contains(attribute)) {
                        special.add(f.getFullName() + "=" + attribute);
                    }
                }
            }
            special.sort(null);
            assertEquals(List.of("Archive=\\Archive", "Drafts=\\Drafts", "Junk=\\Junk", "Sent=\\Sent",
                    "Trash=\\Trash"), special);
        } finally {
            store.close();
        }
    }

    @Test
    void starttlsRequiredUpgradesThePlainPortBeforeLogin() throws Exception {
        Properties p = new Properties();
        p.put("mail.imap.starttls.enable", "true");
        p.put("mail.imap.starttls.required", "true");
        p.put("mail.imap.ssl.socketFactory", PinnedTrust.socketFactory(DOVECOT.certPem()));
        p.put("mail.imap.ssl.checkserveridentity", "true");
        timeouts(p, "imap");
        IMAPStore store = (IMAPStore) Session.getInstance(p).getStore("imap");
        try {
            store.connect("localhost", DOVECOT.imapPort(), "bob", DOVECOT.user("bob"));
            assertTrue(store.isSSL(), "connection was not upgraded to TLS");
        } finally {
            store.close();
        }
        // The server's own word: Dovecot notes TLS on the login line.
        assertTrue(logLines().stream().anyMatch(l -> l.contains("imap-login: Info: Login: user=<bob>")
                && l.contains(", TLS,")), DOVECOT.logTail(20));
    }

    @Test
    void wrongPasswordIsAnAuthenticationFailure() {
        Store store = imaps(DOVECOT.certPem());
        assertThrows(AuthenticationFailedException.class,
                () -> store.connect("localhost", DOVECOT.imapsPort(), "alice", "not-" + DOVECOT.user("alice")));
    }

    @Test
    void certificateOtherThanTheServersFailsTheHandshake() {
        Store store = imaps(DOVECOT.untrustedCertPem());
        MessagingException e = assertThrows(MessagingException.class,
                () -> store.connect("localhost", DOVECOT.imapsPort(), "alice", DOVECOT.user("alice")));
        assertFalse(e instanceof AuthenticationFailedException, "must fail before any credential is sent");
        assertTrue(causes(e).stream().anyMatch(SSLException.class::isInstance), "no SSL failure in " + causes(e));
    }

    @Test
    void seedBulkStoresVariedMessagesThatDovecotServesInSeedingOrder() throws Exception {
        long t0 = System.nanoTime();
        DovecotServer.Seeded seeded = DOVECOT.seedBulk("alice", "Bulk", 3000);
        long seedMillis = (System.nanoTime() - t0) / 1_000_000;

        Store store = imaps(DOVECOT.certPem());
        try {
            store.connect("localhost", DOVECOT.imapsPort(), "alice", DOVECOT.user("alice"));
            Folder folder = store.getFolder("Bulk");
            long t1 = System.nanoTime();
            folder.open(Folder.READ_ONLY);
            long selectMillis = (System.nanoTime() - t1) / 1_000_000;
            System.out.printf("fixture start: %d ms; seedBulk(3000): %d ms; first SELECT: %d ms%n",
                    DOVECOT.startupTime().toMillis(), seedMillis, selectMillis);

            assertEquals(3000, folder.getMessageCount());
            assertEquals(seeded.unread(), folder.getUnreadMessageCount());
            assertTrue(seeded.unread() > 0 && seeded.flagged() > 0, seeded.toString());
            assertEquals(seeded.flagged(), folder.search(new FlagTerm(new Flags(Flags.Flag.FLAGGED), true)).length);

            // Message number k holds seed number first+k-1: UIDs follow seeding order.
            for (int k : new int[] {1, 2, 3, 13, 17, 3000}) {
                long n = seeded.first() + k - 1;
                Message m = folder.getMessage(k);
                assertEquals(SyntheticMail.messageId(n), m.getHeader("Message-ID")[0]);
                // RFC 2047 subjects (UTF-8 B and ISO-8859-1 Q) decode to what was meant.
                assertEquals(SyntheticMail.subject(n), m.getSubject());
                assertEquals(SyntheticMail.date(n).toInstant(), m.getReceivedDate().toInstant());
            }
            folder.close(false);
        } finally {
            store.close();
        }
    }

    @Test
    void seedBulkWritesTenThousandMessagesInSeconds() {
        long t0 = System.nanoTime();
        DovecotServer.Seeded seeded = DOVECOT.seedBulk("bob", "Big", 10_000);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("seedBulk(10000): %d ms%n", millis);

        // About 2 s on an idle 2-core machine. The bound is loose because other builds share the
        // cores (10.6 s was seen at load 7); it still catches a slide back to one doveadm
        // process per message, which takes 150 s and more.
        assertTrue(millis < 30_000, "seedBulk(10000) took " + millis + " ms");
        // Dovecot itself must count them, not just the file system.
        PosternProcess.Result status = PosternProcess.command(DovecotServer.findBinary("doveadm"), "-c", DOVECOT.configPath().toString(),
                "mailbox", "status", "-u", "bob", "messages unseen", "Big").run();
        status.assertExitCode(0);
        assertEquals("Big messages=10000 unseen=" + seeded.unread(), status.stdout().trim());
    }

    @Test
    void pop3sServesStableUidlsAndHeadersThroughTop() throws Exception {
        List<String> subjects = List.of("POP one", "POP two", "POP three");
        for (String subject : subjects) {
            DOVECOT.deliver("bob", "INBOX", ("From: a@postern.test\nTo: bob@postern.test\nSubject: "
                    + subject + "\nMIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n\nbody of "
                    + subject + "\n").getBytes(StandardCharsets.UTF_8));
        }
        List<SessionBytes> before = DOVECOT.sessionBytes();

        List<String> first = pop3Uids(subjects);
        List<String> second = pop3Uids(subjects);

        assertEquals(first, second, "UIDLs must be stable across sessions");
        assertEquals(3, new HashSet<>(first).size(), first.toString());
        first.forEach(uid -> assertTrue(uid.matches("[0-9a-fA-F]{16}"), "not %08Xu%08Xv: " + uid));
        // Dovecot counts TOP commands; headers must have come through TOP, not whole messages.
        SessionBytes session = DOVECOT.awaitSession(s -> !before.contains(s) && s.protocol().equals("pop3")
                && s.user().equals("bob") && s.loggedOut(), LOG_WAIT);
        Matcher top = Pattern.compile("top=(\\d+)/\\d+ retr=(\\d+)/").matcher(session.line());
        assertTrue(top.find(), session.line());
        assertTrue(Integer.parseInt(top.group(1)) >= 3, session.line());
        assertEquals("0", top.group(2), session.line());
    }

    @Test
    void sessionBytesReportsWhatALoggedOutSessionMoved() throws Exception {
        byte[] big = new byte[200_000];
        Arrays.fill(big, (byte) 'x');
        for (int i = 76; i < big.length; i += 77) {
            big[i] = '\n';
        }
        DOVECOT.deliver("bob", "Meter", concat(
                "From: a@postern.test\nSubject: big\n\n".getBytes(StandardCharsets.US_ASCII), big));
        List<SessionBytes> before = DOVECOT.sessionBytes();

        Store store = imaps(DOVECOT.certPem());
        long read;
        try {
            store.connect("localhost", DOVECOT.imapsPort(), "bob", DOVECOT.user("bob"));
            Folder folder = store.getFolder("Meter");
            folder.open(Folder.READ_ONLY);
            try (InputStream in = folder.getMessage(1).getInputStream()) {
                read = in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            folder.close(false);
        } finally {
            store.close();
        }

        SessionBytes session = DOVECOT.awaitSession(s -> !before.contains(s) && s.protocol().equals("imap")
                && s.user().equals("bob") && s.loggedOut(), LOG_WAIT);
        assertTrue(read >= 200_000, "read " + read);
        assertTrue(session.out() >= 200_000, session.line());
        assertTrue(session.in() > 0, session.line());
        assertNotEquals("", session.session());
    }

    private static List<String> pop3Uids(List<String> expectedSubjects) throws Exception {
        Properties p = new Properties();
        p.put("mail.pop3s.ssl.socketFactory", PinnedTrust.socketFactory(DOVECOT.certPem()));
        p.put("mail.pop3s.ssl.checkserveridentity", "true");
        timeouts(p, "pop3s");
        Store store = Session.getInstance(p).getStore("pop3s");
        try {
            store.connect("localhost", DOVECOT.pop3sPort(), "bob", DOVECOT.user("bob"));
            POP3Folder inbox = (POP3Folder) store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            List<String> uids = new ArrayList<>();
            List<String> subjects = new ArrayList<>();
            for (Message m : inbox.getMessages()) {
                uids.add(inbox.getUID(m));
                subjects.add(m.getSubject());
            }
            assertEquals(expectedSubjects, subjects);
            inbox.close(false);
            return uids;
        } finally {
            store.close();
        }
    }

    private static Store imaps(java.nio.file.Path trusted) {
        Properties p = new Properties();
        p.put("mail.imaps.ssl.socketFactory", PinnedTrust.socketFactory(trusted));
        p.put("mail.imaps.ssl.checkserveridentity", "true");
        timeouts(p, "imaps");
        try {
            return Session.getInstance(p).getStore("imaps");
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void timeouts(Properties p, String protocol) {
        // Angus waits forever by default; a stuck server must fail the test instead.
        for (String t : List.of("connectiontimeout", "timeout", "writetimeout")) {
            p.put("mail." + protocol + "." + t, "20000");
        }
    }

    private static List<Throwable> causes(Throwable t) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable c = t; c != null && !chain.contains(c); c = c.getCause()) {
            chain.add(c);
        }
        return chain;
    }

    private static List<String> logLines() throws java.io.IOException {
        return java.nio.file.Files.readAllLines(DOVECOT.logPath(), StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
