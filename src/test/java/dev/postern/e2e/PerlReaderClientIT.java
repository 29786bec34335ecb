package dev.postern.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 16, paint first with a resident owner: a second reader started through the launcher while a real
 * {@code postern daemon} owns the mail is served through packaging/client/postern-client.pl, which relays the
 * terminal without starting a JVM. It paints, deletes, resizes with its window (SIGWINCH), runs $EDITOR at its own
 * terminal and its | pipe with the frame's files (RUN/RAN), and sends; q and Ctrl-C end it with exit 0 and the
 * terminal cooked again; SIGTERM to it gives 143 and the terminal back; the owner killed with -9 gives one sentence
 * and 75 with the terminal back. A frame the Perl client
 * does not know (an owner handing its reader over) sends it to the launcher's Java path with the same arguments.
 */
@Timeout(300)
class PerlReaderClientIT {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(
            new com.icegreen.greenmail.util.ServerSetup[] {ServerSetupTest.IMAP.dynamicPort(), ServerSetupTest.SMTP.dynamicPort()});

    @TempDir Path dir;

    private PerlTree tree;

    private Path config() throws Exception {
        return PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("t", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "zed", "pw", 30, null),
                "poll_seconds = 3600\n",
                "[accounts.t.smtp]\nhost = \"127.0.0.1\"\nport = " + greenMail.getSmtp().getPort()
                        + "\nsecurity = \"plain\"\nfrom = \"zed@localhost\"\n");
    }

    private MailFolder inbox() throws Exception {
        return greenMail.getManagers().getImapHostManager().getInbox(greenMail.setUser("zed@localhost", "zed", "pw"));
    }

    /** The environment every postern here runs in: HOME in the test's directory, the java stub first on PATH. */
    private String env() {
        return "env HOME=" + dir + " XDG_RUNTIME_DIR= XDG_CACHE_HOME= XDG_CONFIG_HOME= XDG_STATE_HOME=" + dir.resolve("state")
                + " EDITOR=" + dir.resolve("editor.sh") + " PATH=" + tree.bin + ":" + System.getenv("PATH");
    }

    /** {@code tree/postern ARGS} as a batch command (through the Perl client when an owner runs). */
    private PosternProcess.Result postern(String... args) {
        String[] argv = new String[args.length + 1];
        argv[0] = tree.launcher().toString();
        System.arraycopy(args, 0, argv, 1, args.length);
        return PosternProcess.command(argv).env("HOME", dir.toString()).env("XDG_RUNTIME_DIR", null).env("XDG_CACHE_HOME", null)
                .env("XDG_CONFIG_HOME", null).env("XDG_STATE_HOME", dir.resolve("state").toString())
                .env("PATH", tree.bin + ":" + System.getenv("PATH")).timeout(Duration.ofSeconds(120)).run().assertNoStackTrace();
    }

    /** The reader through the tree's launcher in a tmux pane; after it ends, its exit code and `stty -a`. */
    private Tmux reader(String name, Path config) throws Exception {
        Path cwd = Files.createDirectories(dir.resolve("cwd-" + name));
        return Tmux.start("postern-perl-reader-" + name, 100, 24, "cd " + cwd + "; " + env() + " " + tree.launcher() + " --config "
                + config + "; echo EXIT=$?; stty -a; sleep 60").poll(Duration.ofMillis(50));
    }

    private static ProcessHandle process(Tmux t) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            var c = t.child();
            if (c.isPresent()) return c.get();
            Thread.sleep(50);
        }
        throw new AssertionError("no process in " + t.name());
    }

    /** The pid of the owner named in the owners' directory (one daemon runs). */
    private long ownerPid() throws Exception {
        try (var owners = Files.list(dir.resolve(".cache/postern-owners"))) {
            return owners.map(p -> p.getFileName().toString()).filter(n -> n.matches("[0-9]+")).mapToLong(Long::parseLong)
                    .findFirst().orElseThrow();
        }
    }

    @Test
    void aReaderServedThroughThePerlClientPaintsDeletesResizesEditsAndQuitsWithItsTerminalBack() throws Exception {
        MailFolder inbox = inbox();
        ResidentOwnerIT.deliver(inbox, "alpha one");
        ResidentOwnerIT.deliver(inbox, "beta two");
        tree = PerlTree.in(dir);
        Path config = config();
        Path marker = dir.resolve("editor-tty");
        Path editor = dir.resolve("editor.sh");
        Files.writeString(editor, "#!/bin/sh\n{ tty; stty -a; pwd; } > " + marker + "\n"
                + "sed -i 's/^To:.*/To: bob@localhost/; s/^Subject:.*/Subject: written through the perl client/' \"$1\"\n"
                + "printf 'typed at the client terminal\\n' >> \"$1\"\n");
        Files.setPosixFilePermissions(editor, PosixFilePermissions.fromString("rwx------"));
        postern("--config", config.toString(), "sync").assertExitCode(0);
        postern("--config", config.toString(), "daemon", "start").assertExitCode(0);
        try {
            Files.deleteIfExists(tree.calls);
            String kept;
            try (Tmux b = reader("b", config)) {
                b.waitFor("the folder served", s -> s.contains("alpha one") && s.contains("beta two"), Duration.ofSeconds(60));
                assertTrue(postern("--config", config.toString(), "daemon", "status").stdout().contains("serving 1 reader"));
                String client = process(b).info().commandLine().orElse("");
                assertTrue(client.contains("postern-client.pl"), "the pane runs " + client);
                assertEquals("", tree.jvms(), "the served reader started a JVM");

                // Delete the second row (its own cursor); the owner's store no longer lists it.
                String row = b.capture().lines().filter(l -> l.contains("alpha one") || l.contains("beta two")).skip(1).findFirst()
                        .orElseThrow();
                String gone = row.contains("alpha one") ? "alpha one" : "beta two";
                kept = gone.equals("alpha one") ? "beta two" : "alpha one";
                b.keys("j");
                b.keys("d");
                b.waitFor("the question", s -> s.contains("(y/n)"), Duration.ofSeconds(10));
                b.keys("y");
                String stays = kept;
                b.waitFor("the deletion", s -> !s.contains(gone) && s.contains(stays), Duration.ofSeconds(30));
                PosternProcess.Result list = postern("--config", config.toString(), "list");
                list.assertExitCode(0);
                assertTrue(list.stdout().contains(kept) && !list.stdout().contains(gone), list.describe());

                // The | pipe: a program run with its input and output in files (a RUN the client answers while the
                // screen goes on), in this client's directory.
                b.keys("|");
                b.waitFor("the pipe prompt", s -> s.contains("Pipe the message to command:"), Duration.ofSeconds(10));
                b.keys("cat > piped.eml; pwd", "Enter");
                b.waitFor("the pipe's output", s -> s.contains(dir.resolve("cwd-b").toString()) && s.contains("Exit status"),
                        Duration.ofSeconds(30));
                assertTrue(Files.readString(dir.resolve("cwd-b").resolve("piped.eml")).contains("Subject: " + stays));
                b.keys("i");
                b.waitFor("the index again", s -> s.contains(stays), Duration.ofSeconds(10));

                // The window grows (SIGWINCH to the client): the owner draws the index row to the new width.
                b.tmux("resize-window", "-t", b.name(), "-x", "140", "-y", "30");
                b.waitFor("the index at 140 columns", s -> s.lines().anyMatch(l -> l.contains(stays) && l.length() > 120),
                        Duration.ofSeconds(15));

                // m: the editor runs at this client's terminal, cooked, in its directory; the message goes.
                b.keys("m");
                b.waitFor("the review screen", s -> s.contains("written through the perl client"), Duration.ofSeconds(30));
                String ran = Files.readString(marker);
                assertEquals(b.format("#{pane_tty}"), ran.lines().findFirst().orElse(""), "the editor ran at another terminal:\n" + ran);
                assertCooked(ran);
                assertTrue(ran.contains(dir.resolve("cwd-b").toString()), ran);
                b.keys("y");
                b.waitFor("sent", s -> s.contains("Sent to bob@localhost"), Duration.ofSeconds(60));
                assertTrue(greenMail.waitForIncomingEmail(10_000, 3));
                MimeMessage sent = null;
                for (MimeMessage m : greenMail.getReceivedMessages()) {
                    if ("written through the perl client".equals(m.getSubject())) sent = m;
                }
                assertTrue(sent != null, "the message composed through the Perl client was not sent");
                assertTrue(((String) sent.getContent()).contains("typed at the client terminal"));

                b.keys("q");
                String after = ended(b, "the end", 10);
                assertTrue(after.contains("EXIT=0"), after);
                assertCooked(after);
                assertEquals("", tree.jvms(), "the served reader started a JVM");
            }
            // SIGTERM to the client: 143, the terminal back. The owner killed (-9): one sentence, 75, the terminal back.
            try (Tmux c = reader("c", config); Tmux d = reader("d", config); Tmux e = reader("e", config)) {
                c.waitFor(kept, Duration.ofSeconds(60));
                d.waitFor(kept, Duration.ofSeconds(60));
                e.waitFor(kept, Duration.ofSeconds(60));
                // Ctrl-C is a key in raw mode: the owner's reader ends as on q, exit 0.
                e.keys("C-c");
                String interrupted = ended(e, "the end after Ctrl-C", 10);
                assertTrue(interrupted.contains("EXIT=0"), interrupted);
                assertCooked(interrupted);
                process(c).destroy();
                String termed = ended(c, "the end after SIGTERM", 10);
                assertTrue(termed.contains("EXIT=143"), termed);
                assertCooked(termed);
                assertFalse(termed.contains(kept), "the reader's screen is still up:\n" + termed);
                ProcessHandle.of(ownerPid()).orElseThrow().destroyForcibly();
                String end = ended(d, "the end after the owner's death", 15);
                assertTrue(end.contains("EXIT=75"), end);
                assertTrue(end.replaceAll("\\s+", "").contains("stopped,andthisreader,whichitserved,endedwithit;startposternagain."), end);
                assertCooked(end);
                assertFalse(end.contains(kept), "the reader's screen is still up:\n" + end);
            }
            assertEquals("", tree.jvms(), "a served reader started a JVM");
        } finally {
            postern("--config", config.toString(), "daemon", "stop");
        }
    }

    /**
     * An owner that hands its reader over (HANDOVER, 12, after it put the reader's screen away) or sends a frame of a
     * later version (13) that this client does not know: the Perl client puts the terminal back (and, for the latter,
     * the screen) and runs the launcher's Java path with the same arguments (POSTERN_CLIENT=none); a HANDOVER's payload
     * (where the reader was: account, folder, UIDVALIDITY, UID) goes with it in POSTERN_HANDED_OVER, in hex, which the
     * Java path's reader opens (hunt 39-Y, Y13: the Perl client dropped it, and the reader came back on its command
     * line's folder at row 1). The owner here is
     * this test speaking the protocol at an owner's socket, named in the file an owner leaves; the java on PATH only
     * says how it was started.
     */
    @ParameterizedTest
    @ValueSource(ints = {12, 13})
    void aHandoverOrAFrameThePerlClientDoesNotKnowHandsTheReaderToTheJavaPath(int type) throws Exception {
        tree = PerlTree.in(dir);
        Files.writeString(tree.bin.resolve("java"), "#!/bin/sh\necho \"HANDED=[$POSTERN_HANDED_OVER]\"\n"
                + "echo \"JAVA PATH CLIENT=$POSTERN_CLIENT ARGS=$*\"\n");
        Files.writeString(dir.resolve("editor.sh"), "#!/bin/sh\n");
        Path config = config();
        Path sockets = Files.createDirectories(dir.resolve("sockets"));
        Files.setPosixFilePermissions(sockets, PosixFilePermissions.fromString("rwx------"));
        Path socket = sockets.resolve("owner.sock");
        Path owners = Files.createDirectories(dir.resolve(".cache/postern-owners"));
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
            // The build the Perl client computes from its launcher's jar (as Wire.BUILD), which it sends as its own.
            Path jar = tree.tree.resolve("target/postern.jar").toRealPath();
            String build = "the owner's version (" + jar + ", " + Files.size(jar) + " bytes, "
                    + Files.getLastModifiedTime(jar).toInstant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + ")";
            Files.writeString(owners.resolve(Long.toString(ProcessHandle.current().pid())), "data_dir=" + dir.resolve("data")
                    + "\nconfig=" + config + "\nsocket=" + socket + "\njar=" + tree.tree.resolve("target/postern.jar")
                    + "\nbuild=" + build + "\n");
            CompletableFuture<List<String>> seen = CompletableFuture.supplyAsync(() -> owner(server, type));
            try (Tmux t = reader("h" + type, config)) {
                List<String> request = seen.get(60, TimeUnit.SECONDS);
                assertEquals(List.of(config.toString(), "--config", config.toString(), "100x24", build), request);
                String end = ended(t, "the Java path", 30);
                String joined = end.replace("\n", ""); // the pane wraps the long line at 100 columns
                assertTrue(joined.contains("JAVA PATH CLIENT=none ARGS=") && joined.contains(" -jar "
                        + tree.tree.resolve("target/postern-client.jar") + " --config " + config), end);
                assertTrue(end.contains("EXIT=0"), end);
                String place = type == 12 ? java.util.HexFormat.of().formatHex(place()) : "";
                assertTrue(joined.contains("HANDED=[" + place + "]"), end);
                assertFalse(end.contains("painted by the owner"), "the owner's screen is still up:\n" + end);
                assertCooked(end);
            }
        }
    }

    /**
     * The owner's side of one reader: reads the hello, the READER request and the size, paints, then sends a frame
     * of {@code type} with no payload (HANDOVER after putting its screen away, as Wire.HANDOVER says an owner does).
     * Returns the request's config, argv, the size and the build.
     */
    private static List<String> owner(ServerSocketChannel server, int type) {
        try (SocketChannel ch = server.accept()) {
            DataInputStream in = new DataInputStream(Channels.newInputStream(ch));
            DataOutputStream out = new DataOutputStream(Channels.newOutputStream(ch));
            byte[] hello = in.readNBytes(5);
            assertEquals("PSTN\u0001", new String(hello, StandardCharsets.ISO_8859_1));
            assertEquals(7, in.readUnsignedByte(), "a READER frame");
            in.readInt();
            List<String> seen = new ArrayList<>();
            seen.add(string(in));
            string(in); // the working directory
            int argc = in.readInt();
            for (int i = 0; i < argc; i++) seen.add(string(in));
            int envc = in.readInt();
            for (int i = 0; i < envc; i++) string(in);
            assertEquals(1 | 2, in.readInt() & 3, "the flags: standard input and output on a terminal");
            in.readInt(); // columns
            String build = string(in);
            assertEquals(8, in.readUnsignedByte(), "a WINSIZE frame");
            assertEquals(8, in.readInt());
            seen.add(in.readInt() + "x" + in.readInt());
            seen.add(build);
            byte[] screen = "\033[?1049h\033[2J\033[Hpainted by the owner".getBytes(StandardCharsets.US_ASCII);
            out.writeByte(2);
            out.writeInt(screen.length);
            out.write(screen);
            if (type == 12) {
                byte[] away = "\033[?1049l".getBytes(StandardCharsets.US_ASCII);
                out.writeByte(2);
                out.writeInt(away.length);
                out.write(away);
            }
            byte[] payload = type == 12 ? place() : new byte[0];
            out.writeByte(type);
            out.writeInt(payload.length);
            out.write(payload);
            out.flush();
            in.readAllBytes(); // until the client has gone (exec closes its socket)
            return seen;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A HANDOVER's payload as resident/Wire writes it: where the reader was, its pager on UID 7 of INBOX. */
    private static byte[] place() {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (DataOutputStream d = new DataOutputStream(bytes)) {
            String[] words = {"t", "INBOX", "1234", "7"};
            d.writeInt(words.length);
            for (String w : words) {
                byte[] b = w.getBytes(StandardCharsets.UTF_8);
                d.writeInt(b.length);
                d.write(b);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static String string(DataInputStream in) throws java.io.IOException {
        return new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8);
    }

    /** The pane once the reader ended and `stty -a` printed all its settings (its last one is [-]extproc). */
    private static String ended(Tmux t, String what, int seconds) throws Exception {
        return t.waitFor(what, s -> s.contains("EXIT=") && s.contains("extproc"), Duration.ofSeconds(seconds));
    }

    /** What `stty -a` printed: the terminal cooked (line editing, echo, signals). */
    private static void assertCooked(String pane) {
        String flags = " " + pane.replace('\n', ' ') + " ";
        for (String f : List.of(" icanon ", " echo ", " isig ")) assertTrue(flags.contains(f), "no" + f + "in:\n" + pane);
        assertTrue(flags.contains("intr = ^C;"), "Ctrl-C is not intr again:\n" + pane);
    }
}
