package dev.postern.ui;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * The reader's pipe-message, as mutt's: the user's command line is run by {@code sh -c} (it is the user's
 * own shell command, e.g. {@code git am}), the messages' exact bytes on its standard input, its standard
 * output and error captured for the pager. Runs on a thread of its own; nothing here touches the screen.
 */
final class Pipe {
    /** Output kept for the pager; the rest is read and dropped so the command never blocks on a full pipe. */
    static final int MAX_OUTPUT = 4 * 1024 * 1024;

    record Result(int exitStatus, String output, boolean truncated) {}

    private Pipe() {}

    static CompletableFuture<Result> run(String command, byte[] input) {
        CompletableFuture<Result> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(runHere(command, input));
            } catch (RuntimeException | IOException e) {
                f.completeExceptionally(e);
            } catch (InterruptedException e) {
                f.completeExceptionally(e);
                Thread.currentThread().interrupt();
            }
        }, "postern-pipe");
        t.setDaemon(true);
        t.start();
        return f;
    }

    static Result runHere(String command, byte[] input) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
        // stdin is written on its own thread: a command that prints before reading all its input (or never
        // reads it) must not dead-lock against us.
        Thread writer = new Thread(() -> {
            try (OutputStream in = p.getOutputStream()) {
                in.write(input);
            } catch (IOException closedEarly) {
                // the command stopped reading (head, grep -q): what it read is what it wanted
            }
        }, "postern-pipe-stdin");
        writer.setDaemon(true);
        writer.start();
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        boolean truncated = false;
        try (InputStream out = p.getInputStream()) {
            byte[] buf = new byte[8192];
            int n;
            while ((n = out.read(buf)) > 0) {
                int room = MAX_OUTPUT - kept.size();
                if (room > 0) kept.write(buf, 0, Math.min(room, n));
                if (n > room) truncated = true;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int status = p.waitFor();
        writer.join(1_000);
        return new Result(status, kept.toString(StandardCharsets.UTF_8), truncated);
    }
}
