package dev.postern.resident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.postern.e2e.PosternConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hunt 36-K, K1: an owner killed (or frozen) while it ran a served `send` whose message had gone out; its client said
 * "run it again" and exited 75, which cron retries, and doing so sent the mail twice. A command that sends mail, taken by
 * its owner and never finished, must say the message may have gone out, where to look first (`postern outbox`, the
 * drafts directory), and exit 69, as a standalone send whose final dot went unanswered. Both clients, the Java one and
 * packaging/client/postern-client.pl, against a stand-in owner ({@link StandInOwner}) that takes the command and then
 * hangs up, or stops. A command that sends nothing keeps its "run it again" and 75. K2: the Java client facing a frozen
 * owner said first the dead owner's sentence ("stopped before the command finished ...; run it again"), then the true one.
 */
@Timeout(120)
class SendOwnerLostTest {
    @TempDir Path dir;
    private Process owner;

    @AfterEach
    void tidy() throws Exception {
        if (owner != null) {
            new ProcessBuilder("kill", "-CONT", Long.toString(owner.pid())).start().waitFor();
            owner.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        }
    }

    private Path dataDir() {
        return dir.resolve("data").toAbsolutePath().normalize();
    }

    private Path drafts() {
        return dir.resolve("state/postern/drafts");
    }

    /** Starts the stand-in owner ({@code close} or {@code stop}) and leaves its marker for the Perl client. */
    private Path standIn(String mode) throws Exception {
        Path config = PosternConfig.write(dir.resolve("config.toml"), dataDir(),
                PosternConfig.account("t", "imap", "127.0.0.1", 9, "plain", "zed", "pw", 60, null)).toAbsolutePath().normalize();
        owner = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), StandInOwner.class.getName(), dataDir().toString(), mode)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String line = new BufferedReader(new InputStreamReader(owner.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertEquals("serving", line);
        Path jar = Files.writeString(dir.resolve("postern.jar"), "a jar").toRealPath();
        String identity = "(" + jar + ", " + Files.size(jar) + " bytes, " + DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
                .withZone(ZoneOffset.UTC).format(Instant.ofEpochSecond(Files.getLastModifiedTime(jar).toMillis() / 1000)) + ")";
        Path owners = Files.createDirectories(dir.resolve("run/postern-owners"));
        Files.writeString(owners.resolve(Long.toString(owner.pid())), "data_dir=" + dataDir() + "\nconfig=" + config
                + "\nsocket=" + SocketFiles.socketFor(dataDir()) + "\nbuild=test " + identity + "\n");
        return config;
    }

    private List<String> java(Path config, String... args) {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "dev.postern.app.Postern", "--config", config.toString()));
        argv.addAll(List.of(args));
        return argv;
    }

    private List<String> perl(Path config, String... args) {
        List<String> argv = new ArrayList<>(List.of("/usr/bin/perl", Path.of("packaging/client/postern-client.pl").toAbsolutePath()
                .toString(), "/bin/false", dir.resolve("postern.jar").toString(), "--config", config.toString()));
        argv.addAll(List.of(args));
        return argv;
    }

    /** Runs a client to its end with no terminal and empty stdin; returns {exit code, what it said}. */
    private Object[] client(List<String> argv) throws Exception {
        Path out = Files.createTempFile(dir, "client", ".out");
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("HOME", dir.toString());
        pb.environment().put("XDG_STATE_HOME", dir.resolve("state").toString());
        pb.environment().put("XDG_RUNTIME_DIR", dir.resolve("run").toString());
        pb.environment().put("LANG", "C.UTF-8");
        pb.environment().remove("POSTERN_CLIENT");
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("the client hung: " + Files.readString(out));
        }
        return new Object[] {p.exitValue(), Files.readString(out)};
    }

    private void saysTheMessageMayHaveGone(Object[] r, String how) {
        String said = (String) r[1];
        assertEquals(69, (int) r[0], said);
        assertTrue(said.contains(how) && said.contains("which sends mail") || said.contains(how) && said.contains("given up here"), said);
        assertTrue(said.contains("the message may have gone out") && said.contains("may send it twice")
                && said.contains("`postern outbox`") && said.contains("MAY HAVE BEEN SENT") && said.contains(drafts().toString()), said);
        assertFalse(said.contains("run it again") || said.contains("is cancelled there"), said);
        assertEquals(1, said.strip().lines().count(), "one sentence: " + said);
    }

    @Test
    void anOwnerGoneAfterTakingASendLeavesItsClientSayingTheMessageMayHaveGoneWith69() throws Exception {
        Path config = standIn("close");
        saysTheMessageMayHaveGone(client(java(config, "send", "--to", "bob@example.org", "--subject", "s")), "stopped while it ran");
        saysTheMessageMayHaveGone(client(java(config, "bounce", "INBOX", "1", "--to", "bob@example.org")), "stopped while it ran");
        saysTheMessageMayHaveGone(client(java(config, "outbox", "--flush")), "stopped while it ran");
        Object[] list = client(java(config, "list", "INBOX"));
        assertEquals(75, (int) list[0], (String) list[1]);
        assertTrue(((String) list[1]).contains("stopped before the command finished") && ((String) list[1]).contains("run it again"),
                (String) list[1]);
        Object[] listing = client(java(config, "outbox"));
        assertEquals(75, (int) listing[0], "listing the outbox sends nothing: " + listing[1]);
        if (Files.isExecutable(Path.of("/usr/bin/perl"))) {
            saysTheMessageMayHaveGone(client(perl(config, "send", "--to", "bob@example.org")), "stopped while it ran");
            saysTheMessageMayHaveGone(client(perl(config, "reply", "INBOX", "1")), "stopped while it ran");
            Object[] perlList = client(perl(config, "list", "INBOX"));
            assertEquals(75, (int) perlList[0], (String) perlList[1]);
            assertTrue(((String) perlList[1]).contains("run it again"), (String) perlList[1]);
        }
    }

    @Test
    void anOwnerFrozenWhileItRunsASendLeavesItsClientSayingSoOnceWith69() throws Exception {
        Path config = standIn("stop");
        Object[] java = client(java(config, "send", "--to", "bob@example.org"));
        saysTheMessageMayHaveGone(java, "stopped answering while it ran this command");
        assertFalse(((String) java[1]).contains("stopped before the command finished"), "K2: one true sentence: " + java[1]);
        assertTrue(((String) java[1]).contains("kill -CONT " + owner.pid()), (String) java[1]);
        if (Files.isExecutable(Path.of("/usr/bin/perl"))) {
            new ProcessBuilder("kill", "-CONT", Long.toString(owner.pid())).start().waitFor(); // it hangs up on the first client
            saysTheMessageMayHaveGone(client(perl(config, "send", "--to", "bob@example.org")), "stopped answering while it ran this command");
        }
    }
}
