package dev.postern.backend.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.config.AccountConfig;
import dev.postern.config.PasswordSource;
import dev.postern.e2e.HostileMail;
import dev.postern.model.Envelope;
import dev.postern.model.Protocol;
import dev.postern.model.Security;
import com.icegreen.greenmail.store.MailFolder;
import jakarta.mail.Flags;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.util.Date;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The streamed header listing gives, field for field, what the listing through Angus's message objects gave
 * for the same server answers: over the hostile messages and corpus messages GreenMail can hold (NIL fields,
 * literals, 8-bit, bad encoded words, groups, long headers).
 */
class StreamedEnvelopesGreenMailTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort()).withPerMethodLifecycle(false);

    private static int appended;

    /**
     * Every sample GreenMail itself can hold (its own MIME parser refuses a few of the hostile ones: those are
     * for the Dovecot run, {@code StreamedEnvelopesIT}).
     */
    @BeforeAll
    static void fill() throws Exception {
        MailFolder inbox = greenMail.getManagers().getImapHostManager().getInbox(greenMail.setUser("b@localhost", "b", "pw"));
        Session mail = Session.getInstance(new Properties());
        for (HostileMail.Sample s : EnvelopeParity.samples(20_000, 64 * 1024)) {
            // GreenMail rewrites an ENVELOPE's date from its own parse, so a year written 0000 comes as 2000 on the wire:
            // the streamed listing reads the date as written (Dovecot's run, StreamedEnvelopesIT, holds that case).
            String head = new String(s.bytes(), 0, Math.min(s.bytes().length, 8192), java.nio.charset.StandardCharsets.ISO_8859_1);
            java.util.regex.Matcher date = java.util.regex.Pattern.compile("(?im)^Date:(.*)$").matcher(head);
            if (date.find() && dev.postern.render.LenientHeaders.yearWrittenBefore1900(date.group(1))) continue;
            try {
                inbox.appendMessage(new MimeMessage(mail, new ByteArrayInputStream(s.bytes())), new Flags(), new Date());
                appended++;
            } catch (Exception | StackOverflowError e) {
                // GreenMail cannot store it; Dovecot's run covers it.
            }
        }
        assertTrue(appended > 100, "most samples stored: " + appended);
    }

    private static ImapSession session() {
        AccountConfig account = new AccountConfig("t", Protocol.IMAP, "127.0.0.1", greenMail.getImap().getPort(),
                Security.PLAIN, "b", new PasswordSource.Literal("pw"), null, false, Duration.ofSeconds(60), 0);
        ImapSession s = new ImapSession(account, () -> "pw");
        s.connect();
        return s;
    }

    @Test
    void everyMessageListsAsThroughAngusMessages() {
        try (ImapSession s = session()) {
            Map<Long, Envelope> old = EnvelopeParity.throughMessages(s, "INBOX", 1);
            List<Integer> sizes = new ArrayList<>();
            Map<Long, Envelope> streamed = EnvelopeParity.streamed(s, "INBOX", 1, sizes);
            assertEquals(appended, old.size(), "every appended message listed");
            assertEquals(List.of(), EnvelopeParity.differences(old, streamed));
            assertEquals(7, sizes.get(0), "the first batch is the small one");
            assertTrue(sizes.stream().allMatch(n -> n <= 50), "no batch above the largest: " + sizes);
        }
    }

    @Test
    void fromAUidOnListsOnlyFromThere() {
        try (ImapSession s = session()) {
            long from = new java.util.TreeSet<>(s.flags("INBOX", jakarta.mail.UIDFolder.MAXUID + 1).keySet()).stream()
                    .skip(appended / 2).findFirst().orElseThrow();
            Map<Long, Envelope> old = EnvelopeParity.throughMessages(s, "INBOX", from);
            Map<Long, Envelope> streamed = EnvelopeParity.streamed(s, "INBOX", from, new ArrayList<>());
            assertEquals(from, streamed.keySet().iterator().next());
            assertEquals(List.of(), EnvelopeParity.differences(old, streamed));
            // Past the last UID: "UID n:*" answers the last message, which is not listed.
            long past = old.keySet().stream().mapToLong(Long::longValue).max().orElseThrow() + 1;
            assertEquals(Map.of(), EnvelopeParity.streamed(s, "INBOX", past, new ArrayList<>()));
        }
    }

    @Test
    void aFailingConsumerLeavesTheSessionInStep() {
        try (ImapSession s = session()) {
            IllegalStateException boom = new IllegalStateException("store full");
            IllegalStateException thrown = assertThrows(IllegalStateException.class,
                    () -> s.envelopes("INBOX", 1, 7, 50, batch -> {
                        throw boom;
                    }));
            assertEquals(boom, thrown, "the consumer's own failure, not a connection error");
            // The rest of the answer was read: the next command on the same connection gets its own answer.
            assertEquals(appended, EnvelopeParity.streamed(s, "INBOX", 1, new ArrayList<>()).size());
        }
    }

    @Test
    void bodiesStreamedAreTheBytesAngusReads() throws Exception {
        try (ImapSession s = session()) {
            Map<Long, Envelope> listed = EnvelopeParity.streamed(s, "INBOX", 1, new ArrayList<>());
            long validity = listed.values().iterator().next().ref().uidValidity();
            Map<Long, byte[]> streamed = new java.util.TreeMap<>();
            s.raws("INBOX", validity, listed.keySet(), streamed::put);
            org.eclipse.angus.mail.imap.IMAPFolder f = s.headers().folder("INBOX");
            org.eclipse.angus.mail.iap.Response[] rs = (org.eclipse.angus.mail.iap.Response[]) f.doCommand(p ->
                    ImapConnection.run(p, "UID FETCH 1:* (UID BODY.PEEK[])"));
            int compared = 0;
            for (org.eclipse.angus.mail.iap.Response r : rs) {
                if (!(r instanceof org.eclipse.angus.mail.imap.protocol.FetchResponse fr)) continue;
                long uid = fr.getItem(org.eclipse.angus.mail.imap.protocol.UID.class).uid;
                byte[] angus = fr.getItem(org.eclipse.angus.mail.imap.protocol.BODY.class).getByteArray().getNewBytes();
                org.junit.jupiter.api.Assertions.assertArrayEquals(angus, streamed.get(uid), "UID " + uid);
                compared++;
            }
            assertEquals(appended, compared);
            assertEquals(appended, streamed.size());
        }
    }
}
