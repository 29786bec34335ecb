package dev.postern.backend.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.config.AccountConfig;
import dev.postern.config.PasswordSource;
import dev.postern.model.Protocol;
import dev.postern.model.Security;
import jakarta.mail.Flags;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Postponing a draft replaces the copies Drafts already holds of it (same Message-ID) with the new one, keeps every
 * other message, and keeps a message without a Message-ID as a plain append does.
 */
class SentAppenderReplaceGreenMailTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    private static final Flags DRAFT = new Flags(Flags.Flag.DRAFT);

    private static byte[] draft(String messageId, String body) {
        String id = messageId == null ? "" : "Message-ID: " + messageId + "\r\n";
        return ("From: a@localhost\r\nTo: b@localhost\r\n" + id + "Subject: plan\r\n\r\n" + body + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aDraftPostponedAgainReplacesItsEarlierCopiesAndNothingElse() throws Exception {
        GreenMailUser user = greenMail.setUser("a@localhost", "a", "pw");
        AccountConfig account = new AccountConfig("t", Protocol.IMAP, "127.0.0.1", greenMail.getImap().getPort(),
                Security.PLAIN, "a", new PasswordSource.Literal("pw"), null, false, Duration.ofSeconds(20), 0);
        SentAppender appender = new SentAppender(account, () -> "pw");

        appender.replace(draft("<d1@x>", "first words"), "\\Drafts", "Drafts", DRAFT);
        // As a try whose answer was lost: the same bytes stored twice (a plain append does not replace).
        appender.append(draft("<d1@x>", "first words"), "\\Drafts", "Drafts", DRAFT);
        appender.replace(draft("<other-d1@x>", "another message"), "\\Drafts", "Drafts", DRAFT);
        appender.replace(draft(null, "no Message-ID"), "\\Drafts", "Drafts", DRAFT);
        appender.replace(draft(null, "no Message-ID either"), "\\Drafts", "Drafts", DRAFT);
        MailFolder drafts = greenMail.getManagers().getImapHostManager().getFolder(user, "Drafts");
        assertEquals(5, drafts.getMessageCount(), bodies(drafts).toString());

        SentAppender.Appended last = appender.replace(draft("<d1@x>", "second words"), "\\Drafts", "Drafts", DRAFT);
        List<String> left = bodies(drafts);
        assertEquals(List.of("another message", "no Message-ID", "no Message-ID either", "second words"),
                left.stream().sorted().toList(), "the two earlier copies of <d1@x> went, the newest stayed");
        assertEquals("Drafts", last.folder());
        assertTrue(last.uid() > 0, "the new copy's UID: " + last);
    }

    private static List<String> bodies(MailFolder f) throws Exception {
        List<String> out = new ArrayList<>();
        for (StoredMessage m : f.getMessages()) {
            out.add(new String(m.getMimeMessage().getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip());
        }
        return out;
    }
}
