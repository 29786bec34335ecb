package dev.postern.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.backend.link.ScriptedServer;
import dev.postern.backend.link.ScriptedSmtp;
import dev.postern.backend.smtp.SmtpSender;
import dev.postern.config.AccountConfig;
import dev.postern.config.Config;
import dev.postern.config.ConfigLoader;
import dev.postern.e2e.PosternConfig;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.store.MapDbStore;
import dev.postern.store.OutboxEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outbox against refusals: a message the server refuses for good leaves the queue (kept, marked refused) and
 * holds up neither the messages after it nor a new one; a message whose data went out without an answer is kept as
 * perhaps delivered and is sent again only when the user says so.
 */
class PostmanRefusalsTest {
    @TempDir Path dir;

    /** Subjects of the messages the server accepted (250 at the end of data). */
    private final List<String> accepted = new CopyOnWriteArrayList<>();

    /** An MTA that refuses (552) a message whose subject starts with "big", and, while {@code drop} is set, closes the link after the data of any other. */
    private ScriptedServer mta(AtomicBoolean drop) throws Exception {
        return ScriptedSmtp.start((verb, message) -> {
            if (!verb.equals("END")) return null;
            String subject = ScriptedSmtp.subject(message);
            if (subject.startsWith("big")) return "552 5.3.4 message size exceeds fixed limit";
            if (drop.get()) return ScriptedSmtp.HANG_UP;
            accepted.add(subject);
            return null;
        });
    }

    private static byte[] raw(String subject) {
        return ("From: alice@localhost\r\nTo: bob@localhost\r\nSubject: " + subject + "\r\n\r\nbody\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static Built built(String subject) {
        return new Built(raw(subject), "<" + subject + "@localhost>", "alice@localhost", List.of("bob@localhost"));
    }

    private Postman postman(MapDbStore store, int port) throws Exception {
        Path file = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("t", "pop3", "127.0.0.1", 1, "plain", "alice", "secret", 3, null),
                "[accounts.t.smtp]\nhost = \"127.0.0.1\"\nport = " + port + "\nsecurity = \"plain\"\nfrom = \"alice@localhost\"\n");
        Config config = new ConfigLoader(Map.of("HOME", dir.toString())).load(file);
        AccountConfig a = config.account("t").orElseThrow();
        return new Postman(n -> a, x -> new SmtpSender(x.smtp().asAccount(x), () -> "secret"), x -> null, store,
                Clock.systemUTC());
    }

    @Test
    void aMessageRefusedForGoodHoldsUpNeitherTheOthersNorANewOne() throws Exception {
        try (ScriptedServer server = mta(new AtomicBoolean(false)); MapDbStore store = MapDbStore.open(dir.resolve("data"))) {
            for (String s : List.of("big one", "small 1", "small 2")) {
                store.enqueueOutgoing(new OutboxEntry(0, "t", "alice@localhost", List.of("bob@localhost"), raw(s), 0, "down"));
            }
            store.commit();
            Postman postman = postman(store, server.port());

            Postman.Result r = postman.send("t", built("new"));
            assertEquals(Postman.Outcome.SENT, r.outcome());
            assertEquals(List.of("small 1", "small 2", "new"), accepted);
            List<OutboxEntry> left = store.outbox("t");
            assertEquals(1, left.size());
            assertEquals(OutboxEntry.State.REFUSED, left.get(0).state());
            assertTrue(left.get(0).lastError().contains("552 5.3.4 message size exceeds fixed limit"), left.get(0).lastError());
            assertEquals(0, postman.waiting("t"));
            assertEquals("refused", postman.outbox("t").get(0).state());

            // Left out of every later flush, until the user says otherwise.
            Postman.FlushReport again = postman.flush("t");
            assertEquals(0, again.sent());
            assertEquals(ExitCode.OK, again.exitCode());
            assertTrue(postman.retry("t", left.get(0).id()));
            Postman.FlushReport retried = postman.flush("t");
            assertEquals(ExitCode.DATAERR, retried.exitCode(), retried.toString());
            assertTrue(retried.notes().get(0).contains("was refused and will not be sent again by itself"), retried.notes().toString());
            assertTrue(retried.notes().get(0).contains("postern outbox --retry " + left.get(0).id()), retried.notes().toString());

            // A new message refused for good is the sender's to read now: not queued.
            PosternException big = assertThrows(PosternException.class, () -> postman.send("t", built("big two")));
            assertEquals(ExitCode.DATAERR, big.exitCode(), big.getMessage());
            assertEquals(1, store.outbox("t").size());
        }
    }

    @Test
    void aMessageWhoseDataWentOutWithoutAnswerIsNotSentAgainByItself() throws Exception {
        AtomicBoolean drop = new AtomicBoolean(true);
        try (ScriptedServer server = mta(drop); MapDbStore store = MapDbStore.open(dir.resolve("data"))) {
            Postman postman = postman(store, server.port());
            PosternException e = assertThrows(PosternException.class, () -> postman.send("t", built("maybe")));
            assertEquals(ExitCode.UNAVAILABLE, e.exitCode(), e.getMessage()); // not 75 (hunt 36-K, K1)
            assertTrue(e.getMessage().contains("the server may have delivered it"), e.getMessage());
            assertTrue(e.getMessage().contains("kept in the outbox as message 1 and not sent again by itself"), e.getMessage());
            assertEquals(OutboxEntry.State.UNCONFIRMED, store.outbox("t").get(0).state());
            assertEquals(1, store.outbox("t").get(0).attempts(), "tried once: one attempt (hunt 42-H, H6)");

            drop.set(false);
            assertEquals(0, postman.flush("t").sent());
            assertEquals(Postman.Outcome.SENT, postman.send("t", built("next")).outcome());
            assertEquals(List.of("next"), accepted, "the unconfirmed message was not sent again");

            assertTrue(postman.retry("t", 1));
            assertEquals(1, postman.flush("t").sent());
            assertEquals(List.of("next", "maybe"), accepted);
            assertTrue(store.outbox("t").isEmpty());
        }
    }

    /**
     * hunt33-Z Z16: a submission server whose relay is down answers MAIL FROM with 421 and closes; the RSET Angus sends
     * then meets a reset link. The reader's send and its outbox retries said "the connection ... was lost (Broken
     * pipe)"; the 421 in the server's words is the news, in the sentence and the outbox's last error alike.
     */
    @Test
    void a421ToMailFromIsToldInTheServersWordsThoughTheLinkThenBreaks() throws Exception {
        String said = "421 4.4.0 localhost Failed to connect to relay server (connect)";
        try (ScriptedServer server = new ScriptedServer((s, in, out) -> {
            ScriptedServer.say(out, "220 relayless ESMTP");
            for (String line; (line = ScriptedServer.line(in)) != null; ) {
                String verb = line.split("[ :]")[0].toUpperCase(java.util.Locale.ROOT);
                switch (verb) {
                    case "EHLO" -> ScriptedServer.say(out, "250-relayless\r\n250 AUTH PLAIN");
                    case "AUTH" -> ScriptedServer.say(out, "235 ok");
                    case "MAIL" -> {
                        ScriptedServer.say(out, said);
                        ScriptedServer.line(in); // the RSET: the link breaks under it
                        ScriptedServer.reset(s);
                        return;
                    }
                    default -> ScriptedServer.say(out, "250 ok");
                }
            }
        }); MapDbStore store = MapDbStore.open(dir.resolve("data"))) {
            Postman postman = postman(store, server.port());
            Postman.Result r = postman.send("t", built("relay down"));
            assertEquals(Postman.Outcome.QUEUED, r.outcome());
            assertTrue(r.note().contains("refused the message at MAIL FROM for now (server said: " + said + ")"), r.note());
            assertFalse(r.note().contains("lost") || r.note().contains("Broken pipe") || r.note().contains("reset"), r.note());

            Postman.FlushReport retry = postman.flush("t");
            assertEquals(1, retry.waiting(), retry.toString());
            String last = store.outbox("t").get(0).lastError();
            assertTrue(last.contains("refused the message at MAIL FROM for now (server said: " + said + ")"), last);
        }
    }
}
