package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.app.AppContext;
import dev.postern.e2e.GreenMailInbox;
import dev.postern.e2e.PosternConfig;
import dev.postern.index.MailIndex;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * hunt36-K, K8 (the reader's side): the reader opened on a store whose search index is behind (removed here, as a
 * crash or a short command's set-aside catch-up leaves it) catches it up by itself behind its first screen, though
 * nothing it does commits a change of mail (the server has what the store has), as README says.
 */
@Timeout(180)
class ReaderIndexCatchUpTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    /** How long the reader has to bring 40 messages into the index: a wait's limit, far beyond what it takes. */
    private static final long DEADLINE_S = 90;

    @TempDir Path dir;

    @Test
    void theReaderCatchesUpAnIndexThatIsBehindWithoutACommit() throws Exception {
        MailFolder inbox = greenMail.getManagers().getImapHostManager().getInbox(greenMail.setUser("zed@localhost", "zed", "pw"));
        for (int i = 1; i <= 40; i++) GreenMailInbox.deliver(inbox, "Indexed subject " + i);
        Path config = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("t", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "zed", "pw", 30, null));
        Map<String, String> env = Map.of("HOME", dir.toString(), "XDG_STATE_HOME", dir.resolve("state").toString(), "LANG", "C.UTF-8");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, dev.postern.app.Main.run(new String[] {"--config", config.toString(), "fetch"}, env, new ByteArrayOutputStream(),
                new PrintStream(err, true, StandardCharsets.UTF_8), (c, a, f) -> { throw new AssertionError("no reader here"); }), err.toString());
        Path index = dir.resolve("data").resolve(MailIndex.DIR);
        assertTrue(Files.isDirectory(index), "the fetch made the index");
        try (var files = Files.walk(index)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        try (AppContext ctx = new AppContext(env, config)) {
            MailIndex.Verification v = ctx.controller().verifyStore().get(60, TimeUnit.SECONDS).index().orElseThrow();
            assertFalse(v.agrees(), "the index is behind when the reader starts: " + v);
            try (TuiHarness h = new TuiHarness(ctx.controller(), "t", "INBOX", 80, 24, Palette.defaults())) {
                h.awaitText("Indexed subject 40");
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_S);
                while (!(v.current() && v.agrees()) && System.nanoTime() < end) {
                    Thread.sleep(200); // polling the index's state; the reader commits nothing meanwhile
                    v = ctx.controller().verifyStore().get(60, TimeUnit.SECONDS).index().orElseThrow();
                }
                assertTrue(v.current() && v.agrees(), "the reader did not catch the index up within " + DEADLINE_S + " s: " + v);
                assertEquals(40, v.indexed());
                h.type("q");
                h.awaitExit();
            }
        }
    }
}
