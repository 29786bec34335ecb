package dev.postern.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.backend.imap.ImapSession;
import dev.postern.config.Config;
import dev.postern.config.ConfigLoader;
import dev.postern.controller.DefaultMailController;
import dev.postern.e2e.PosternConfig;
import dev.postern.model.Envelope;
import dev.postern.model.Flags;
import dev.postern.model.Folder;
import dev.postern.model.MessageRef;
import dev.postern.store.MapDbStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code list} of a big folder is read from the store a page at a time as the door walks it, as the batch
 * command did before it was typed: the typed result must not hold every envelope of a 100k folder at once.
 * Small and threaded listings are whole lists (threads need the whole folder).
 */
class ListCommandPagingTest {
    static final int MESSAGES = 2_500;
    @TempDir Path home;
    private MapDbStore store;
    private DefaultMailController c;

    @BeforeEach
    void setUp() throws Exception {
        Path p = PosternConfig.write(home.resolve("config.toml"), home.resolve("data"),
                PosternConfig.account("t", "imap", "127.0.0.1", 1, "plain", "dan", "pw", 20, null));
        Config config = new ConfigLoader(Map.of("HOME", home.toString())).load(p);
        store = MapDbStore.open(config.dataDir());
        store.putFolder(new Folder("t", "INBOX", '/', 0, 0, java.util.Set.of()));
        List<Envelope> all = new ArrayList<>();
        for (long uid = 1; uid <= MESSAGES; uid++) {
            all.add(new Envelope(new MessageRef("t", "INBOX", 5, uid), "<" + uid + "@x>",
                    Instant.parse("2024-01-01T10:00:00Z").plusSeconds(uid), "a@x", null, null, "s" + uid, 100, Flags.NONE,
                    null, null, null));
        }
        store.putEnvelopes(all);
        store.commit();
        c = new DefaultMailController(config, store, a -> new ImapSession(a, () -> "pw"), raw -> null);
    }

    @AfterEach
    void tearDown() {
        c.close();
        store.close();
    }

    private ListCommand.Listed list(Integer limit, boolean threads) {
        return Commands.LIST.run(c, new ListCommand.Args("t", "INBOX", limit, true, threads)).join();
    }

    @Test
    void aBigFlatListingIsWalkedPageByPageNewestFirstAndWhole() {
        ListCommand.Listed l = list(null, false);
        assertInstanceOf(ListCommand.PagedRows.class, l.rows(), "a flat listing past one page is not read whole");
        assertEquals(MESSAGES, l.rows().size());
        long expected = MESSAGES;
        int seen = 0;
        for (ListCommand.Row r : l.rows()) {
            assertEquals(expected--, r.envelope().ref().uid(), "newest first, none skipped or repeated");
            seen++;
        }
        assertEquals(MESSAGES, seen);
        assertEquals("INBOX: 2500 message(s) listed", l.text());
    }

    @Test
    void aLimitOverAPageStopsAtTheLimitAndSmallOrThreadedListingsAreWholeLists() {
        ListCommand.Listed limited = list(1_500, false);
        int n = 0;
        for (ListCommand.Row r : limited.rows()) n++;
        assertEquals(1_500, n);
        ListCommand.Listed small = list(10, false);
        assertFalse(small.rows() instanceof ListCommand.PagedRows);
        assertEquals("INBOX: 10 message(s) listed, 10 unread", small.text());
        ListCommand.Listed threads = list(null, true);
        assertFalse(threads.rows() instanceof ListCommand.PagedRows);
        assertEquals(MESSAGES, threads.rows().size());
    }

    @Test
    void aWalkEndsQuietlyWhenTheFolderShrankMeanwhile() {
        ListCommand.Listed l = list(null, false);
        List<MessageRef> gone = new ArrayList<>();
        for (long uid = 1; uid <= 700; uid++) gone.add(new MessageRef("t", "INBOX", 5, uid));
        store.removeEnvelopes(gone);
        store.commit();
        int n = 0;
        for (ListCommand.Row r : l.rows()) n++;
        assertTrue(n == MESSAGES - 700, "walked " + n);
    }
}
