package dev.postern.command;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.backend.imap.ImapSession;
import dev.postern.config.Config;
import dev.postern.config.ConfigLoader;
import dev.postern.controller.DefaultMailController;
import dev.postern.e2e.PosternConfig;
import dev.postern.model.Envelope;
import dev.postern.model.Flag;
import dev.postern.model.Flags;
import dev.postern.model.Folder;
import dev.postern.model.MessageRef;
import dev.postern.store.MapDbStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reader's ':retention' as it runs it: typed words, the controller's job, the report's sentence; no argv. */
class TypedRetentionCommandTest {
    @TempDir Path home;
    private MapDbStore store;
    private DefaultMailController c;

    @BeforeEach
    void setUp() throws Exception {
        Path p = PosternConfig.write(home.resolve("config.toml"), home.resolve("data"),
                PosternConfig.account("t", "imap", "127.0.0.1", 1, "plain", "dan", "pw", 20, null),
                "[[retention]]\nname = \"purge\"\naccount = \"t\"\nfolders = [\"INBOX\"]\nolder_than_days = 30\nmax_share_percent = 50\n");
        Config config = new ConfigLoader(Map.of("HOME", home.toString())).load(p);
        store = MapDbStore.open(config.dataDir());
        store.putFolder(new Folder("t", "INBOX", '/', 0, 0, java.util.Set.of()));
        for (long uid = 1; uid <= 10; uid++) {
            MessageRef r = new MessageRef("t", "INBOX", 5, uid);
            store.putEnvelopes(List.of(new Envelope(r, "<" + uid + "@x>", Instant.parse("2020-01-01T10:00:00Z").plusSeconds(uid),
                    "a@x", null, null, "s" + uid, 100, Flags.of(Flag.SEEN), null, null, null,
                    Instant.parse("2020-01-01T10:00:00Z"))));
            store.attachBody(r, ("Message-ID: <" + uid + "@x>\r\n\r\nbody\r\n").getBytes(UTF_8));
        }
        store.commit();
        c = new DefaultMailController(config, store, a -> new ImapSession(a, () -> "pw"), raw -> null);
    }

    @AfterEach
    void tearDown() {
        c.close();
        store.close();
    }

    private Result run(String... words) throws Exception {
        return Commands.run(c, List.of(words), "t", null).get(60, TimeUnit.SECONDS);
    }

    @Test
    void retentionRunsTypedAsAJobAndSaysWhatItDid() throws Exception {
        assertEquals("10 messages would be deleted", run("retention", "--dry-run").text());
        Result refused = run("retention");
        assertTrue(refused.text().startsWith("nothing was deleted"), refused.text());
        assertEquals(10, store.count("t", "INBOX"));

        RetentionCommand.Retained done = assertInstanceOf(RetentionCommand.Retained.class, run("retention", "--yes"));
        assertEquals(10, done.report().deleted());
        assertTrue(done.text().startsWith("10 messages deleted; audit log "), done.text());
        assertEquals(0, store.count("t", "INBOX"));
        // A real run that finds nothing says what it did, not what a dry run would (hunt 33-Z, Z19).
        assertEquals("0 messages deleted: no rule matched any message", run("retention").text());
        assertEquals("0 messages would be deleted", run("retention", "--dry-run").text());
        assertEquals("retention: Unknown option: '--force'; it takes --dry-run, --yes.", Commands.problem(List.of("retention", "--force")));
    }
}
