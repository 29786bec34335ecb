package dev.postern.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.backend.link.ScriptedServer;
import dev.postern.e2e.SendStall;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hunt 42-H, H4: Ctrl-C while `postern reply --edit` waits for the user's editor (one that keeps the terminal cooked,
 * or ignores SIGINT as vim does) ended postern at once, exit 130 and nothing said, while the editor went on and saved
 * the draft in a /tmp directory nothing ever named. Now the Ctrl-C is the editor's: postern waits for it and goes on,
 * here to the question (answered no) and the draft kept in drafts/ with what the editor saved after the Ctrl-C.
 * In a JVM of its own, started with SIGINT at its default as a person starts it ({@link SendStall#start}).
 */
@Timeout(90)
class EditorInterruptTest {
    @TempDir Path dir;

    @Test
    void ctrlCWhileTheEditorRunsIsTheEditorsAndTheDraftIsKept() throws Exception {
        SendStall stall = new SendStall(dir);
        stall.seed("Plans", "Shall we meet?");
        Path ready = dir.resolve("editor-ready");
        Path editor = dir.resolve("editor.sh");
        Files.writeString(editor, "#!/bin/sh\ntrap '' INT\nprintf 'typed before the Ctrl-C\\n' >> \"$1\"\n: > '" + ready
                + "'\nsleep 3\nprintf 'saved after it\\n' >> \"$1\"\n");
        Files.setPosixFilePermissions(editor, PosixFilePermissions.fromString("rwx------"));
        try (ScriptedServer server = stall.silentAt("MAIL")) { // never reached: the answer is no
            Process child = stall.start(true, stall.env(Map.of("EDITOR", editor.toString())), "n\n",
                    dev.postern.e2e.PosternConfig.argv(stall.config(server.port()), "reply", "INBOX", "1", "--edit"));
            try {
                for (int i = 0; i < 600 && !Files.exists(ready); i++) Thread.sleep(50);
                assertTrue(Files.exists(ready), "the editor started: " + stall.err());
                assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).start().waitFor());
                assertTrue(child.waitFor(60, TimeUnit.SECONDS), "postern ended: " + stall.err());
            } finally {
                stall.release();
                child.destroyForcibly();
            }
            String err = stall.err();
            assertEquals(0, child.exitValue(), err);
            assertTrue(err.contains("postern: not sent; your draft is kept in "), err);
            List<Path> drafts = stall.drafts();
            assertEquals(1, drafts.size(), err);
            String kept = Files.readString(drafts.get(0));
            assertTrue(kept.contains("typed before the Ctrl-C\n") && kept.contains("saved after it\n"), kept);
        }
    }
}
