package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * `postern list --threads` against GreenMail, hunt 38-Q: an In-Reply-To naming an earlier References entry (Q2) and
 * replies to a message that is not in the folder (Q3), in the text and in JSON.
 */
class ListThreadsParentsTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;
    private Path cfg;

    @BeforeEach
    void setUp() throws Exception {
        GreenMailUser alice = greenMail.setUser("alice@localhost", "alice", "secret");
        // UIDs 1..3: s2 answers s1; s3 answers s2 but its In-Reply-To names the thread's first message, s1.
        deliver(alice, "<s1@t>", null, null, "Conflict root", "Mon, 2 Nov 2026 10:00:00 +0000");
        deliver(alice, "<s2@t>", "<s1@t>", "<s1@t>", "Re: Conflict root", "Tue, 3 Nov 2026 10:00:00 +0000");
        deliver(alice, "<s3@t>", "<s1@t>", "<s1@t> <s2@t>", "Re: Conflict root", "Wed, 4 Nov 2026 10:00:00 +0000");
        // UIDs 4..6: E and F answer x@t, which is not here; G answers E.
        deliver(alice, "<e@t>", "<x@t>", "<x@t>", "Re: Lost parent", "Thu, 5 Nov 2026 10:00:00 +0000");
        deliver(alice, "<f@t>", "<x@t>", "<x@t>", "Re: Lost parent", "Fri, 6 Nov 2026 10:00:00 +0000");
        deliver(alice, "<g@t>", "<e@t>", "<x@t> <e@t>", "Re: Re: Lost parent", "Sat, 7 Nov 2026 10:00:00 +0000");
        // UID 7 answers gone@t (not here), which answered s1: drawn under s1, marked. UID 8 answers nobody@t alone.
        deliver(alice, "<h@t>", "<gone@t>", "<s1@t> <gone@t>", "Re: Conflict root", "Sun, 1 Nov 2026 10:00:00 +0000");
        deliver(alice, "<l@t>", "<nobody@t>", "<nobody@t>", "Re: Alone", "Sun, 1 Nov 2026 09:00:00 +0000");
        cfg = dir.resolve("config.toml");
        Files.writeString(cfg, "data_dir = \"" + dir.resolve("data") + "\"\n"
                + "[accounts.test]\nprotocol = \"imap\"\nhost = \"127.0.0.1\"\nport = " + greenMail.getImap().getPort()
                + "\nsecurity = \"plain\"\nuser = \"alice\"\npassword = \"secret\"\ntimeout_seconds = 5\n");
        Files.setPosixFilePermissions(cfg, PosixFilePermissions.fromString("rw-------"));
    }

    private static void deliver(GreenMailUser u, String id, String inReplyTo, String refs, String subject, String date) throws Exception {
        String raw = "From: Bob <bob@localhost>\r\nTo: alice@localhost\r\nSubject: " + subject + "\r\nDate: " + date
                + "\r\nMessage-ID: " + id + "\r\n" + (refs == null ? "" : "References: " + refs + "\r\n")
                + (inReplyTo == null ? "" : "In-Reply-To: " + inReplyTo + "\r\n") + "\r\nbody\r\n";
        u.deliver(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII))));
    }

    /** Each line's UID and the tree drawn before its subject, in order (the subject column is s1's, "Conflict root"). */
    private static List<String> uidsAndTrees(String out) {
        int column = out.lines().filter(l -> l.endsWith(")") && l.contains(" Conflict root (")).findFirst().orElseThrow()
                .indexOf("Conflict root");
        return out.lines().map(l -> {
            int at = l.indexOf("Re: ");
            return l.strip().split("\\s+")[0] + " " + l.substring(column, at < 0 ? column : at);
        }).toList();
    }

    @Test
    void theRootStaysOnTopAndRepliesToAMissingParentAreSiblings() {
        CliRun.Result r = CliRun.run(dir, cfg, "list", "--threads");
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of("4 ,*>", "6 | `->", "5 `*>", "1 ", "7 |*>", "2 `->", "3   `->", "8 "), uidsAndTrees(r.out()), r.out());
    }

    @Test
    void jsonGivesRepliesToAMissingParentEqualDepthAndSaysTheParentIsMissing() {
        CliRun.Result r = CliRun.run(dir, cfg, "list", "--threads", "--json");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        String[][] expected = {{"4", "4", "1", "true"}, {"6", "4", "2", "false"}, {"5", "4", "1", "true"},
                {"1", "1", "0", "false"}, {"7", "1", "1", "true"}, {"2", "1", "1", "false"}, {"3", "1", "2", "false"},
                {"8", "8", "0", "true"}};
        assertEquals(expected.length, lines.size(), r.out());
        for (int i = 0; i < expected.length; i++) {
            String l = lines.get(i);
            String want = "\"uid\":" + expected[i][0] + ",";
            String tail = "\"thread\":" + expected[i][1] + ",\"depth\":" + expected[i][2] + ",\"parent_missing\":" + expected[i][3] + "}";
            assertEquals(true, l.contains(want) && l.endsWith(tail), "row " + i + " should have " + want + " ... " + tail + ": " + r.out());
        }
    }
}
