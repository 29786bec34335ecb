package dev.postern.attach;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader's `v` keeps 4 Mi characters of a copiousoutput viewer's output: it was cut there mid-line with no mark
 * (hunt 38-A, A12). Now the cut is at a line end, a line says so, and the viewer, read to its end, exits 0.
 */
class ViewerOutputTest {
    @TempDir Path dir;

    @Test
    void theReadersCopyIsCutAtALineEndAndSaysSo() throws Exception {
        Path viewer = dir.resolve("big-viewer");
        Files.writeString(viewer, "#!/bin/sh\nseq 1 1000000\n");
        Files.setPosixFilePermissions(viewer, PosixFilePermissions.fromString("rwx------"));
        Path mailcap = Files.writeString(dir.resolve("mailcap"), "application/zip; " + viewer + " %s; copiousoutput\n");
        Viewer.Outcome o = Viewer.open(Mailcap.load(List.of(mailcap)), "application/zip", "a.zip", 1, new byte[] {1},
                System.getenv(), Duration.ofSeconds(60)).orElseThrow();
        assertEquals(0, o.exitCode(), "read to its end, the viewer is not killed by a closed pipe");
        int mark = o.output().lastIndexOf("\n\n[the viewer's output is cut here (the reader keeps 4 Mi characters of it)");
        assertTrue(mark > 0 && o.output().endsWith("prints it all]\n"), "a line says where it was cut");
        String kept = o.output().substring(0, mark + 1);
        assertTrue(kept.length() <= 4 << 20 && kept.length() > (4 << 20) - 16, "" + kept.length());
        assertTrue(kept.endsWith("\n"), "cut at a line end");
        String last = kept.substring(kept.lastIndexOf('\n', kept.length() - 2) + 1).strip();
        assertEquals(Integer.parseInt(last) - 1, Integer.parseInt(kept.substring(kept.lastIndexOf('\n',
                kept.length() - last.length() - 3) + 1, kept.length() - last.length() - 1).strip()), "whole lines");
    }
}
