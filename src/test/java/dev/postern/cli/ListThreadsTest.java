package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/** `postern list --threads` against GreenMail: the reader's thread order and ASCII tree, and thread/depth in JSON. */
class ListThreadsTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;
    private Path cfg;

    @BeforeEach
    void setUp() throws Exception {
        GreenMailUser alice = greenMail.setUser("alice@localhost", "alice", "secret");
        // UIDs 1..5 in delivery order: 2 and 4 answer 1, 3 answers 2; 5 stands alone and is the newest.
        deliver(alice, "<a@x>", null, "Lunch", "Mon, 2 Nov 2026 10:00:00 +0000");
        deliver(alice, "<b@x>", "<a@x>", "Re: Lunch", "Tue, 3 Nov 2026 10:00:00 +0000");
        deliver(alice, "<c@x>", "<a@x> <b@x>", "Re: Lunch", "Wed, 4 Nov 2026 10:00:00 +0000");
        deliver(alice, "<d@x>", "<a@x>", "Re: Lunch", "Thu, 5 Nov 2026 10:00:00 +0000");
        deliver(alice, "<e@x>", null, "Other", "Fri, 6 Nov 2026 10:00:00 +0000");
        cfg = dir.resolve("config.toml");
        Files.writeString(cfg, "data_dir = \"" + dir.resolve("data") + "\"\n"
                + "[accounts.test]\nprotocol = \"imap\"\nhost = \"127.0.0.1\"\nport = " + greenMail.getImap().getPort()
                + "\nsecurity = \"plain\"\nuser = \"alice\"\npassword = \"secret\"\ntimeout_seconds = 5\n");
        Files.setPosixFilePermissions(cfg, PosixFilePermissions.fromString("rw-------"));
    }

    private static void deliver(GreenMailUser u, String id, String refs, String subject, String date) throws Exception {
        String raw = "From: Bob <bob@localhost>\r\nTo: alice@localhost\r\nSubject: " + subject + "\r\nDate: " + date
                + "\r\nMessage-ID: " + id + "\r\n"
                + (refs == null ? "" : "References: " + refs + "\r\nIn-Reply-To: " + refs.substring(refs.lastIndexOf('<')) + "\r\n")
                + "\r\nbody\r\n";
        u.deliver(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void textShowsThreadsNewestActivityFirstWithTheTreeInTheSubjectColumn() {
        CliRun.Result r = CliRun.run(dir, cfg, "list", "--threads");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(5, lines.size(), r.out());
        List<String> uidsInOrder = lines.stream().map(l -> l.strip().split("\\s+")[0]).toList();
        assertEquals(List.of("5", "1", "2", "3", "4"), uidsInOrder, r.out());
        assertTrue(lines.get(0).contains(" Other ("), lines.get(0));
        assertTrue(lines.get(1).contains(" Lunch ("), lines.get(1));
        assertTrue(lines.get(2).contains(" |->Re: Lunch ("), lines.get(2));
        assertTrue(lines.get(3).contains(" | `->Re: Lunch ("), lines.get(3));
        assertTrue(lines.get(4).contains(" `->Re: Lunch ("), lines.get(4));
        // The subject column starts at the same place on every row; only the tree indents it.
        int col = lines.get(1).indexOf("Lunch");
        assertEquals(col, lines.get(2).indexOf("|->"));
        assertEquals(col, lines.get(3).indexOf("| `->"));
    }

    @Test
    void jsonCarriesThreadAndDepth() {
        CliRun.Result r = CliRun.run(dir, cfg, "list", "--threads", "--json");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(5, lines.size(), r.out());
        String[][] expected = {{"5", "5", "0"}, {"1", "1", "0"}, {"2", "1", "1"}, {"3", "1", "2"}, {"4", "1", "1"}};
        for (int i = 0; i < 5; i++) {
            String l = lines.get(i);
            assertTrue(l.contains("\"uid\":" + expected[i][0] + ","), l);
            assertTrue(l.contains("\"thread\":" + expected[i][1] + ","), l);
            assertTrue(l.contains("\"depth\":" + expected[i][2] + ",\"parent_missing\":false}"), l);
        }
    }

    @Test
    void withoutThreadsTheListStaysFlatNewestFirst() {
        CliRun.Result r = CliRun.run(dir, cfg, "list", "--cached");
        CliRun.Result flat = CliRun.run(dir, cfg, "list");
        assertEquals(0, flat.code(), flat.err());
        List<String> uids = flat.out().lines().map(l -> l.strip().split("\\s+")[0]).toList();
        assertEquals(List.of("5", "4", "3", "2", "1"), uids);
        assertTrue(flat.out().lines().noneMatch(l -> l.contains("->")), flat.out());
        assertEquals(0, r.code());
    }
}
