package dev.postern.backend.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.config.AccountConfig;
import dev.postern.config.PasswordSource;
import dev.postern.model.Protocol;
import dev.postern.model.Security;
import jakarta.mail.Flags;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * save_sent = "auto" against an IMAP server that says it is Gmail's (X-GM-EXT-1): Gmail's SMTP server filed the
 * message in Sent already, so no copy is appended; any other server gets the copy.
 */
class SentAppenderFiledTest {
    private static SentAppender.Appended sent(String capabilities, HostileImap s) {
        s.capabilities = capabilities;
        s.on("LIST", (c, tag, args) -> {
            c.say("* LIST (\\Sent) \"/\" Sent");
            c.say(tag + " OK done");
        }).on("APPEND", (c, tag, args) -> {
            int n = Integer.parseInt(args.substring(args.lastIndexOf('{') + 1, args.lastIndexOf('}')));
            c.say("+ go on");
            c.in().readNBytes(n);
            dev.postern.backend.link.ScriptedServer.line(c.in());
            c.say(tag + " OK [APPENDUID 7 3] appended");
        });
        AccountConfig a = new AccountConfig("t", Protocol.IMAP, "127.0.0.1", s.port(), Security.PLAIN, "a",
                new PasswordSource.Literal("pw"), null, false, Duration.ofSeconds(5), 0);
        return new SentAppender(a, () -> "pw").appendUnlessFiled(HostileImap.RAW.getBytes(StandardCharsets.US_ASCII),
                "\\Sent", "Sent", new Flags(Flags.Flag.SEEN));
    }

    @Test
    void gmailFilesTheCopyItselfAnyOtherServerGetsOne() throws Exception {
        try (HostileImap s = new HostileImap()) {
            assertNull(sent("IMAP4rev1 UIDPLUS X-GM-EXT-1", s));
            assertTrue(s.got.stream().noneMatch(l -> l.contains("APPEND")), s.got.toString());
        }
        try (HostileImap s = new HostileImap()) {
            SentAppender.Appended done = sent("IMAP4rev1 UIDPLUS", s);
            assertEquals("Sent", done.folder());
            assertEquals(3, done.uid());
            assertTrue(s.got.stream().anyMatch(l -> l.contains("APPEND")), s.got.toString());
        }
    }
}
