package dev.postern.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hunt 43-R, R8: a program that did not start is said in words, from the JVM's own exception (real starts here). */
class ProgramStartTest {
    @TempDir Path dir;

    private static String failure(String... argv) {
        return assertThrows(IOException.class, () -> new ProcessBuilder(argv).start()).getMessage();
    }

    @Test
    void aMissingProgramWasNotFound() {
        String m = failure("postern-no-such-program-43");
        assertEquals("postern-no-such-program-43", ProgramStart.program(m));
        assertEquals("The browser (xdg-open) was not found; set $BROWSER.",
                ProgramStart.sentence("The browser", "xdg-open", m, "set $BROWSER"));
    }

    @Test
    void aFileThatMayNotBeRunSaysSo() throws IOException {
        Path f = Files.writeString(dir.resolve("viewer"), "#!/bin/sh\n");
        assertEquals("may not be run (permission denied)", ProgramStart.why(failure(f.toString())));
    }

    @Test
    void aMessageWithoutAnErrnoIsKeptInParentheses() {
        assertEquals("could not be started (the reader has quit)", ProgramStart.why("the reader has quit"));
        assertEquals("new_mail_command could not be started.", ProgramStart.sentence("new_mail_command", "", null, ""));
    }
}
