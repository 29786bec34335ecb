package dev.postern.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * postern's temporary files go where TMPDIR says, as every Unix program's: the JVM's java.io.tmpdir is /tmp on Linux
 * whatever TMPDIR says, so with /tmp unusable (full, read-only, not the user's to use) and TMPDIR naming a directory
 * that would do, the demo did not start (74), an attachment could not be read and a draft not edited (hunt 43-P, P4).
 * Here java.io.tmpdir names a directory that is not there, standing for an unusable /tmp.
 */
class TmpdirIT {
    @Test
    void theDemoServesFromTmpdirWhenJavasTemporaryDirectoryCannotBeUsed(@TempDir Path root) throws Exception {
        Path tmp = Files.createDirectory(root.resolve("tmp"));
        List<String> argv = new ArrayList<>(PosternProcess.jarCommand("demo", "--serve"));
        argv.add(1, "-Djava.io.tmpdir=" + root.resolve("unusable"));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.environment().put("TMPDIR", tmp.toString());
        pb.environment().put("HOME", root.toString());
        pb.environment().put("XDG_STATE_HOME", root.resolve("state").toString());
        Process p = pb.start();
        StringBuilder out = new StringBuilder();
        String config = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; config == null && (line = r.readLine()) != null; ) {
                out.append(line).append('\n');
                if (line.startsWith("config: ")) config = line.substring("config: ".length());
            }
        } finally {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) p.destroyForcibly();
        }
        assertTrue(config != null && Path.of(config).startsWith(tmp), "the demo's config is not under TMPDIR " + tmp + ":\n" + out);
    }
}
