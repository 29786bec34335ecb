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
        if (owner != null) owner.destroyForcibly().waitFor(20, TimeUnit.SECONDS); // the next stand-in takes its socket
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
        return client(argv, Path.of("/dev/null"));
    }

    /** As {@link #client(List)}, its stdin the file {@code input}. */
    private Object[] client(List<String> argv, Path input) throws Exception {
        Path out = Files.createTempFile(dir, "client", ".out");
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(input.toFile()));
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
        Path text = input(20_000);
        Object[] java = client(java(config, "send", "--to", "bob@example.org"), text);
        saysTheMessageMayHaveGone(java, "stopped answering while it ran this command");
        assertFalse(((String) java[1]).contains("stopped before the command finished"), "K2: one true sentence: " + java[1]);
        assertTrue(((String) java[1]).contains("kill -CONT " + owner.pid()), (String) java[1]);
        keptAs(java, text); // it never asked for the text: all of it, from the client's stdin
        if (Files.isExecutable(Path.of("/usr/bin/perl"))) {
            new ProcessBuilder("kill", "-CONT", Long.toString(owner.pid())).start().waitFor(); // it hangs up on the first client
            Object[] perl = client(perl(config, "send", "--to", "bob@example.org"), text);
            saysTheMessageMayHaveGone(perl, "stopped answering while it ran this command");
            sameWords(java, keptAs(java, text), perl, keptAs(perl, text));
        }
    }

    /** A message of about {@code size} bytes, its lines numbered (a shifted or lost chunk shows). */
    private Path input(int size) throws Exception {
        StringBuilder b = new StringBuilder("To: bob@example.org\nSubject: the text\n\n");
        for (int i = 0; b.length() < size; i++) b.append("line ").append(i).append(" of the text, \u00e9t\u00e9\n");
        return Files.writeString(dir.resolve("input-" + size + ".eml"), b);
    }

    /** The files in the drafts directory, by name. */
    private List<String> draftNames() throws Exception {
        if (!Files.isDirectory(drafts())) return List.of();
        try (var s = Files.list(drafts())) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /**
     * The client said where it kept the text it was given: a file of the drafts directory (0600, the directory 0700) named
     * perhaps-sent-*, holding the input byte for byte, and nothing else left there (no spool). Returns the file.
     */
    private Path keptAs(Object[] r, Path input) throws Exception {
        String said = (String) r[1];
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(" The text given to it on standard input is kept in (\\S+); it may or"
                + " may not have gone out\\.").matcher(said);
        assertTrue(m.find(), said);
        Path kept = Path.of(m.group(1));
        assertEquals(drafts().toAbsolutePath(), kept.getParent().toAbsolutePath(), said);
        assertTrue(kept.getFileName().toString().matches("perhaps-sent-\\d{8}-\\d{6}(-\\d+)?\\.eml"), said);
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(input), Files.readAllBytes(kept)), "the kept bytes are the input's: " + kept);
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(kept)));
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(drafts())));
        for (String name : draftNames()) assertTrue(name.startsWith("perhaps-sent-"), "left in the drafts: " + draftNames());
        return kept;
    }

    /** The two clients' sentences, each with its own kept file, are the same words. */
    private static void sameWords(Object[] java, Path javaKept, Object[] perl, Path perlKept) {
        assertEquals(((String) java[1]).replace(javaKept.toString(), "FILE").replaceAll("\\(pid \\d+\\)|kill -CONT \\d+", "PID"),
                ((String) perl[1]).replace(perlKept.toString(), "FILE").replaceAll("\\(pid \\d+\\)|kill -CONT \\d+", "PID"));
        assertEquals(java[0], perl[0]);
    }

    private static boolean perl() {
        return Files.isExecutable(Path.of("/usr/bin/perl"));
    }

    /**
     * Hunt 36-K: a daemon killed after it took a `send` and before it had read (or kept) the text left it nowhere, while its
     * client pointed at the outbox and the drafts. The client keeps the text itself: what it relayed, and the rest of its
     * stdin, unread, to its end. A command that does not read its text from stdin keeps nothing; nor one that sends nothing.
     */
    @Test
    void theTextOfASendWhoseOwnerDiedBeforeReadingItIsKeptByItsClient() throws Exception {
        Path config = standIn("close");
        Path text = input(5_000);
        Object[] java = client(java(config, "send", "--to", "bob@example.org"), text);
        saysTheMessageMayHaveGone(java, "stopped while it ran");
        Path javaKept = keptAs(java, text);
        Files.delete(javaKept);
        Object[] body = client(java(config, "reply", "INBOX", "1", "--body-file", text.toString()), text);
        saysTheMessageMayHaveGone(body, "stopped while it ran");
        assertFalse(((String) body[1]).contains("standard input"), "its text is in its own file: " + body[1]);
        Object[] flush = client(java(config, "send", "--flush"), text);
        saysTheMessageMayHaveGone(flush, "stopped while it ran");
        Object[] list = client(java(config, "list", "INBOX"), text);
        assertEquals(75, (int) list[0], (String) list[1]);
        assertEquals(List.of(), draftNames(), (String) body[1] + flush[1] + list[1]);
        if (perl()) {
            Object[] perl = client(perl(config, "send", "--to", "bob@example.org"), text);
            saysTheMessageMayHaveGone(perl, "stopped while it ran");
            sameWords(java, javaKept, perl, keptAs(perl, text));
            Object[] perlBody = client(perl(config, "forward", "INBOX", "1", "--to", "c@example.org", "--body-file=" + text), text);
            assertFalse(((String) perlBody[1]).contains("standard input"), (String) perlBody[1]);
        }
    }

    /** The owner died after reading part of the text: the part relayed and the rest of stdin, kept whole. */
    @Test
    void theTextOfASendWhoseOwnerDiedWhileReadingItIsKeptWhole() throws Exception {
        Path config = standIn("part");
        Path text = input(300_000);
        Object[] java = client(java(config, "forward", "INBOX", "1", "--to", "c@example.org"), text);
        saysTheMessageMayHaveGone(java, "stopped while it ran");
        Path javaKept = keptAs(java, text);
        if (perl()) {
            Object[] perl = client(perl(config, "forward", "INBOX", "1", "--to", "c@example.org"), text);
            saysTheMessageMayHaveGone(perl, "stopped while it ran");
            sameWords(java, javaKept, perl, keptAs(perl, text));
        }
    }

    /** A text larger than what a client holds in memory (1 MiB), 1.5 MiB of it relayed: kept whole, no spool left. */
    @Test
    void aLargeTextIsKeptWholeAndItsSpoolLeavesNothing() throws Exception {
        Path config = standIn("most");
        Path text = input(3 << 20);
        Object[] java = client(java(config, "send", "--to", "bob@example.org"), text);
        saysTheMessageMayHaveGone(java, "stopped while it ran");
        Path javaKept = keptAs(java, text);
        if (perl()) {
            Object[] perl = client(perl(config, "send", "--to", "bob@example.org"), text);
            sameWords(java, javaKept, perl, keptAs(perl, text));
        }
    }

    /** A send that ended (sent, or refused by its owner) keeps nothing, whatever its size: the client's spool is gone with it. */
    @Test
    void aSendThatEndedKeepsNothing() throws Exception {
        Path config = standIn("whole");
        Path text = input(3 << 20);
        Object[] java = client(java(config, "send", "--to", "bob@example.org"), text);
        assertEquals(0, (int) java[0], (String) java[1]);
        if (perl()) assertEquals(0, (int) client(perl(config, "send", "--to", "bob@example.org"), text)[0]);
        assertEquals(List.of(), draftNames());
        config = standIn("refuse");
        Object[] refused = client(java(config, "send", "--to", "bob@example.org"), input(2_000));
        assertEquals(65, (int) refused[0], (String) refused[1]);
        assertEquals("postern: no recipient; nothing was sent.", ((String) refused[1]).strip());
        if (perl()) assertEquals(65, (int) client(perl(config, "send", "--to", "bob@example.org"), input(2_000))[0]);
        assertEquals(List.of(), draftNames());
    }

    /**
     * The drafts directory a link (another user's planted one, or a mistake): nothing is written through it; the client says
     * the text could not be kept and why, and its exit stays 69.
     */
    @Test
    void aDraftsDirectoryThatIsALinkIsNotWrittenThrough() throws Exception {
        Path config = standIn("close");
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Files.createDirectories(drafts().getParent());
        Files.createSymbolicLink(drafts(), elsewhere);
        List<List<String>> clients = new ArrayList<>(List.of(java(config, "send", "--to", "bob@example.org")));
        if (perl()) clients.add(perl(config, "send", "--to", "bob@example.org"));
        List<String> said = new ArrayList<>();
        for (List<String> argv : clients) {
            Object[] r = client(argv, input(3 << 20));
            saysTheMessageMayHaveGone(r, "stopped while it ran");
            assertTrue(((String) r[1]).contains(" The text given to it on standard input could not be kept (" + drafts()
                    + " is a symbolic link). Before sending it again"), (String) r[1]);
            said.add((String) r[1]);
            try (var s = Files.list(elsewhere)) {
                assertEquals(0, s.count(), "written through the link");
            }
        }
        if (said.size() == 2) assertEquals(said.get(0), said.get(1));
    }
}
