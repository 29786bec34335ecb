package dev.postern.resident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.app.AppContext;
import dev.postern.controller.StoreUpkeep;
import dev.postern.e2e.GreenMailInbox;
import dev.postern.e2e.PosternConfig;
import dev.postern.index.MailIndex;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * hunt36-K, K8: a daemon started on a store whose search index is behind (here: removed, as after a kill during a
 * first sync; a short command's set-aside catch-up leaves it the same way) catches it up by itself while it runs idle,
 * as README and `store verify` say, not only at the next commit. The daemon's own start ({@link Residence#run}, its
 * owner made by the process's wiring as in {@code Main}) over a store GreenMail filled; nothing is committed after it.
 */
@Timeout(180)
class DaemonIndexCatchUpTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    /** How long the idle daemon has to bring 40 messages into the index: a wait's limit, far beyond what it takes. */
    private static final long DEADLINE_S = 90;

    @TempDir Path dir;

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", dir.toString());
        env.put("XDG_STATE_HOME", dir.resolve("state").toString());
        env.put("LANG", "C.UTF-8");
        return env;
    }

    @Test
    void anIdleDaemonCatchesUpAnIndexThatIsBehind() throws Exception {
        MailFolder inbox = greenMail.getManagers().getImapHostManager().getInbox(greenMail.setUser("zed@localhost", "zed", "pw"));
        for (int i = 1; i <= 40; i++) GreenMailInbox.deliver(inbox, "Indexed subject " + i);
        Path config = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("t", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "zed", "pw", 30, null));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, dev.postern.app.Main.run(new String[] {"--config", config.toString(), "fetch"}, env(), new ByteArrayOutputStream(),
                new PrintStream(err, true, StandardCharsets.UTF_8), (c, a, f) -> { throw new AssertionError("no reader here"); }), err.toString());
        Path index = dir.resolve("data").resolve(MailIndex.DIR);
        assertTrue(Files.isDirectory(index), "the fetch made the index");
        try (var files = Files.walk(index)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }

        AppContext.serveOthers(ctx -> {
            Owner o = Owner.start(ctx, Owner.Role.DAEMON); // as Main's Serving
            return new AppContext.Resident() {
                @Override public void close() { o.close(); }

                @Override public void storeReleased() { o.storeReleased(); }
            };
        });
        try (AppContext ctx = new AppContext(env(), config)) {
            var said = Residence.of(ctx, "unused").run();
            assertEquals(0, said.exitCode(), said.text());
            Owner owner = Owner.current();
            assertNotNull(owner, "the daemon serves");
            StoreUpkeep.Check first = ctx.controller().verifyStore().get(60, TimeUnit.SECONDS);
            assertFalse(first.index().orElseThrow().agrees(), "the index is behind when the daemon starts: " + first.index());
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_S);
            MailIndex.Verification v = first.index().orElseThrow();
            while (!(v.current() && v.agrees()) && System.nanoTime() < end) {
                Thread.sleep(200); // polling the index's state; no commit is made meanwhile
                v = ctx.controller().verifyStore().get(60, TimeUnit.SECONDS).index().orElseThrow();
            }
            assertTrue(v.current() && v.agrees(), "the idle daemon did not catch the index up within " + DEADLINE_S + " s: " + v);
            assertEquals(40, v.indexed());
        } finally {
            AppContext.serveOthers(null);
            Owner o = Owner.current();
            if (o != null) o.close();
        }
    }
}
