package dev.postern.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import jakarta.mail.Session;
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
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mail that lands while a folder is listed is new once: the listing (`UID n:*`) takes it too, above the UIDNEXT its
 * SELECT said, and the mark was left at that UIDNEXT, so the next sync listed it again and the reader's "N new
 * messages" and the new-mail hook counted it twice (hunt 34-A, A4).
 */
class ArrivalsOnceGreenMailTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;
    private int delivered;

    private void deliver(MailFolder inbox, int n) throws Exception {
        Session mail = Session.getInstance(new Properties());
        for (int i = 0; i < n; i++) {
            int k = ++delivered;
            String raw = "From: a@localhost\r\nTo: o@localhost\r\nSubject: m " + k + "\r\nMessage-ID: <o" + k
                    + "@localhost>\r\n\r\nbody\r\n";
            inbox.appendMessage(new MimeMessage(mail, new ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII))),
                    new jakarta.mail.Flags(), new java.util.Date());
        }
    }

    private static int arrived(List<Event> events) {
        return events.stream().filter(e -> e instanceof Event.FolderChanged).mapToInt(e -> ((Event.FolderChanged) e).arrived()).sum();
    }

    @Test
    void mailThatCameDuringTheListingIsNewOnce() throws Exception {
        MailFolder inbox = greenMail.getManagers().getImapHostManager().getInbox(greenMail.setUser("o@localhost", "o", "pw"));
        deliver(inbox, 10);
        AccountConfig a = new AccountConfig("gm", Protocol.IMAP, "127.0.0.1", greenMail.getImap().getPort(), Security.PLAIN, "o",
                new PasswordSource.Literal("pw"), null, false, Duration.ofSeconds(20), 0);
        try (MapDbStore store = MapDbStore.open(dir.resolve("data")); ImapSession s = new ImapSession(a, () -> "pw")) {
            s.connect();
            new HeaderSync(store, e -> { }).sync(s, "gm", "INBOX", 1);
            deliver(inbox, 5);
            List<Event> events = new ArrayList<>();
            // Three more land after the SELECT, before the listing asks.
            new HeaderSync(store, events::add).sync(new ArrivingDuringListing(s, () -> deliver(inbox, 3)), "gm", "INBOX", 2);
            assertEquals(8, arrived(events), events.toString());
            assertEquals(18, store.count("gm", "INBOX"));
            List<Event> again = new ArrayList<>();
            new HeaderSync(store, again::add).sync(s, "gm", "INBOX", 3);
            assertEquals(0, arrived(again), "listed again and counted as new: " + again);
            assertEquals(18, store.count("gm", "INBOX"));
        }
    }

    interface Step {
        void run() throws Exception;
    }

    /** The session, with {@code during} run once between SELECT and the listing. */
    private record ArrivingDuringListing(ImapSession s, Step during) implements HeaderSource {
        @Override public FolderStatus open(String folder) { return s.open(folder); }

        @Override public List<Envelope> newest(String folder, int count) { return s.newest(folder, count); }

        @Override
        public void envelopes(String folder, long fromUid, int firstBatch, int largestBatch, Consumer<List<Envelope>> sink) {
            envelopes(folder, fromUid, Long.MAX_VALUE, firstBatch, largestBatch, sink);
        }

        @Override
        public void envelopes(String folder, long fromUid, long belowUid, int firstBatch, int largestBatch,
                Consumer<List<Envelope>> sink) {
            try {
                during.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            s.envelopes(folder, fromUid, belowUid, firstBatch, largestBatch, sink);
        }

        @Override public Optional<Envelope> envelope(String folder, long uid) { return s.envelope(folder, uid); }

        @Override public Map<Long, Flags> flags(String folder, long belowUid) { return s.flags(folder, belowUid); }
    }
}
