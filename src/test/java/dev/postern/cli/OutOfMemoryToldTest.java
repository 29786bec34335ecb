package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A heap too small for the work is said as that, with the remedy, exit 74: never "internal error (OutOfMemoryError)",
 * 70, which reads as postern's bug or, from a command that talks to a server, the server's fault (hunt 39-S, S4:
 * `attachment save`, `read`, `store stats|verify|compact` of a 283 MB message under a 512 MB heap).
 */
class OutOfMemoryToldTest {
    @Test
    void aCommandThatRanOutOfMemoryExits74WithTheHeapAndTheRemedy() {
        StringWriter said = new StringWriter();
        int code = CommandErrors.failed(new OutOfMemoryError("Java heap space"), new PrintWriter(said));
        assertEquals(74, code);
        String text = said.toString();
        assertTrue(text.startsWith("postern: this command needed more memory than postern may use here (a Java heap of at most "), text);
        assertTrue(text.contains("POSTERN_JAVA_OPTS=\"-Xmx"), text);
        assertFalse(text.contains("internal error") || text.contains("OutOfMemoryError") || text.contains("server"), text);
    }

    @Test
    void anOutOfMemoryErrorOnAWorkerIsTheSameSentenceWhenItsFutureIsAwaited() {
        CompletableFuture<byte[]> read = CompletableFuture.failedFuture(new OutOfMemoryError("Java heap space"));
        PosternException e = assertThrows(PosternException.class, () -> Futures.await(read));
        assertEquals(ExitCode.IOERR, e.exitCode());
        assertTrue(e.getMessage().contains("needed more memory than postern may use"), e.getMessage());
    }
}
