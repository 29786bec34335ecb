package dev.postern.backend.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.app.Main;
import dev.postern.e2e.PosternConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * IMAP servers that answer in ways no sane server does, driven the way a user meets them ({@code postern list},
 * {@code sync}, {@code read}) against a real loopback socket: each ends with one sentence and the exit code of
 * its class, never a stack trace, an internal error or a hang, and never stores mail under wrong UIDs.
 */
@Timeout(20)
class HostileImapAnswersTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {}

    private Run run(HostileImap server, String... args) throws Exception {
        Path cfg = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("t", "imap", "127.0.0.1", server.port(), "plain", "alice", "secret", 3, null));
        String[] full = new String[args.length + 2];
        full[0] = "--config";
        full[1] = cfg.toString();
        System.arraycopy(args, 0, full, 2, args.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = new HashMap<>();
        env.put("HOME", dir.toString());
        env.put("XDG_STATE_HOME", dir.resolve("state").toString());
        int code = Main.run(full, env, new ByteArrayInputStream(new byte[0]), false, out,
                new PrintStream(err, true, StandardCharsets.UTF_8),
                (c, a, f) -> { throw new AssertionError("no UI in batch tests"); });
        Run r = new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        assertFalse(r.err.contains("\tat ") || r.err.contains("Exception"), "stack trace on stderr: " + r);
        return r;
    }

    /** One line on stderr, naming the account. */
    private static void oneLine(Run r) {
        assertEquals(1, r.err.strip().lines().count(), r.toString());
        assertTrue(r.err.startsWith("postern: account t: "), r.toString());
    }

    @Test
    void aPlainServerLists() throws Exception {
        try (HostileImap s = new HostileImap()) {
            Run r = run(s, "list");
            assertEquals(0, r.code, r.toString());
            assertTrue(r.out.contains("hello"), r.toString());
        }
    }

    /** Sends {@code head}, then 'x' without end until the client goes away. */
    private static void endless(HostileImap.Conn c, String head) throws Exception {
        c.raw(head.getBytes(StandardCharsets.US_ASCII));
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte) 'x');
        while (true) c.raw(chunk);
    }

    /** Runs {@code body} with the answer cap at 4 MiB, so that a test never holds 256 MiB. */
    private static <T> T withSmallCap(java.util.concurrent.Callable<T> body) throws Exception {
        int was = CappedProtocol.cap;
        CappedProtocol.cap = 4 << 20;
        try {
            return body.call();
        } finally {
            CappedProtocol.cap = was;
        }
    }

    private static void tooLarge(Run r, HostileImap s) {
        assertEquals(75, r.code, r.toString());
        oneLine(r);
        assertTrue(r.err.contains("the server at 127.0.0.1:" + s.port() + " sent an answer larger than 4 MiB"), r.err);
        assertTrue(r.err.contains("the server is faulty"), r.err);
        assertFalse(r.err.contains("server said"), r.err);
    }

    @Test
    void aLiteralOfGigabytesIsCutAtTheCap() throws Exception {
        try (HostileImap s = new HostileImap()) {
            s.on("UID FETCH", (c, tag, args) -> endless(c, "* 1 FETCH (UID 7 BODY[HEADER] {2000000000}\r\n"));
            tooLarge(withSmallCap(() -> run(s, "list")), s);
        }
    }

    @Test
    void aLiteralTooLargeForAnIntAndThenALineWithoutEndIsCutAtTheCap() throws Exception {
        try (HostileImap s = new HostileImap()) {
            s.on("UID FETCH", (c, tag, args) -> endless(c, "* 1 FETCH (UID 7 BODY[] {99999999999}\r\n"));
            tooLarge(withSmallCap(() -> run(s, "list")), s);
        }
    }

    @Test
    void aLiteralJustUnder2GiBIsCutAtTheCap() throws Exception {
        try (HostileImap s = new HostileImap()) {
            s.on("UID FETCH", (c, tag, args) -> endless(c, "* 1 FETCH (UID 7 BODY[] {2147483640}\r\n"));
            tooLarge(withSmallCap(() -> run(s, "list")), s);
        }
    }

    @Test
    void aGreetingWithoutEndIsCutAtTheCap() throws Exception {
        try (HostileImap s = new HostileImap()) {
            s.on("GREETING", (c, tag, args) -> endless(c, "* OK "));
            tooLarge(withSmallCap(() -> run(s, "list")), s);
        }
    }

    @Test
    void aTenMegabyteGreetingUnderTheCapIsTaken() throws Exception {
        try (HostileImap s = new HostileImap()) {
            s.on("GREETING", (c, tag, args) -> c.say("* OK " + "x".repeat(10 << 20)));
            Run r = run(s, "list");
            assertEquals(0, r.code, r.toString());
            assertTrue(r.out.contains("hello"), r.toString());
        }
    }

    @Test
    void theDefaultCapRefusesAGiantLiteralBeforeAllocatingIt() {
        CappedBuffer b = new CappedBuffer(new byte[128], 0, 128, CappedProtocol.DEFAULT_CAP);
        assertEquals(256 << 20, CappedProtocol.DEFAULT_CAP);
        org.junit.jupiter.api.Assertions.assertThrows(CappedBuffer.TooLarge.class, () -> b.grow(2_000_000_000));
        b.grow(1000);
        assertEquals(1128, b.getBytes().length);
        b.grow(10);
        assertEquals(2256, b.getBytes().length, "grows by doubling");
    }
}
