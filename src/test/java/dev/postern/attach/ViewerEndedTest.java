package dev.postern.attach;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hunt 36-S, S1: postern ended by SIGTERM, SIGINT or SIGHUP while a viewer runs (`attachment open`, the reader's `v`, a
 * served reader's in the owner) left the attachment's decoded copy in /tmp/postern-view-N/ for ever. Now the copy goes
 * with postern, and a viewer started later sweeps what a kill -9 left (the user's own, their postern gone, an hour old).
 * Checked in a JVM of its own ("postern"), which the test ends with the signal.
 */
class ViewerEndedTest {
    @TempDir Path dir;
    private Process postern;
    private long viewer = -1;
    private final Path tmp = Path.of(System.getProperty("java.io.tmpdir"));

    /** The child: opens text/plain with {@code sh %s}; the "attachment" says its pid and path, then sleeps. */
    public static void main(String[] args) throws Exception {
        Mailcap m = Mailcap.load(List.of(Path.of(args[0])));
        byte[] script = "echo \"$$ $0\"; exec sleep 60\n".getBytes(StandardCharsets.UTF_8);
        Viewer.open(m, "text/plain", "notes.txt", 1, script, System.getenv());
    }

    /** A postern with a viewer running on its copy of an attachment: the copy's path. */
    private Path viewing() throws Exception {
        Path mailcap = Files.writeString(dir.resolve("mailcap"), "text/plain; sh %s\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Through perl, which puts the three signals back to their default: a test run from nohup or a background job
        // (CI) starts with SIGHUP or SIGINT ignored, which a child inherits and its JVM then leaves ignored.
        postern = new ProcessBuilder(List.of("perl", "-e", "$SIG{$_} = 'DEFAULT' for qw(INT HUP TERM); exec @ARGV or die",
                java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-Djava.io.tmpdir=" + tmp, "-cp",
                System.getProperty("java.class.path"), ViewerEndedTest.class.getName(), mailcap.toString()))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String line = new BufferedReader(new InputStreamReader(postern.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertTrue(line != null && line.contains(" "), "the viewer started: " + line);
        viewer = Long.parseLong(line.substring(0, line.indexOf(' ')));
        Path copy = Path.of(line.substring(line.indexOf(' ') + 1));
        assertTrue(Files.exists(copy), copy.toString());
        return copy;
    }

    @AfterEach
    void end() throws InterruptedException {
        if (postern != null) {
            postern.destroy(); // SIGTERM: its copy goes with it
            if (!postern.waitFor(30, TimeUnit.SECONDS)) postern.destroyForcibly();
        }
        if (viewer > 0) ProcessHandle.of(viewer).ifPresent(ProcessHandle::destroyForcibly);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TERM", "HUP", "INT"})
    void theCopyGoesWhenPosternIsEndedWhileTheViewerRuns(String signal) throws Exception {
        Path copy = viewing();
        try {
            new ProcessBuilder("kill", "-" + signal, String.valueOf(postern.pid())).start().waitFor();
            assertTrue(postern.waitFor(30, TimeUnit.SECONDS), "postern ended");
            assertFalse(Files.exists(copy.getParent()), "the copy of the attachment went with postern (SIG" + signal + ")");
        } finally {
            Files.deleteIfExists(copy);
            Files.deleteIfExists(copy.getParent());
        }
    }

    @Test
    void aViewerStartedLaterSweepsWhatAKilledPosternLeftAndNotWhatARunningOneUses() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path killed = Files.createDirectory(tmp.resolve("postern-view-" + gone.pid() + "-" + System.nanoTime()));
        Files.writeString(killed.resolve("left.pdf"), "a kill -9 left this");
        Files.setLastModifiedTime(killed, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        Path busy = Files.createDirectory(tmp.resolve("postern-view-" + ProcessHandle.current().pid() + "-" + System.nanoTime()));
        Files.setLastModifiedTime(busy, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        try {
            viewing();
            assertFalse(Files.exists(killed), "a viewer's start sweeps what a killed postern left");
            assertTrue(Files.exists(busy), "a running postern's directory is left");
        } finally {
            Files.deleteIfExists(killed.resolve("left.pdf"));
            Files.deleteIfExists(killed);
            Files.deleteIfExists(busy);
        }
    }
}
