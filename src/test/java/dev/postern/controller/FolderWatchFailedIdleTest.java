package dev.postern.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.backend.imap.ImapSession;
import dev.postern.backend.link.ScriptedServer;
import dev.postern.config.AccountConfig;
import dev.postern.config.ConfigLoader;
import dev.postern.e2e.PosternConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hunt 34-A, A3: Dovecot answers an IDLE on a folder deleted and made again by another client with "* NO Internal error
 * occurred." and stays in IDLE, answering nothing but DONE. The watch failed, and closing its session asked first
 * (Angus's isOpen sends a NOOP) and waited timeout_seconds for an answer that never came: the retry the log announced
 * "again in 1000 ms" came 21 s later. A session closed after a failure is cut without a word to the server.
 */
class FolderWatchFailedIdleTest {
    @TempDir Path dir;

    /** Dovecot's way: after the NO the connection is still in IDLE, and a command other than DONE is never answered. */
    private static void play(java.io.InputStream in, java.io.OutputStream out, List<String> got, CountDownLatch failedIdle)
            throws Exception {
        ScriptedServer.say(out, "* OK [CAPABILITY IMAP4rev1 IDLE] ready");
        boolean idling = false;
        String idleTag = null;
        for (String line; (line = ScriptedServer.line(in)) != null; ) {
            got.add(line);
            if (idling) {
                if (line.equalsIgnoreCase("DONE")) {
                    ScriptedServer.say(out, idleTag + " OK Idle completed.");
                    idling = false;
                }
                continue; // anything else is not answered, as Dovecot in IDLE
            }
            String[] p = line.split(" ", 3);
            if (p.length < 2) continue;
            String tag = p[0];
            switch (p[1].toUpperCase(Locale.ROOT)) {
                case "CAPABILITY" -> {
                    ScriptedServer.say(out, "* CAPABILITY IMAP4rev1 IDLE");
                    ScriptedServer.say(out, tag + " OK done");
                }
                case "SELECT", "EXAMINE" -> {
                    ScriptedServer.say(out, "* 0 EXISTS");
                    ScriptedServer.say(out, "* 0 RECENT");
                    ScriptedServer.say(out, "* FLAGS (\\Seen \\Answered \\Flagged \\Deleted \\Draft)");
                    ScriptedServer.say(out, "* OK [UIDVALIDITY 42] ok");
                    ScriptedServer.say(out, "* OK [UIDNEXT 1] ok");
                    ScriptedServer.say(out, tag + " OK [READ-WRITE] done");
                }
                case "IDLE" -> {
                    ScriptedServer.say(out, "+ idling");
                    // The folder goes from under the IDLE a while after it began (past Angus's 1 s keep-alive mark).
                    Thread.sleep(1500);
                    ScriptedServer.say(out, "* NO Internal error occurred. Refer to server log for more information.");
                    got.add("(NO sent)");
                    failedIdle.countDown();
                    idling = true;
                    idleTag = tag;
                }
                case "LOGOUT" -> {
                    ScriptedServer.say(out, "* BYE bye");
                    ScriptedServer.say(out, tag + " OK done");
                    return;
                }
                default -> ScriptedServer.say(out, tag + " OK done");
            }
        }
    }

    @Test
    void aFailedWatchIsCutNotAskedSoTheRetryComesWhenTheLogSays() throws Exception {
        List<List<String>> connections = new CopyOnWriteArrayList<>();
        CountDownLatch failedIdle = new CountDownLatch(1);
        try (ScriptedServer server = new ScriptedServer((s, in, out) -> {
            List<String> got = new CopyOnWriteArrayList<>();
            connections.add(got);
            play(in, out, got, failedIdle);
        })) {
            Path cfg = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                    PosternConfig.account("a", "imap", "127.0.0.1", server.port(), "plain", "u", "pw", 20, null));
            AccountConfig a = new ConfigLoader(Map.of("HOME", dir.toString())).load(cfg).accounts().get(0);
            CountDownLatch paused = new CountDownLatch(1);
            AtomicReference<FolderWatch> watch = new AtomicReference<>();
            AtomicInteger refreshes = new AtomicInteger();
            // The back-off after the failure: reached once the failed session is closed.
            FolderWatch.Pause pause = ms -> {
                paused.countDown();
                watch.get().close();
            };
            watch.set(new FolderWatch(a, "Archive", () -> new ImapSession(a, () -> "pw"), (acc, f) -> refreshes.incrementAndGet(),
                    new LoginGate(), e -> { }, pause, System::nanoTime));
            watch.get().start();
            assertTrue(failedIdle.await(30, TimeUnit.SECONDS), "the watch's IDLE was answered with NO: " + connections);
            assertTrue(paused.await(60, TimeUnit.SECONDS), "the failed session was closed: " + connections);
            List<String> first = connections.get(0);
            List<String> after = first.subList(first.indexOf("(NO sent)") + 1, first.size());
            assertTrue(after.stream().allMatch(l -> l.equalsIgnoreCase("DONE")),
                    "nothing is asked on the failed connection (its answer never comes): " + after);
            assertEquals(0, refreshes.get());
        }
    }
}
