package dev.postern.resident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.app.AppContext;
import dev.postern.backend.link.ScriptedServer;
import dev.postern.cli.PosternCommand;
import dev.postern.e2e.PosternConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An Error in a command an owner serves (a StackOverflowError, as a deeply nested query threw) is the client's internal
 * error, 70, in one sentence; the owner goes on. It left the request thread to the owner's uncaught handler, which
 * printed over the open reader's screen and put its terminal in cooked mode, and the client, with no exit frame, said
 * the owner had stopped, 75 (hunt 38-Q, Q13, Q14).
 */
class ServedInternalErrorTest {
    @TempDir Path dir;

    @Test
    void anErrorInAServedCommandIsTheClientsSeventy() throws Exception {
        try (ScriptedServer imap = new ScriptedServer((s, in, out) -> { })) {
            String account = PosternConfig.account("t", "imap", "127.0.0.1", imap.port(), "plain", "zed", "pw", 5, null);
            Path cfg = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"), account).toAbsolutePath().normalize();
            try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString(), "XDG_STATE_HOME", dir.resolve("state").toString()), cfg)) {
                PosternCommand.UiLauncher overflowing = new PosternCommand.UiLauncher() {
                    @Override
                    public void run(dev.postern.controller.MailController c, String acct, String folder) {
                        throw new StackOverflowError();
                    }
                };
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
                int code = Requests.run(ctx, null, new Wire.Request(cfg.toString(), dir.toString(),
                        new String[] {"--config", cfg.toString()}, new String[0], 0, 0), new ByteArrayInputStream(new byte[0]),
                        out, err, overflowing, new Requests.NoTerminal(null));
                String said = err.toString(StandardCharsets.UTF_8);
                assertEquals(70, code, said);
                assertTrue(said.startsWith("postern: internal error (java.lang.StackOverflowError)"), said);
                assertEquals(1, said.strip().lines().count(), said);
                assertFalse(said.contains("\tat "), said);
                assertEquals(before, Thread.getDefaultUncaughtExceptionHandler());
                // The owner's context goes on: the next client's command runs.
                ByteArrayOutputStream out2 = new ByteArrayOutputStream();
                ByteArrayOutputStream err2 = new ByteArrayOutputStream();
                int next = Requests.run(ctx, null, new Wire.Request(cfg.toString(), dir.toString(),
                        new String[] {"--config", cfg.toString(), "retention", "--dry-run"}, new String[0], 0, 0),
                        new ByteArrayInputStream(new byte[0]), out2, err2, w -> false);
                assertEquals(0, next, err2.toString(StandardCharsets.UTF_8));
            }
        }
    }
}
