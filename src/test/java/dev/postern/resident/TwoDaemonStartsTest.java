package dev.postern.resident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.ProcCmdline;
import dev.postern.e2e.PosternConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hunt 27, F18: two `daemon start` at once both said "postern daemon (pid N) owns ...", each naming its own child, one
 * of which had been refused and was gone. Every start must name the process that owns the data directory.
 */
@Timeout(120)
class TwoDaemonStartsTest {
    @TempDir Path dir;

    @Test
    void twoStartsAtOnceBothNameTheDaemonThatOwns() throws Exception {
        Files.createDirectories(dir.resolve("run"));
        Path config = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("t", "imap", "127.0.0.1", dev.postern.ClosedPort.take(), "plain", "zed", "pw", 5, null))
                .toAbsolutePath().normalize();
        List<Process> starts = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), "dev.postern.app.Postern", "--config", config.toString(), "daemon", "start")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("start-" + i + ".out").toFile());
            pb.environment().put("HOME", dir.toString());
            pb.environment().put("XDG_STATE_HOME", dir.resolve("state").toString());
            pb.environment().put("XDG_RUNTIME_DIR", dir.resolve("run").toString());
            starts.add(pb.start());
        }
        Path dataDir = dataDir(config);
        try {
            for (int i = 0; i < 2; i++) {
                assertTrue(starts.get(i).waitFor(90, TimeUnit.SECONDS), "start " + i + " ended");
                assertEquals(0, starts.get(i).exitValue(), Files.readString(dir.resolve("start-" + i + ".out")));
            }
            long owner = SocketFiles.lockHolder(dataDir.resolve("store.lock"));
            assertTrue(owner > 0, "a daemon owns the data directory");
            Pattern pid = Pattern.compile("\\(pid (\\d+)\\)");
            for (int i = 0; i < 2; i++) {
                String said = Files.readString(dir.resolve("start-" + i + ".out"));
                Matcher m = pid.matcher(said);
                assertTrue(m.find(), said);
                assertEquals(owner, Long.parseLong(m.group(1)), "start " + i + " names the owner: " + said);
            }
        } finally {
            endEveryPosternOf(config);
        }
    }

    /**
     * Stops every process started with this test's config (the owning daemon, and a refused one still on its way out)
     * and waits for each to end: the temporary directory is deleted next, and a daemon still closing its store or
     * writing its log there made that deletion fail (the grading run of ca62b5f4, "Failed to close extension context").
     */
    private static void endEveryPosternOf(Path config) throws Exception {
        String spelled = config.toString();
        List<ProcessHandle> ours = ProcessHandle.allProcesses().filter(h -> ProcCmdline.arguments(h.pid()).contains(spelled)).toList();
        long owner = SocketFiles.lockHolder(dataDir(config).resolve("store.lock"));
        if (owner > 0) assertTrue(ours.stream().anyMatch(h -> h.pid() == owner), "the owning daemon is among the processes found");
        for (ProcessHandle h : ours) h.destroy();
        for (ProcessHandle h : ours) {
            try {
                h.onExit().get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                h.destroyForcibly();
                h.onExit().get(10, TimeUnit.SECONDS);
            }
        }
    }

    private static Path dataDir(Path config) {
        return config.getParent().resolve("data").toAbsolutePath().normalize();
    }
}
