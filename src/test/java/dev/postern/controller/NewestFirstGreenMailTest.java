package dev.postern.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.backend.FolderStatus;
import dev.postern.backend.HeaderSource;
import dev.postern.backend.imap.ImapSession;
import dev.postern.config.AccountConfig;
import dev.postern.config.PasswordSource;
import dev.postern.model.Envelope;
import dev.postern.model.Flags;
import dev.postern.model.Protocol;
import dev.postern.model.Security;
import dev.postern.store.MapDbStore;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, the cold first screen: a folder listed into an empty store comes newest screenful first (the reader's
 * first rows are the newest mail, not the folder's 500 oldest), then the rest from the oldest up, every message
 * stored once; and a listing cut off after the newest, or in the middle of the rest, is caught up by the next
 * sync. Against GreenMail, with UIDs made sparse by an expunge (the newest are found by message number).
 */
class NewestFirstGreenMailTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    private static final int MESSAGES = 760;

    @TempDir Path dir;
    private AccountConfig account;
    /** The server's UIDs of INBOX, ascending, once the expunge is done. */
    private final SortedSet<Long> serverUids = new TreeSet<>();

    @BeforeEach
    void seed() throws Exception {
        MailFolder inbox = greenMail.getManagers().getImapHostManager().getInbox(greenMail.setUser("n@localhost", "n", "pw"));
        Session mail = Session.getInstance(new Properties());
        for (int i = 1; i <= MESSAGES; i++) {
            String raw = "From: a@localhost\r\nTo: n@localhost\r\nSubject: note " + i + "\r\nMessage-ID: <n" + i
                    + "@localhost>\r\n\r\nbody " + i + "\r\n";
            inbox.appendMessage(new MimeMessage(mail, new ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII))),
                    new jakarta.mail.Flags(), new java.util.Date());
        }
        // Every seventh message expunged, the newest among them: UIDs with gaps, so UIDNEXT - 100 is not the newest 100.
        Store s = mail.getStore("imap");
        s.connect("127.0.0.1", greenMail.getImap().getPort(), "n", "pw");
        try {
            Folder f = s.getFolder("INBOX");
            f.open(Folder.READ_WRITE);
            int[] seventh = java.util.stream.IntStream.rangeClosed(1, MESSAGES / 7).map(k -> k * 7).toArray();
            f.setFlags(seventh, new jakarta.mail.Flags(jakarta.mail.Flags.Flag.DELETED), true);
            f.close(true);
            f.open(Folder.READ_ONLY);
            Message[] all = f.getMessages();
            jakarta.mail.FetchProfile uids = new jakarta.mail.FetchProfile();
            uids.add(UIDFolder.FetchProfileItem.UID);
            f.fetch(all, uids);
            for (Message m : all) serverUids.add(((UIDFolder) f).getUID(m));
            f.close(false);
        } finally {
            s.close();
        }
        account = new AccountConfig("gm", Protocol.IMAP, "127.0.0.1", greenMail.getImap().getPort(), Security.PLAIN, "n",
                new PasswordSource.Literal("pw"), null, false, Duration.ofSeconds(20), 0);
    }

    private SortedSet<Long> stored(MapDbStore store) {
        long v = store.folderState("gm", "INBOX").orElseThrow().uidValidity();
        return new TreeSet<>(store.uids("gm", "INBOX", v));
    }

    @Test
    void theFirstRowsStoredAreTheNewestAndTheRestFollowsOnce() {
        List<Long> handed = new ArrayList<>();
        List<SortedSet<Long>> shown = new ArrayList<>();
        try (MapDbStore store = MapDbStore.open(dir.resolve("data")); ImapSession s = new ImapSession(account, () -> "pw")) {
            HeaderSync sync = new HeaderSync(store, e -> {
                // What the reader would show at each EnvelopesLoaded: the store as committed then.
                if (e instanceof Event.EnvelopesLoaded) shown.add(stored(store));
            });
            s.connect();
            int total = sync.sync(new Recording(s, handed, null), "gm", "INBOX", 1);
            SortedSet<Long> newest = new TreeSet<>(new ArrayList<>(serverUids).subList(serverUids.size() - HeaderSync.NEWEST,
                    serverUids.size()));
            assertEquals(newest, shown.get(0), "the first rows stored were not the newest " + HeaderSync.NEWEST);
            assertEquals(serverUids, stored(store), "the rest did not follow");
            assertEquals(serverUids.size(), total);
            assertEquals(serverUids.size(), handed.size(), "a message was listed twice (or not at all): " + handed.size());
            assertEquals(serverUids, new TreeSet<>(handed));
            assertEquals(serverUids.last() + 1, store.folderState("gm", "INBOX").orElseThrow().uidNext());
        }
    }

    @Test
    void aListingCutOffAfterTheNewestOrMidWayIsCaughtUpByTheNextSync() {
        for (int cutAfter : new int[] {0, 1}) {
            Path data = dir.resolve("data-" + cutAfter);
            try (MapDbStore store = MapDbStore.open(data); ImapSession s = new ImapSession(account, () -> "pw")) {
                s.connect();
                HeaderSync sync = new HeaderSync(store, e -> { });
                RuntimeException cut = assertThrows(RuntimeException.class,
                        () -> sync.sync(new Recording(s, new ArrayList<>(), cutAfter), "gm", "INBOX", 1));
                assertTrue(cut.getMessage().contains("cut"), cut.getMessage());
                store.rollback(); // as the controller does when a refresh fails
                int before = stored(store).size();
                assertTrue(before >= HeaderSync.NEWEST && before < serverUids.size(), "cut after " + cutAfter + ": " + before);
                List<Long> again = new ArrayList<>();
                List<Event> events = new ArrayList<>();
                new HeaderSync(store, events::add).sync(new Recording(s, again, null), "gm", "INBOX", 2);
                // The newest, stored before the cut and listed again, are kept meanwhile: never taken for vanished.
                assertTrue(events.stream().noneMatch(e -> e instanceof Event.FolderChanged fc && fc.removed() > 0),
                        "cut after " + cutAfter + ": the catch-up removed messages: " + events);
                assertEquals(serverUids, stored(store), "cut after " + cutAfter + " batch(es) of the rest: not caught up");
                assertEquals(serverUids.size(), store.count("gm", "INBOX"));
            }
        }
    }

    /** The session as a HeaderSource that records every UID it hands on, and may cut the rest's listing off. */
    private static final class Recording implements HeaderSource {
        private final ImapSession s;
        private final List<Long> handed;
        private final Integer cutAfter;

        Recording(ImapSession s, List<Long> handed, Integer cutAfter) {
            this.s = s;
            this.handed = handed;
            this.cutAfter = cutAfter;
        }

        @Override public FolderStatus open(String folder) { return s.open(folder); }

        @Override
        public List<Envelope> newest(String folder, int count) {
            List<Envelope> top = s.newest(folder, count);
            top.forEach(e -> handed.add(e.ref().uid()));
            return top;
        }

        @Override
        public void envelopes(String folder, long fromUid, int firstBatch, int largestBatch, Consumer<List<Envelope>> sink) {
            envelopes(folder, fromUid, Long.MAX_VALUE, firstBatch, largestBatch, sink);
        }

        @Override
        public void envelopes(String folder, long fromUid, long belowUid, int firstBatch, int largestBatch,
                Consumer<List<Envelope>> sink) {
            int[] batches = {0};
            s.envelopes(folder, fromUid, belowUid, firstBatch, largestBatch, batch -> {
                if (cutAfter != null && batches[0]++ >= cutAfter) throw new IllegalStateException("cut");
                batch.forEach(e -> handed.add(e.ref().uid()));
                sink.accept(batch);
            });
        }

        @Override public Optional<Envelope> envelope(String folder, long uid) { return s.envelope(folder, uid); }

        @Override public Map<Long, Flags> flags(String folder, long belowUid) { return s.flags(folder, belowUid); }
    }
}
