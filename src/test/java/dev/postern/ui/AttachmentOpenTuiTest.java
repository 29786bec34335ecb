package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.input.KeyType;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.e2e.PosternConfig;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18, the reader at 80x24 started as `postern --config FILE` is: v opens an attachment through the mailcap
 * entry of mailcap_path. A terminal viewer gets a private read-only copy (under a safe name, removed after) and
 * the screen comes back with its exit status; a copiousoutput viewer's output shows in the pager and q goes back
 * to the message; s saves one attachment.
 */
class AttachmentOpenTuiTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;

    private static final byte[] BLOB = "\u0000\u0001binary payload\u00ff".getBytes(StandardCharsets.ISO_8859_1);

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", dir.toString());
        env.put("XDG_CONFIG_HOME", dir.resolve("cfg").toString());
        env.put("XDG_STATE_HOME", dir.resolve("state").toString());
        env.put("TERM", "xterm-256color");
        return env;
    }

    private Path script(String name, String body) throws Exception {
        Path s = dir.resolve(name);
        Files.writeString(s, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwx------"));
        return s;
    }

    @Test
    void vOpensThroughMailcapAndSSavesOne() throws Exception {
        String raw = "From: Bob <bob@localhost>\r\nSubject: Two files\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n"
                + "--b\r\nContent-Type: application/x-postern-test; name=\"../$(reboot).dat\"\r\n"
                + "Content-Disposition: attachment; filename=\"../$(reboot).dat\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getMimeEncoder().encodeToString(BLOB) + "\r\n"
                + "--b\r\nContent-Type: text/csv\r\nContent-Disposition: attachment; filename=\"table.csv\"\r\n\r\n"
                + "north,12\r\nsouth,7\r\n--b--\r\n";
        greenMail.setUser("carol@localhost", "carol", "pw").deliver(new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8))));
        Path log = dir.resolve("viewer.log");
        Path copy = dir.resolve("copy");
        // Writes nothing to the terminal: under the test runner its stdout is the runner's own channel.
        Path viewer = script("viewer.sh", "echo \"$#|$1|$(stat -c %a \"$1\")\" > '" + log + "'\ncp \"$1\" '" + copy + "'\nexit 0\n");
        Path table = script("table.sh", "echo 'rows of the table:'\ntr , = < \"$1\"\n");
        Path mailcap = dir.resolve("mailcap");
        Files.writeString(mailcap, "application/x-postern-test; " + viewer + " %s\ntext/csv; " + table + " %s; copiousoutput\n");
        Files.createDirectories(dir.resolve("cfg/postern"));
        Path config = PosternConfig.write(dir.resolve("cfg/postern/config.toml"), dir.resolve("data"),
                "mailcap_path = \"" + mailcap + "\"\n",
                PosternConfig.account("real", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "carol", "pw", 30, null));
        Path out = Files.createDirectory(dir.resolve("out"));

        InProcessPostern postern = new InProcessPostern();
        try (TuiHarness h = postern.start(config, env(), 80, 24)) {
            postern.awaitStart(h, "Two files");
            h.press(KeyType.Enter);
            h.awaitText("See attached.");
            h.awaitText("table.csv");

            h.type("v");
            h.awaitText("Open attachment 1-2 (Enter: 1):");
            h.press(KeyType.Enter);
            h.awaitText("Opened attachment 1 with viewer.sh.");
            h.awaitText("See attached."); // the screen is back
            String[] seen = Files.readString(log).strip().split("\\|");
            assertEquals("1", seen[0], "one argument");
            assertFalse(seen[1].contains("/../") || seen[1].contains("$("), "a safe name: " + seen[1]);
            assertEquals("400", seen[2], "a read-only copy");
            assertFalse(Files.exists(Path.of(seen[1])), "removed when the viewer exits");
            assertTrue(java.util.Arrays.equals(BLOB, Files.readAllBytes(copy)), "the attachment's decoded bytes");

            h.type("v");
            h.awaitText("Open attachment 1-2 (Enter: 1):");
            h.type("2");
            h.press(KeyType.Enter);
            String screen = h.awaitText("rows of the table:");
            assertTrue(screen.contains("north=12") && screen.contains("south=7"), screen);
            h.awaitText("Opened attachment 2 with table.sh.");
            h.type("q"); // back to the message
            h.awaitText("See attached.");

            h.type("v");
            h.type("3");
            h.press(KeyType.Enter);
            h.awaitText("There is no attachment 3; this message has 2.");

            h.type("s");
            h.awaitText("Save attachment 1-2 (Enter: all)");
            h.type("2 " + out);
            h.press(KeyType.Enter);
            h.awaitText("Saved table.csv in " + out);
            assertEquals("north,12\r\nsouth,7", Files.readString(out.resolve("table.csv")));

            // "2 | command" at the same prompt pipes attachment 2's decoded bytes to a command; its output in the
            // pager, q back to the message, its exit status on the status line.
            Path piped = dir.resolve("piped");
            h.type("s");
            h.awaitText("Save attachment 1-2 (Enter: all)");
            h.type("2 | tee '" + piped + "' | tr , =; exit 4");
            h.press(KeyType.Enter);
            h.awaitText("The command exited with status 4:");
            screen = h.awaitText("exit status 4");
            assertTrue(screen.contains("north=12") && screen.contains("south=7"), screen);
            assertEquals("north,12\r\nsouth,7", Files.readString(piped));
            h.type("q");
            h.awaitText("See attached.");
        }
    }
}
