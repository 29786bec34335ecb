package dev.postern.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.backend.MailSession;
import dev.postern.backend.Maildrop;
import dev.postern.backend.pop3.Pop3Listing;
import dev.postern.config.Config;
import dev.postern.config.ConfigLoader;
import dev.postern.e2e.PosternConfig;
import dev.postern.model.Capability;
import dev.postern.model.LinkDropped;
import dev.postern.render.MessageRenderer;
import dev.postern.store.MapDbStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hunt32-V F1 (a): a POP3 fetch cut by the link left its "fetch n/N" on the reader's status bar for good: the reader takes
 * a job's label off when a Progress with done == total comes, and a fetch that failed never sent one. Every job the
 * controller labels (the reader's refresh of a maildrop, fetch, sync, a search on the server) now ends its label however
 * it ends. Here the maildrop's link drops at every fourth message read, and what the reader would still show is looked at.
 */
class JobLabelsEndTest {
    @TempDir Path home;

    /** A maildrop of ten small messages whose link is lost at the fourth read of each connection. */
    private static final class CutMaildrop implements MailSession, Maildrop {
        private boolean connected;
        private int read;

        @Override
        public void connect() {
            connected = true;
            read = 0;
        }
        @Override public boolean isConnected() { return connected; }
        @Override public Set<Capability> capabilities() { return Capability.pop3(); }
        @Override public void freshView() { }

        @Override
        public List<Pop3Listing> list() {
            List<Pop3Listing> l = new ArrayList<>();
            for (int i = 1; i <= 10; i++) l.add(new Pop3Listing(i, "uidl-" + i, 60));
            return l;
        }

        @Override
        public byte[] retrieve(int number) {
            if (++read == 4) {
                connected = false;
                throw new LinkDropped("account home: the connection to h:110 was lost; try again later.", null);
            }
            return ("From: a@example.org\r\nSubject: m" + number + "\r\nMessage-ID: <" + number + "@x>\r\n\r\nbody\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
        }

        @Override public byte[] headers(int number) { return retrieve(number); }
        @Override public void markForDeletion(int number) { }
        @Override public Set<Integer> quit() { return Set.of(); }
        @Override public void close() { connected = false; }
    }

    /** What the reader's status bar keeps of the jobs' progress (ui/StatusLine): the labels of jobs not ended. */
    private static final class Labels {
        final Map<Long, Event.Progress> shown = new LinkedHashMap<>();
        int seen;

        synchronized void on(Event e) {
            if (!(e instanceof Event.Progress p)) return;
            seen++;
            shown.remove(p.jobId());
            if (p.total() <= 0 || p.done() < p.total()) shown.put(p.jobId(), p);
        }

        synchronized Map<Long, Event.Progress> shown() { return new LinkedHashMap<>(shown); }
    }

    @Test
    void aCutMaildropFetchTakesItsLabelOffTheStatusBar() throws Exception {
        Path p = PosternConfig.write(home.resolve("config.toml"), home.resolve("data"),
                PosternConfig.account("home", "pop3", "127.0.0.1", 110, "plain", "u", "pw", 20, null));
        Config config = new ConfigLoader(Map.of("HOME", home.toString())).load(p);
        try (MapDbStore store = MapDbStore.open(config.dataDir())) {
            DefaultMailController c = new DefaultMailController(config, store, a -> new CutMaildrop(), new MessageRenderer()::render);
            try {
                Labels labels = new Labels();
                c.subscribe(labels::on);
                // The reader's refresh of the INBOX (a download of the maildrop), cut at the fourth message.
                ExecutionException e = assertThrows(ExecutionException.class,
                        () -> c.refreshFolder("home", "INBOX").get(20, TimeUnit.SECONDS));
                assertTrue(e.getCause() instanceof LinkDropped, String.valueOf(e.getCause()));
                assertTrue(labels.seen > 0, "it showed its progress while it ran");
                assertEquals(Map.of(), labels.shown(), "no label is left of the cut refresh");
                // postern fetch (a cron one served by the reader's process), cut alike: told in its summary.
                FetchSummary s = c.fetch("home", FetchOptions.DEFAULT, x -> { }).get(20, TimeUnit.SECONDS);
                assertFalse(s.failure() == null, "the fetch was cut: " + s);
                assertEquals(Map.of(), labels.shown(), "no label is left of the cut fetch");
            } finally {
                c.close();
            }
        }
    }
}
