package dev.postern.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.app.Main;
import dev.postern.e2e.PosternConfig;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * POP3: a message larger than one answer may be (256 MiB; 4 MiB here) with no max_message_bytes is stored
 * header-only, and the fetch succeeds; asked for with RETR it ended the connection at the cap and failed that fetch
 * and every one after it (from cron: forever), blaming the server. Read explicitly, it is refused as postern's own
 * limit (65), not as the server's fault.
 */
class LargePop3MessageGreenMailTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.POP3.dynamicPort());

    @TempDir Path dir;

    private record Run(int code, String out, String err) {}

    private Run run(String... args) throws Exception {
        Path cfg = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("p", "pop3", "127.0.0.1", greenMail.getPop3().getPort(), "plain", "alice", "secret", 10, null)
                        + "[accounts.p.pop3]\nkeep_on_server = true\n");
        String[] full = new String[args.length + 2];
        full[0] = "--config";
        full[1] = cfg.toString();
        System.arraycopy(args, 0, full, 2, args.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(full, Map.of("HOME", dir.toString(), "XDG_STATE_HOME", dir.resolve("state").toString()),
                new ByteArrayInputStream(new byte[0]), false, out, new PrintStream(err, true, StandardCharsets.UTF_8),
                (c, a, f) -> { throw new AssertionError("no UI in batch tests"); });
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void deliver(GreenMailUser u, String id, String subject, String body) throws Exception {
        String raw = "From: Bob <bob@localhost>\r\nTo: alice@localhost\r\nSubject: " + subject
                + "\r\nDate: Mon, 2 Nov 2026 10:00:00 +0000\r\nMessage-ID: " + id + "\r\n\r\n" + body;
        u.deliver(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void aMessageLargerThanAnAnswerMayBeIsStoredHeaderOnlyAndTheFetchSucceeds() throws Exception {
        GreenMailUser alice = greenMail.setUser("alice@localhost", "alice", "secret");
        deliver(alice, "<small@x>", "Small", "hello\r\n");
        StringBuilder big = new StringBuilder(6 << 20);
        String line = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefghij\r\n";
        while (big.length() < (5 << 20)) big.append(line);
        deliver(alice, "<big@x>", "Big", big.toString());
        long was = SessionProperties.pop3MessageCap;
        SessionProperties.pop3MessageCap = 4 << 20;
        try {
            Run fetch = run("fetch", "--json");
            assertEquals(0, fetch.code(), fetch.toString());
            assertFalse(fetch.err().contains("larger than"), fetch.toString());
            assertTrue(fetch.out().contains("\"header_only\":1"), fetch.toString());
            Run again = run("fetch");
            assertEquals(0, again.code(), "and every fetch after it: " + again);
            Run listed = run("list", "--cached", "--json");
            assertTrue(listed.out().contains("\"subject\":\"Big\""), listed.toString());
            String smallRow = listed.out().lines().filter(l -> l.contains("\"subject\":\"Small\"")).findFirst().orElseThrow();
            assertTrue(smallRow.contains("\"cached\":true"), smallRow);
            // Asked for explicitly, it is refused as postern's own limit, before any RETR: not blamed on the server.
            String bigRow = listed.out().lines().filter(l -> l.contains("\"subject\":\"Big\"")).findFirst().orElseThrow();
            java.util.regex.Matcher uid = java.util.regex.Pattern.compile("\"uid\":(\\d+)").matcher(bigRow);
            assertTrue(uid.find(), bigRow);
            Run read = run("read", uid.group(1));
            assertEquals(65, read.code(), read.toString());
            assertTrue(read.err().contains("more than postern reads from a POP3 server"), read.toString());
            assertFalse(read.err().contains("fault"), read.toString());
            assertEquals(1, read.err().strip().lines().count(), read.toString());
        } finally {
            SessionProperties.pop3MessageCap = was;
        }
    }
}
