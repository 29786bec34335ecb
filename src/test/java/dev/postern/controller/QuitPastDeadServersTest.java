package dev.postern.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.app.AppContext;
import dev.postern.backend.link.ScriptedServer;
import dev.postern.e2e.PosternConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Quitting is not held up by servers that do not answer: a connect still waiting for a greeting is not waited
 * for at all, and the account threads are waited for together, against one deadline, not one second each.
 */
class QuitPastDeadServersTest {
    @TempDir Path dir;

    @Test
    @Tag("quiet") // a wall-clock bound: run alone after the parallel forks (pom.xml)
    void threeAccountsOnSilentServersQuitAtOnce() throws Exception {
        // Accepts, and never says a word: the IMAP connect waits for its greeting until timeout_seconds (60).
        try (ScriptedServer silent = new ScriptedServer((s, in, out) -> Thread.sleep(120_000))) {
            Path cfg = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                    PosternConfig.account("a", "imap", "127.0.0.1", silent.port(), "plain", "u", "pw", 60, null),
                    PosternConfig.account("b", "imap", "127.0.0.1", silent.port(), "plain", "u", "pw", 60, null),
                    PosternConfig.account("c", "imap", "127.0.0.1", silent.port(), "plain", "u", "pw", 60, null));
            AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), cfg);
            MailController c = ctx.controller();
            for (String account : new String[] {"a", "b", "c"}) c.refreshFolder(account, "INBOX");
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            for (String account : new String[] {"a", "b", "c"}) {
                while (c.connectionState(account) != ConnectionState.CONNECTING && System.nanoTime() < until) Thread.sleep(10);
                assertEquals(ConnectionState.CONNECTING, c.connectionState(account), account);
            }
            long t0 = System.nanoTime();
            ctx.close();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            // Before: a second for each account, one after the other (3 s and more).
            assertTrue(ms < 900, "closing took " + ms + " ms");
        }
    }
}
