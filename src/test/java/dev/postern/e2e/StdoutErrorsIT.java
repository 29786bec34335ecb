package dev.postern.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write error on standard output is never success (F1 of hunt 27): a full disk ({@code /dev/full}: ENOSPC) or a
 * closed descriptor is one sentence and 74; a reader that went away (a pipe whose reader closed it: EPIPE) ends the
 * command quietly with 141, as SIGPIPE ends a Unix tool. The same for a command run in its own process and for one a
 * resident owner serves, through the Java client and the Perl client; the owner goes on serving after either.
 */
class StdoutErrorsIT {
    private static final String FULL = "postern: cannot write to standard output (No space left on device).\n";

    @TempDir
    Path dir;

    /** First on PATH: the Perl tree's java, which notes each JVM the launcher starts. */
    private Path bin;

    @Test
    void aFullOrClosedStdoutIs74AndABrokenPipe141InProcessAndServed() throws Exception {
        Path config = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("t", "imap", "127.0.0.1", dev.postern.ClosedPort.take(), "plain", "u", "pw", 5, null));
        List<String> jar = PosternProcess.jarCommand("--config", config.toString());

        // In process: a command's rows, and picocli's own help.
        assertFull(run(jar, "/dev/full", "complete", "accounts"));
        assertFull(run(jar, "/dev/full", "--help"));
        assertQuiet141(run(jar, null, "completion", "bash"));
        String[] closed = runUnder(List.of("sh", "-c", "exec \"$@\" >&-", "sh"), jar, "/dev/null", "complete", "accounts");
        assertEquals("74", closed[0], closed[1]);
        assertTrue(closed[1].startsWith("postern: cannot write to standard output ("), closed[1]);

        // Served by a daemon: the Java client, and the Perl client through the launcher.
        PerlTree perl = PerlTree.in(dir);
        bin = perl.bin;
        List<String> launcher = List.of(perl.launcher().toString(), "--config", config.toString());
        try {
            assertEquals("0", run(jar, "/dev/null", "daemon", "start")[0]); // inside: a start that half-failed is stopped too
            assertFull(run(jar, "/dev/full", "complete", "accounts"));
            assertQuiet141(run(jar, null, "completion", "bash"));
            Files.deleteIfExists(perl.calls);
            assertFull(run(launcher, "/dev/full", "complete", "accounts"));
            assertQuiet141(run(launcher, null, "completion", "bash"));
            assertEquals("", perl.jvms(), "the Perl client served them");
            String[] status = run(jar, "/dev/null", "daemon", "status");
            assertEquals("0", status[0], "the owner serves on: " + status[1]);
        } finally {
            run(jar, "/dev/null", "daemon", "stop");
        }
    }

    /**
     * A message sent whose report ("sent ... to ...") cannot be printed is still sent: exit 0, and stderr says what was
     * sent and that it could not be printed, in process and served through either client; a job runner that retried
     * on 74 sent it twice (hunt 34-C, C6).
     */
    @Test
    void aSendWhoseReportCannotBePrintedEndsAsSentInProcessAndServed() throws Exception {
        java.util.concurrent.atomic.AtomicInteger delivered = new java.util.concurrent.atomic.AtomicInteger();
        try (dev.postern.backend.link.ScriptedServer smtp = dev.postern.backend.link.ScriptedSmtp.start((verb, message) -> {
            if (verb.equals("END")) delivered.incrementAndGet();
            return null;
        })) {
            Path config = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                    PosternConfig.account("t", "imap", "127.0.0.1", dev.postern.ClosedPort.take(), "plain", "u", "pw", 5, null),
                    "save_sent = false\n[accounts.t.smtp]\nhost = \"127.0.0.1\"\nport = " + smtp.port()
                            + "\nsecurity = \"plain\"\nfrom = \"alice@localhost\"\n");
            List<String> jar = PosternProcess.jarCommand("--config", config.toString());
            String[] send = {"send", "--to", "bob@localhost", "-s", "once"};

            assertSentUnprinted(run(jar, "/dev/full", send), "No space left on device");
            String[] closed = runUnder(List.of("sh", "-c", "exec \"$@\" >&-", "sh"), jar, "/dev/null", send);
            assertSentUnprinted(closed, "Bad file descriptor");
            assertEquals(2, delivered.get());
            // In the shell what a line did is that line's: it says so, and the failed output, which ends the shell, is the
            // shell's own failure (74), not a success taken from the send.
            Path body = Files.writeString(dir.resolve("body.txt"), "hello\n");
            Path script = Files.writeString(dir.resolve("script"), "send --to bob@localhost -s once --file " + body
                    + "\ncomplete accounts\n");
            String[] shell = runUnder(List.of("sh", "-c", "exec \"$@\" < " + script, "sh"), jar, "/dev/full", "shell");
            assertEquals("74", shell[0], shell[1]);
            assertTrue(shell[1].matches("postern: sent <[^>]+> to bob@localhost; could not print that: cannot write to standard"
                    + " output \\(No space left on device\\)\\.\n"), shell[1]);
            assertEquals(3, delivered.get());

            PerlTree perl = PerlTree.in(dir);
            bin = perl.bin;
            List<String> launcher = List.of(perl.launcher().toString(), "--config", config.toString());
            try {
                assertEquals("0", run(jar, "/dev/null", "daemon", "start")[0]);
                assertSentUnprinted(run(jar, "/dev/full", send), "No space left on device");
                Files.deleteIfExists(perl.calls);
                assertSentUnprinted(run(launcher, "/dev/full", send), "No space left on device");
                assertEquals("", perl.jvms(), "the Perl client served it");
                assertEquals(5, delivered.get());
                // Output that fails before anything was done is the command's failure, as before.
                assertFull(run(jar, "/dev/full", "complete", "accounts"));
            } finally {
                run(jar, "/dev/null", "daemon", "stop");
            }
        }
    }

    private static void assertSentUnprinted(String[] r, String why) {
        assertEquals("0", r[0], r[1]);
        assertTrue(r[1].matches("postern: sent <[^>]+> to bob@localhost; could not print that: cannot write to standard output \\("
                + why + "\\)\\.\n"), r[1]);
    }

    private static void assertFull(String[] r) {
        assertEquals("74", r[0], r[1]);
        assertEquals(FULL, r[1]);
    }

    private static void assertQuiet141(String[] r) {
        assertEquals("141", r[0], r[1]);
        assertEquals("", r[1]);
    }

    private String[] run(List<String> cmd, String stdout, String... args) throws Exception {
        return runUnder(List.of(), cmd, stdout, args);
    }

    /**
     * {@code prefix cmd args} with stdout to the file {@code stdout}, or (null) to a pipe this side closes at once, so
     * that the command's first write meets EPIPE; returns its exit code and its stderr.
     */
    private String[] runUnder(List<String> prefix, List<String> cmd, String stdout, String... args) throws Exception {
        List<String> argv = new ArrayList<>(prefix);
        argv.addAll(cmd);
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().put("HOME", dir.toString());
        pb.environment().put("XDG_STATE_HOME", dir.resolve("state").toString());
        pb.environment().remove("XDG_RUNTIME_DIR");
        pb.environment().remove("XDG_CACHE_HOME");
        pb.environment().remove("XDG_CONFIG_HOME");
        pb.environment().remove("POSTERN_CLIENT");
        if (bin != null) pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        File err = dir.resolve("err").toFile();
        pb.redirectError(err).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        if (stdout != null) pb.redirectOutput(new File(stdout));
        Process p = pb.start();
        if (stdout == null) p.getInputStream().close();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), argv + " did not end");
        return new String[] {Integer.toString(p.exitValue()), Files.readString(err.toPath(), StandardCharsets.UTF_8)};
    }
}
