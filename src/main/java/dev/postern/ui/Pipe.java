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

    /** What goes to the command's standard input, written as a stream (an attachment kept in a file: never whole in memory). */
    interface Input {
        void writeTo(OutputStream out) throws IOException;

        static Input of(byte[] bytes) {
            return out -> out.write(bytes);
        }
    }

    private Pipe() {}

    /**
     * For the person at {@code loop}'s terminal: a served reader's command runs in its user's directory and environment
     * (their postern's process, which ends it when that reader quits), through the files {@link #runThere} hands over;
     * one here is among the loop's children, ended when the reader quits ({@link UiLoop#endChildren}).
     */
    static CompletableFuture<Result> run(String command, byte[] input, UiLoop loop) {
        return run(command, Input.of(input), loop);
    }

    static CompletableFuture<Result> run(String command, Input input, UiLoop loop) {
        return run(command, input, loop, dev.postern.model.Work.NONE);
    }

    /**
     * The same as a job of the controller's (hunt43-R R4): {@code :jobs} lists it (its id on the status bar while it
     * runs), {@code :cancel} ends the command and what it started, as quitting the reader does. A served reader's
     * command runs at its own terminal, which the job cannot reach: its cancel takes effect when it ends.
     */
    static CompletableFuture<Result> job(String command, Input input, UiLoop loop, dev.postern.controller.MailController c,
            String account) {
        return c.runJob(account, "pipe to " + dev.postern.render.Sanitizer.oneLine(command), work -> {
            work.progress(0, 0); // on the status bar while it runs
            try {
                return run(command, input, loop, work).join();
            } catch (java.util.concurrent.CompletionException e) { // the job's failure is the command's own
                if (e.getCause() instanceof RuntimeException r) throw r;
                throw e;
            }
        });
    }

    private static CompletableFuture<Result> run(String command, Input input, UiLoop loop, dev.postern.model.Work work) {
        ReaderTerminal terminal = loop.terminal();
        CompletableFuture<Result> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(terminal.served() ? runThere(command, input, terminal) : runHere(command, input, loop.children(), work));
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

    /**
     * The command run by {@code terminal}'s own process, its input and output in two private files (the served
     * reader's client runs as this user on this machine: the owner checked its uid), in an owner-only directory removed
     * after, or when the owner is ended meanwhile ({@link dev.postern.model.PrivateTemp}): the input is the message.
     */
    static Result runThere(String command, Input input, ReaderTerminal terminal) throws IOException, InterruptedException {
        java.nio.file.attribute.FileAttribute<?> mine = java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        java.nio.file.Path dir = dev.postern.model.PrivateTemp.directory("postern-pipe-");
        try {
            java.nio.file.Path in = java.nio.file.Files.createFile(dir.resolve("in"), mine);
            java.nio.file.Path out = java.nio.file.Files.createFile(dir.resolve("out"), mine);
            try (OutputStream w = new java.io.BufferedOutputStream(java.nio.file.Files.newOutputStream(in), 64 * 1024)) {
                input.writeTo(w);
            }
            int status = terminal.runCaptured(java.util.List.of("sh", "-c", command), in, out);
            byte[] kept;
            boolean truncated;
            try (InputStream o = java.nio.file.Files.newInputStream(out)) {
                kept = o.readNBytes(MAX_OUTPUT);
                truncated = o.read() >= 0;
            }
            return new Result(status, new String(kept, StandardCharsets.UTF_8), truncated);
        } finally {
            dev.postern.model.PrivateTemp.remove(dir);
        }
    }

    static Result runHere(String command, byte[] input) throws IOException, InterruptedException {
        return runHere(command, Input.of(input), new dev.postern.model.ChildProcesses.Runs());
    }

    static Result runHere(String command, Input input, dev.postern.model.ChildProcesses.Runs runs)
            throws IOException, InterruptedException {
        return runHere(command, input, runs, dev.postern.model.Work.NONE);
    }

    /**
     * The command started as one of {@code runs}: still running when the reader quits, it is ended then; when
     * {@code work} is cancelled, it and what it started are ended so (SIGTERM, SIGKILL half a second later), and the
     * result is {@link dev.postern.model.Work.Cancelled}.
     */
    static Result runHere(String command, Input input, dev.postern.model.ChildProcesses.Runs runs, dev.postern.model.Work work)
            throws IOException, InterruptedException {
        Process p = runs.start(dev.postern.model.SecretEnv.scrub(new ProcessBuilder("sh", "-c", command)).redirectErrorStream(true));
        try (dev.postern.model.Work.Cut cut = work.whenCancelled(() -> runs.end(p, 500))) {
            Result r = runStarted(p, input);
            if (work.cancelled()) throw new dev.postern.model.Work.Cancelled("the command was stopped (cancel); its output is dropped.");
            return r;
        }
    }

    private static Result runStarted(Process p, Input input) throws InterruptedException {
        // stdin is written on its own thread: a command that prints before reading all its input (or never
        // reads it) must not dead-lock against us.
        Thread writer = new Thread(() -> {
            try (OutputStream in = p.getOutputStream()) {
                input.writeTo(in);
            } catch (IOException closedEarly) {
                // the command stopped reading (head, grep -q): what it read is what it wanted
            }
        }, "postern-pipe-stdin");
        writer.setDaemon(true);
        writer.start();
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        boolean[] truncated = new boolean[1];
        IOException[] failed = new IOException[1];
        // Read on a thread of its own, and the command's end is what is waited for, not its output's: a command that
        // leaves a process in the background (`... ; job &`) ends while that process holds the pipe open (as mutt,
        // which waits for the command, that process is left to run).
        Thread reader = new Thread(() -> {
            try (InputStream out = p.getInputStream()) {
                byte[] buf = new byte[8192];
                int n;
                while ((n = out.read(buf)) > 0) {
                    synchronized (kept) {
                        int room = MAX_OUTPUT - kept.size();
                        if (room > 0) kept.write(buf, 0, Math.min(room, n));
                        if (n > room) truncated[0] = true;
                    }
                }
            } catch (IOException e) {
                failed[0] = e;
            }
        }, "postern-pipe-output");
        reader.setDaemon(true);
        reader.start();
        int status = p.waitFor();
        reader.join(dev.postern.model.ChildProcesses.OUTPUT_GRACE_MS);
        writer.join(1_000);
        synchronized (kept) {
            if (failed[0] != null) throw new UncheckedIOException(failed[0]);
            return new Result(status, kept.toString(StandardCharsets.UTF_8), truncated[0]);
        }
    }
}
