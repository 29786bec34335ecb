package dev.postern.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Through the jar, postern's own SLF4J binding (FileLogging): a failure is one sentence on stderr and
 * its details, stack trace included, go to $XDG_STATE_HOME/postern/postern.log with a UTC timestamp, the
 * pid, thread, level and logger; POSTERN_LOG_LEVEL raises the threshold.
 */
class LogFileIT {
    private static final Pattern LINE = Pattern.compile(
            "(?m)^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z \\d+ \\[main\\] INFO dev\\.postern\\.cli\\.CommandErrors - command failed: "
                    + "account e2e: the connection to 127\\.0\\.0\\.1:\\d+ was refused");

    @TempDir
    Path home;

    @Test
    void aFailureIsOneSentenceOnStderrAndItsDetailsGoToTheLogFile() throws Exception {
        // Held closed for the whole run: a port found free and released could be taken by a server of a test in a
        // parallel fork, and the command then met a silent listener ("no answer", 75) instead of a refusal (69).
        int closed = dev.postern.ClosedPort.take();
        Path cfg = PosternConfig.write(home.resolve("config.toml"), home.resolve("data"),
                PosternConfig.account("e2e", "imap", "127.0.0.1", closed, "plain", "u", "pw", 5, null));
        Path log = home.resolve("state").resolve("postern").resolve("postern.log");

        PosternProcess.Result r = PosternProcess.withConfig(home, cfg, "folders").timeout(Duration.ofMinutes(1)).run()
                .assertNoStackTrace().assertExitCode(69);
        assertEquals(1, r.stderr().lines().count(), r.describe());
        assertFalse(r.stderr().contains("\u001b") || r.stdout().contains("\u001b"), r.describe());
        String written = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(LINE.matcher(written).find(), written);
        assertTrue(written.contains("\tat "), "the stack trace is in the log:\n" + written);

        PosternProcess.withConfig(home, cfg, "folders").env("POSTERN_LOG_LEVEL", "warn").timeout(Duration.ofMinutes(1))
                .run().assertNoStackTrace().assertExitCode(69);
        assertEquals(written, Files.readString(log, StandardCharsets.UTF_8), "at warn, the INFO line is not written");
    }
}
