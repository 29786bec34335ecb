package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.postern.app.Main;
import dev.postern.cli.PosternCommand;
import dev.postern.controller.MailController;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code postern --config FILE} run through Main.run in this process, the reader on the harness's virtual
 * terminal with the options Main.run built (the user's bindings file, the batch commands of the command line).
 */
final class InProcessPostern {
    private final AtomicInteger code = new AtomicInteger(-1);
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    TuiHarness start(Path config, Map<String, String> env, int cols, int rows) {
        return new TuiHarness(cols, rows, terminal -> {
            PosternCommand.UiLauncher launcher = new PosternCommand.UiLauncher() {
                @Override
                public void run(MailController c, String account, String folder) {
                    throw new AssertionError("the reader must be started with the user's options");
                }

                @Override
                public void run(TuiOptions o, MailController c, String account, String folder) {
                    Tui.run(c, account, folder, terminal, o, Clock.systemUTC());
                }
            };
            code.set(Main.run(new String[] {"--config", config.toString()}, env, new ByteArrayOutputStream(),
                    new PrintStream(err, true, StandardCharsets.UTF_8), launcher));
        });
    }

    /** The first screen: JVM warm-up, config, store and first connection can take long on a busy machine. */
    void awaitStart(TuiHarness h, String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!h.screen().contains(text) && code.get() < 0 && System.nanoTime() < deadline) Thread.sleep(20);
        assertEquals(-1, code.get(), () -> "postern ended early: " + err.toString(StandardCharsets.UTF_8));
        h.awaitText(text);
    }
}
