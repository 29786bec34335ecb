package dev.postern.backend.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.backend.imap.HostileImapAnswersTest.Run;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that starts a message's body and then stalls (a literal announced longer than what comes) is said to have
 * stopped answering within timeout_seconds. Before, `read` called it a lost connection: Angus's body stream keeps
 * only "folder closed" of the failed read (CappedProtocol.readFailure keeps the rest).
 */
class HostileImapStallTest {
    @TempDir Path dir;

    @Test
    void aBodyThatStallsMidwayIsSaidOnceAsTooSlow() throws Exception {
        try (HostileImap s = new HostileImap()) {
            HostileImap.Answer stall = (c, tag, args) -> {
                if (!args.toUpperCase().contains("BODY.PEEK[]")) {
                    HostileImap.fetch(c, args.replace("RFC822.SIZE", ""));
                    c.say(tag + " OK done");
                    return;
                }
                c.raw("* 1 FETCH (UID 7 BODY[] {500}\r\nFrom: a\r\n".getBytes(StandardCharsets.US_ASCII));
                Thread.sleep(60_000);
            };
            s.on("FETCH", stall).on("UID FETCH", stall);
            assertEquals(0, HostileImapAnswersTest.run(dir, s, "", "list").code());
            s.got.clear();
            Run r = HostileImapAnswersTest.run(dir, s, "", "read", "7");
            assertEquals(75, r.code(), r.toString());
            assertTrue(r.err().contains("within 3 s"), "the time-out is named, not a lost connection: " + r);
            assertTrue(!r.err().contains("was lost"), r.toString());
            assertEquals(1, s.got.stream().filter(l -> l.toUpperCase().contains(" LOGIN ")).count(), "logins: " + s.got);
        }
    }

    /**
     * A body that stalls on a connection that answered a moment ago is the server's silence, not a link that died
     * while idle: it is told after one time-out, not tried again on a fresh connection for a second one (the reader
     * and the shell keep their connection between tasks).
     */
    @Test
    void aStallOnALinkThatJustAnsweredIsNotTriedAgain() throws Exception {
        try (HostileImap s = new HostileImap()) {
            java.util.concurrent.atomic.AtomicBoolean stall = new java.util.concurrent.atomic.AtomicBoolean();
            HostileImap.Answer answer = (c, tag, args) -> {
                if (!stall.get() || !args.toUpperCase().contains("BODY")) {
                    HostileImap.fetch(c, args.replace("RFC822.SIZE", ""));
                    c.say(tag + " OK done");
                    return;
                }
                c.raw("* 1 FETCH (UID 7 BODY[] {500}\r\nFrom: a\r\n".getBytes(StandardCharsets.US_ASCII));
                Thread.sleep(60_000);
            };
            s.on("FETCH", answer).on("UID FETCH", answer);
            Path cfg = dev.postern.e2e.PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                    dev.postern.e2e.PosternConfig.account("a", "imap", "127.0.0.1", s.port(), "plain", "u", "pw", 2, null));
            dev.postern.app.AppContext ctx = new dev.postern.app.AppContext(java.util.Map.of("HOME", dir.toString()), cfg);
            try {
                dev.postern.controller.MailController c = ctx.controller();
                c.refreshFolder("a", "INBOX").get(20, java.util.concurrent.TimeUnit.SECONDS);
                dev.postern.model.MessageRef ref = c.locate("a", "INBOX", 7).get(20, java.util.concurrent.TimeUnit.SECONDS);
                stall.set(true);
                java.util.concurrent.ExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(
                        java.util.concurrent.ExecutionException.class, () -> c.read(ref).get(30, java.util.concurrent.TimeUnit.SECONDS));
                assertTrue(failed.getCause().getMessage().contains("within 2 s"), "the time-out is told: " + failed.getCause());
                assertEquals(1, s.got.stream().filter(l -> l.toUpperCase().contains(" LOGIN ")).count(),
                        "one time-out, no second connection to wait on: " + s.got);
            } finally {
                ctx.close();
            }
        }
    }
}
