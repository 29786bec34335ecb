package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.app.AppContext;
import dev.postern.controller.MailController;
import dev.postern.e2e.PosternConfig;
import dev.postern.model.Envelope;
import dev.postern.thread.IndexOrder;
import dev.postern.thread.SortKey;
import jakarta.mail.Flags;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The arranger on the real wiring (config, MapDB store, IMAP session, controller) against an in-process IMAP server:
 * the orders it builds from the store are the right ones, a second toggle to an order already built is that same
 * order (not arranged again), and mail that comes makes it build anew.
 */
class ArrangedOrderOnRealStoreTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;

    private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");

    private MailFolder inbox() throws Exception {
        return greenMail.getManagers().getImapHostManager().getInbox(greenMail.setUser("carol@localhost", "carol", "pw"));
    }

    /** A message sent {@code hour} hours after BASE with its own Message-ID and the References given. */
    private static void deliver(MailFolder inbox, String id, String subject, int hour, String cc, String... references) throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties())) {
            @Override
            protected void updateMessageID() throws jakarta.mail.MessagingException {
                setHeader("Message-ID", "<" + id + "@example.org>");
            }
        };
        m.setFrom("Sender <s@example.org>");
        m.setSubject(subject, "UTF-8");
        m.setSentDate(Date.from(BASE.plus(Duration.ofHours(hour))));
        m.setText("Body of " + subject + ".", "UTF-8");
        if (cc != null) m.setHeader("Cc", cc);
        m.saveChanges();
        if (references.length > 0) {
            StringBuilder refs = new StringBuilder();
            for (String r : references) refs.append(refs.length() == 0 ? "" : " ").append('<').append(r).append("@example.org>");
            m.setHeader("References", refs.toString());
            m.setHeader("In-Reply-To", "<" + references[references.length - 1] + "@example.org>");
        }
        inbox.appendMessage(m, new Flags(), new Date());
    }

    private static List<String> subjects(IndexOrder o) {
        return o.rows(Set.of(), IndexOrder.Glyphs.ASCII).stream().map(r -> r.prefix() + r.envelope().subject()).toList();
    }

    @Test
    void ordersAreRightAndASecondToggleReusesTheOneBuilt() throws Exception {
        MailFolder inbox = inbox();
        deliver(inbox, "a", "Plan", 1, null);
        deliver(inbox, "d", "Lunch", 2, null);
        deliver(inbox, "b", "Re: Plan", 3, "Dana <dana@example.org>", "a");
        deliver(inbox, "e", "Re: Lunch", 4, null, "d");
        deliver(inbox, "f", "Zebra", 5, null);
        deliver(inbox, "c", "Re: Re: Plan", 6, null, "a", "b");
        Path cfg = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("real", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "carol", "pw", 30, null));
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), cfg)) {
            MailController c = ctx.controller();
            assertEquals(6, c.refreshFolder("real", "INBOX").get(30, TimeUnit.SECONDS));
            Arranger arranger = new Arranger(c);
            arranger.prefetch("real", "INBOX", null);
            Arrangement threads = Arrangement.DEFAULT.withThreaded(true);

            IndexOrder threaded = arranger.build("real", "INBOX", threads).get(30, TimeUnit.SECONDS);
            // Threads newest first by their first message; replies under their parent, oldest first.
            assertEquals(List.of("Zebra", "Lunch", "`->Re: Lunch", "Plan", "`->Re: Plan", "  `->Re: Re: Plan"), subjects(threaded));

            IndexOrder bySubject = arranger.build("real", "INBOX", Arrangement.DEFAULT.withKey(SortKey.SUBJECT)).get(30, TimeUnit.SECONDS);
            assertEquals(List.of("Re: Lunch", "Lunch", "Re: Re: Plan", "Re: Plan", "Plan", "Zebra"), subjects(bySubject));
            IndexOrder oldestFirst = arranger.build("real", "INBOX", Arrangement.DEFAULT.withReverse(true)).get(30, TimeUnit.SECONDS);
            assertEquals(List.of("Plan", "Lunch", "Re: Plan", "Re: Lunch", "Zebra", "Re: Re: Plan"), subjects(oldestFirst));

            assertEquals(3, arranger.arranged());
            assertSame(threaded, arranger.build("real", "INBOX", threads).get(30, TimeUnit.SECONDS),
                    "the second threads toggle is the order the first one built, not arranged again");
            assertSame(bySubject, arranger.build("real", "INBOX", Arrangement.DEFAULT.withKey(SortKey.SUBJECT)).get(30, TimeUnit.SECONDS));
            assertEquals(3, arranger.arranged(), "toggling back arranged nothing");

            // A limit: its order too is kept while nothing in the folder changes, and matched anew once something does.
            Arrangement plan = threads.withLimit("subject:plan", dev.postern.model.QueryParser.parse("subject:plan"));
            IndexOrder limited = arranger.build("real", "INBOX", plan).get(30, TimeUnit.SECONDS);
            assertEquals(List.of("Plan", "`->Re: Plan", "  `->Re: Re: Plan"), subjects(limited));
            assertSame(limited, arranger.build("real", "INBOX", plan).get(30, TimeUnit.SECONDS), "the limit typed again is kept");
            assertEquals(4, arranger.arranged());
            arranger.folderChanged(); // a flag changed: "-seen" would match other messages now
            assertNotSame(limited, arranger.build("real", "INBOX", plan).get(30, TimeUnit.SECONDS));
            assertEquals(5, arranger.arranged());
            // Matched on the kept read (sender, subject, date, size) or by the store's search (flags, To, Cc, body):
            // the same messages as `search --local` finds, either way.
            for (String q : List.of("subject:plan", "subject:re not subject:lunch", "cc:dana", "-seen subject:plan", "from:sender since:2025-01-01")) {
                dev.postern.model.Query query = dev.postern.model.QueryParser.parse(q);
                List<Long> want = c.search("real", "INBOX", query, true).get(30, TimeUnit.SECONDS).stream()
                        .map(e -> e.ref().uid()).sorted().toList();
                IndexOrder o = arranger.build("real", "INBOX", Arrangement.DEFAULT.withReverse(true).withLimit(q, query))
                        .get(30, TimeUnit.SECONDS);
                List<Long> got = o.rows(Set.of(), IndexOrder.Glyphs.ASCII).stream().map(r -> r.envelope().ref().uid()).sorted().toList();
                assertEquals(want, got, q);
                assertTrue(!want.isEmpty(), q);
            }
            assertTrue(Arranger.onKeptFields(dev.postern.model.QueryParser.parse("subject:re not subject:lunch")));
            assertTrue(!Arranger.onKeptFields(dev.postern.model.QueryParser.parse("-seen subject:plan")));

            // What the order holds is cut for arranging: no Cc, which keys acting on a message read whole from the store.
            Envelope cut = threaded.rows(Set.of(), IndexOrder.Glyphs.ASCII).get(4).envelope();
            assertEquals("Re: Plan", cut.subject());
            assertTrue(cut.cc().isEmpty());
            assertEquals(List.of("Dana <dana@example.org>"), c.envelope(cut.ref()).orElseThrow().cc());

            // Mail came: the kept orders are stale, and the next build has the new message in its thread.
            deliver(inbox, "g", "Re: Zebra", 7, null, "f");
            assertEquals(7, c.refreshFolder("real", "INBOX").get(30, TimeUnit.SECONDS));
            arranger.forget();
            IndexOrder rebuilt = arranger.build("real", "INBOX", threads).get(30, TimeUnit.SECONDS);
            assertNotSame(threaded, rebuilt);
            assertEquals(List.of("Zebra", "`->Re: Zebra", "Lunch", "`->Re: Lunch", "Plan", "`->Re: Plan", "  `->Re: Re: Plan"),
                    subjects(rebuilt));
        }
    }

    @Test
    void theFirstThreadsToggleFindsItsOrderBuiltAhead() throws Exception {
        MailFolder inbox = inbox();
        deliver(inbox, "a", "Plan", 1, null);
        deliver(inbox, "b", "Re: Plan", 2, null, "a");
        Path cfg = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("real", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "carol", "pw", 30, null));
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), cfg)) {
            MailController c = ctx.controller();
            assertEquals(2, c.refreshFolder("real", "INBOX").get(30, TimeUnit.SECONDS));
            Arranger arranger = new Arranger(c);
            Arrangement threads = Arrangement.DEFAULT.withThreaded(true);
            arranger.prefetch("real", "INBOX", threads); // as the reader does when it opens a folder shown flat
            IndexOrder first = arranger.build("real", "INBOX", threads).get(30, TimeUnit.SECONDS);
            assertEquals(List.of("Plan", "`->Re: Plan"), subjects(first));
            assertEquals(1, arranger.arranged(), "the toggle found the order the read ahead built");
        }
    }
}
