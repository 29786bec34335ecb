package dev.postern.e2e;

import com.icegreen.greenmail.user.GreenMailUser;
import dev.postern.app.Main;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * {@code postern --config DIR/config.toml ARGS} in this JVM, its data under {@code DIR/data} and HOME at {@code DIR},
 * for tests that need a package-private test hook of the JVM they run in (an answer cap lowered), and the
 * messages such tests deliver to GreenMail.
 */
public final class InProcessRun {
    private InProcessRun() {}

    /** What one run printed. */
    public record Result(int code, String out, String err) {}

    /** Writes the config ({@code accountToml} under {@code DIR/data}) and runs {@code args} against it. */
    public static Result run(Path dir, String accountToml, String... args) throws java.io.IOException {
        Path cfg = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"), accountToml);
        String[] full = PosternConfig.argv(cfg, args);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(full, Map.of("HOME", dir.toString(), "XDG_STATE_HOME", dir.resolve("state").toString()),
                new ByteArrayInputStream(new byte[0]), false, out, new PrintStream(err, true, StandardCharsets.UTF_8),
                (c, a, f) -> { throw new AssertionError("no UI in batch tests"); });
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** A plain ASCII message to {@code u} with {@code body} as it is (CRLF lines). */
    public static void deliver(GreenMailUser u, String messageId, String subject, String body) throws Exception {
        String raw = "From: Bob <bob@localhost>\r\nTo: alice@localhost\r\nSubject: " + subject
                + "\r\nDate: Mon, 2 Nov 2026 10:00:00 +0000\r\nMessage-ID: " + messageId + "\r\n\r\n" + body;
        u.deliver(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII))));
    }

    /** A body of {@code bytes} or a little more: 82-byte lines of letters and digits, CRLF, then {@code lastLine}. */
    public static String bigBody(int bytes, String lastLine) {
        StringBuilder big = new StringBuilder(bytes + 1024);
        String line = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefghij\r\n";
        while (big.length() < bytes) big.append(line);
        return big.append(lastLine).append("\r\n").toString();
    }
}
