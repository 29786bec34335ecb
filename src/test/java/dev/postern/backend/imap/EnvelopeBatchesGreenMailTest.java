package dev.postern.backend.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.config.AccountConfig;
import dev.postern.config.PasswordSource;
import dev.postern.model.Envelope;
import dev.postern.model.Protocol;
import dev.postern.model.Security;
import jakarta.mail.Flags;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A folder's headers come in batches that start small (the reader's first rows) and double up to a ceiling
 * (few round trips and commits for a big folder, bounded memory), every message once, in UID order.
 */
class EnvelopeBatchesGreenMailTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @Test
    void batchesDoubleFromTheFirstUpToTheLargest() throws Exception {
        MailFolder inbox = greenMail.getManagers().getImapHostManager().getInbox(greenMail.setUser("b@localhost", "b", "pw"));
        Session mail = Session.getInstance(new Properties());
        for (int i = 1; i <= 130; i++) {
            String raw = "From: a@localhost\r\nTo: b@localhost\r\nSubject: n" + i + "\r\n\r\nbody " + i + "\r\n";
            inbox.appendMessage(new MimeMessage(mail, new ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII))),
                    new Flags(), new Date());
        }
        AccountConfig account = new AccountConfig("t", Protocol.IMAP, "127.0.0.1", greenMail.getImap().getPort(),
                Security.PLAIN, "b", new PasswordSource.Literal("pw"), null, false, Duration.ofSeconds(20), 0);
        List<Integer> sizes = new ArrayList<>();
        List<String> subjects = new ArrayList<>();
        long[] lastUid = {0};
        try (ImapSession s = new ImapSession(account, () -> "pw")) {
            s.connect();
            s.envelopes("INBOX", 1, 10, 40, batch -> {
                sizes.add(batch.size());
                for (Envelope e : batch) {
                    assertEquals(true, e.ref().uid() > lastUid[0], "ascending UIDs");
                    lastUid[0] = e.ref().uid();
                    subjects.add(e.subject());
                }
            });
        }
        assertEquals(List.of(10, 20, 40, 40, 20), sizes);
        assertEquals(130, subjects.size());
        assertEquals("n1", subjects.get(0));
        assertEquals("n130", subjects.get(129));
    }
}
