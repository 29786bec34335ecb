package dev.postern.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.cli.CachedList;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: a plain {@code postern list --cached} line is read without picocli ({@link CachedList}); its output
 * (stdout and stderr, byte for byte) and exit code are picocli's for every such line, and every other line (help,
 * a bad value, a repeated option, an unknown one) still goes through picocli.
 */
class CachedListLineTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;
    private String cfg;

    @BeforeEach
    void setUp() throws Exception {
        GreenMailUser alice = greenMail.setUser("alice@localhost", "alice", "secret");
        deliver(alice, "<a@x>", null, "Lunch", "Mon, 2 Nov 2026 10:00:00 +0000");
        deliver(alice, "<b@x>", "<a@x>", "Re: Lunch", "Tue, 3 Nov 2026 10:00:00 +0000");
        deliver(alice, "<c@x>", null, "Caf\u00e9 \u65e5\u672c", "Wed, 4 Nov 2026 10:00:00 +0000");
        cfg = config(dir, greenMail.getImap().getPort());
        Run listed = run(true, "--config", cfg, "list");
        assertEquals(0, listed.code, listed.toString());
    }

    /** An owner-only config for alice's GreenMail IMAP account {@code test}, data under {@code dir/data}; its path. */
    static String config(Path dir, int imapPort) throws java.io.IOException {
        Path file = dir.resolve("config.toml");
        Files.writeString(file, "data_dir = \"" + dir.resolve("data") + "\"\n"
                + "[accounts.test]\nprotocol = \"imap\"\nhost = \"127.0.0.1\"\nport = " + imapPort
                + "\nsecurity = \"plain\"\nuser = \"alice\"\npassword = \"secret\"\ntimeout_seconds = 5\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file.toString();
    }

    /** A message from Bob with {@code subject} (any Unicode, Q-encoded) and, when not null, a reply's References. */
    static void deliver(GreenMailUser u, String id, String refs, String subject, String date) throws Exception {
        String raw = "From: Bob <bob@localhost>\r\nTo: alice@localhost\r\nSubject: =?UTF-8?Q?" + q(subject) + "?=\r\nDate: " + date
                + "\r\nMessage-ID: " + id + "\r\n"
                + (refs == null ? "" : "References: " + refs + "\r\nIn-Reply-To: " + refs + "\r\n") + "\r\nbody\r\n";
        u.deliver(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII))));
    }

    private static String q(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) b.append(String.format("=%02X", x & 0xff));
        return b.toString();
    }

    @Test
    void plainLinesAreReadWithoutPicocliAndPrintWhatPicocliPrints() {
        List<List<String>> lines = List.of(
                List.of("list", "--cached"),
                List.of("list", "--cached", "--limit", "2"),
                List.of("list", "--limit=2", "--cached", "--json"),
                List.of("list", "--cached", "--limit", "0"),
                List.of("list", "--cached", "--threads"),
                List.of("list", "--threads", "--cached", "--json", "--limit", "2"),
                List.of("-a", "test", "list", "--cached"),
                List.of("list", "--cached", "--account=test", "INBOX"),
                List.of("list", "--cached", "-a", "test", "--", "INBOX"),
                List.of("list", "INBOX", "--cached"),
                List.of("list", "--cached", "Nope"),             // a folder the store has never heard of: stderr, exit 0
                List.of("-a", "nobody", "list", "--cached"),     // no such account
                List.of("--config=" + dir.resolve("missing.toml"), "list", "--cached")); // no config file
        List<String> codes = new ArrayList<>();
        for (List<String> line : lines) {
            String[] args = withConfig(line);
            assertNotNull(CachedList.of(args), "read without picocli: " + line);
            Run fast = run(true, args);
            Run picocli = run(false, args);
            assertEquals(picocli, fast, String.join(" ", line));
            codes.add(line + " " + fast.code);
        }
        // The lines above cover success, a note on stderr and failures.
        assertTrue(run(true, withConfig(List.of("list", "--cached"))).out.contains("Re: Lunch"));
        assertTrue(codes.stream().anyMatch(c -> !c.endsWith(" 0")), String.join("\n", codes));
    }

    @Test
    void everyOtherLineGoesThroughPicocliAsBefore() {
        List<List<String>> lines = List.of(
                List.of("list", "--cached", "--help"),
                List.of("list", "-h", "--cached"),
                List.of("list", "--cached", "--version"),
                List.of("list"),                                   // not --cached: the server is asked
                List.of("list", "--cached", "--limit", "-1"),
                List.of("list", "--cached", "--limit", "x"),
                List.of("list", "--cached", "--limit", "010"),
                List.of("list", "--cached", "--limit", "9999999999"),
                List.of("list", "--cached", "--limit"),
                List.of("list", "--cached", "--limit", "2", "--limit", "3"),
                List.of("list", "--cached", "--cached"),
                List.of("list", "--cached", "--json=true"),
                List.of("list", "--cached", "INBOX", "Other"),
                List.of("list", "--cached", "--bogus"),
                List.of("list", "--cached", "@args"),
                List.of("--limit", "2", "list", "--cached"),
                List.of("INBOX", "list", "--cached"),
                List.of("folders", "--cached"),
                List.of("list", "--cached", "-a"),
                List.of("-atest", "list", "--cached"));
        for (List<String> line : lines) {
            String[] args = withConfig(line);
            assertNull(CachedList.of(args), "left to picocli: " + line);
            assertEquals(run(false, args), run(true, args), String.join(" ", line));
        }
        Run help = run(true, withConfig(List.of("list", "--cached", "--help")));
        assertEquals(0, help.code, help.toString());
        assertTrue(help.out.startsWith("Usage: postern list"), help.out);
        Run bad = run(true, withConfig(List.of("list", "--cached", "--limit", "-1")));
        assertEquals(64, bad.code, bad.toString());
        Run twice = run(true, withConfig(List.of("list", "--cached", "--limit", "2", "--limit", "3")));
        assertEquals(64, twice.code, twice.toString());
    }

    private String[] withConfig(List<String> line) {
        List<String> all = new ArrayList<>();
        if (line.stream().noneMatch(a -> a.startsWith("--config"))) {
            all.add("--config");
            all.add(cfg);
        }
        all.addAll(line);
        return all.toArray(String[]::new);
    }

    record Run(int code, String out, String err) {}

    private Run run(boolean plainLinesFirst, String... args) {
        return run(dir, plainLinesFirst, args);
    }

    /**
     * {@code postern ARGS} in this JVM, HOME at {@code dir}; {@code plainLinesFirst} false sends every line through
     * picocli (which always reads the store).
     */
    static Run run(Path dir, boolean plainLinesFirst, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = Map.of("HOME", dir.toString(), "XDG_STATE_HOME", dir.resolve("state").toString());
        int code = Main.run(args, env, new ByteArrayInputStream(new byte[0]), false, out,
                new PrintStream(err, true, StandardCharsets.UTF_8),
                (c, a, f) -> { throw new AssertionError("no UI in batch tests"); }, plainLinesFirst);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
