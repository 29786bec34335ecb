package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.app.AppContext;
import dev.postern.e2e.PosternConfig;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18, at 80x24: r starts from reply_template with the attribution setting, the signature after it; f then i
 * from forward_template; m from new_template. Each file is read when the draft is made, so an edit shows at once.
 */
class TuiTemplateTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(
            new ServerSetup[] {ServerSetupTest.IMAP.dynamicPort(), ServerSetupTest.SMTP.dynamicPort()});

    @TempDir Path dir;

    @Test
    void replyForwardAndNewStartFromTheUsersFiles() throws Exception {
        GreenMailUser alice = greenMail.setUser("alice@localhost", "alice", "secret");
        String raw = "From: Bob Jones <bob@localhost>\r\nTo: alice@localhost\r\nSubject: Lunch\r\n"
                + "Date: Fri, 20 Nov 2026 09:30:00 +0000\r\nMessage-ID: <l-1@localhost>\r\n\r\nThursday at noon?\r\n";
        alice.deliver(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8))));
        Path reply = Files.writeString(dir.resolve("reply.txt"), "Hi %n,\n\n%A\n%q\n");
        Files.writeString(dir.resolve("fwd.txt"), "Passing this on.\n%h\n~~\n%b\n");
        Files.writeString(dir.resolve("new.txt"), "Dear all,\n");
        Path sig = Files.writeString(dir.resolve("sig"), "Alice\n");
        Path config = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                "attribution = \"%n <%a> wrote:\"\nreply_template = \"reply.txt\"\nforward_template = \"" + dir.resolve("fwd.txt")
                        + "\"\nnew_template = \"~/new.txt\"\nsignature_file = \"" + sig + "\"\n",
                PosternConfig.account("test", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "alice", "secret", 10, null),
                "[accounts.test.smtp]\nhost = \"127.0.0.1\"\nport = " + greenMail.getSmtp().getPort()
                        + "\nsecurity = \"plain\"\nfrom = \"Alice <alice@localhost>\"\n");
        Map<String, String> env = Map.of("HOME", dir.toString(), "EDITOR", "true");
        try (AppContext ctx = new AppContext(env, config);
             TuiHarness h = new TuiHarness(ctx.controller(), "test", "INBOX", 80, 24, Palette.defaults())) {
            h.awaitText("Lunch");
            h.type("r");
            String review = h.awaitText("Hi Bob Jones,");
            assertTrue(review.contains("Bob Jones <bob@localhost> wrote:"), review);
            assertTrue(review.contains("> Thursday at noon?"), review);
        }
        Files.writeString(reply, "Edited: %s\n");
        try (AppContext ctx = new AppContext(env, config);
             TuiHarness h = new TuiHarness(ctx.controller(), "test", "INBOX", 80, 24, Palette.defaults())) {
            h.awaitText("Lunch");
            h.type("r");
            h.awaitText("Edited: Lunch");
        }
        try (AppContext ctx = new AppContext(env, config);
             TuiHarness h = new TuiHarness(ctx.controller(), "test", "INBOX", 80, 24, Palette.defaults())) {
            h.awaitText("Lunch");
            h.type("f");
            h.awaitText("Forward inline or as attachment? (i/a)");
            h.type("i");
            String review = h.awaitText("Passing this on.");
            assertTrue(review.contains("From: Bob Jones <bob@localhost>"), review);
            assertTrue(review.contains("~~"), review);
            assertTrue(review.contains("Thursday at noon?"), review);
        }
        try (AppContext ctx = new AppContext(env, config);
             TuiHarness h = new TuiHarness(ctx.controller(), "test", "INBOX", 80, 24, Palette.defaults())) {
            h.awaitText("Lunch");
            h.type("m");
            h.awaitText("Dear all,");
        }
    }
}
