package dev.postern.e2e;

import dev.postern.app.Postern;
import dev.postern.backend.link.ScriptedServer;
import dev.postern.backend.link.ScriptedSmtp;
import dev.postern.model.Envelope;
import dev.postern.model.Flags;
import dev.postern.model.MessageRef;
import dev.postern.store.FolderState;
import dev.postern.store.MapDbStore;
import dev.postern.store.OutboxEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What the tests of a send cut short share (SendKillTest, SendInterruptTest, ReaderSendCutTest, AnswerKillTest): an SMTP
 * server that falls silent once it is sent a chosen verb (END: the final dot; GREETING: it accepts the connection and
 * says nothing), a config with one POP3 account {@code t} sending through it, the environment of a postern under
 * {@code dir}, a postern in a JVM of its own, and what a send leaves behind: the drafts and the outbox.
 */
public final class SendStall {
    private final Path dir;
    private final CountDownLatch reached = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<String> received = new CopyOnWriteArrayList<>();

    public SendStall(Path dir) {
        this.dir = dir;
    }

    /**
     * An MTA that says nothing more once it is sent {@code verb} (END: the final dot; GREETING: before its greeting;
     * a verb never sent: it answers all), until {@link #release}; the subjects of the messages whose dot it read go to
     * {@link #received}.
     */
    public ScriptedServer silentAt(String verb) throws Exception {
        if (verb.equals("GREETING")) {
            return new ScriptedServer((s, in, out) -> {
                reached.countDown();
                release.await(60, TimeUnit.SECONDS);
            });
        }
        return ScriptedSmtp.start((v, message) -> {
            if (v.equals("END")) received.add(ScriptedSmtp.subject(message));
            if (!v.equals(verb)) return null;
            reached.countDown();
            release.await(60, TimeUnit.SECONDS);
            return ScriptedSmtp.HANG_UP;
        });
    }

    /** Whether the server got as far as its verb within {@code seconds}. */
    public boolean reached(long seconds) throws InterruptedException {
        return reached.await(seconds, TimeUnit.SECONDS);
    }

    /** The silent server lets its connection go (hangs up). */
    public void release() {
        release.countDown();
    }

    /** The subjects of the messages the server read to their final dot. */
    public List<String> received() {
        return received;
    }

    /** config.toml for the account {@code t} (POP3 on port 1, never reached), sending through 127.0.0.1:{@code port}. */
    public Path config(int port) throws Exception {
        return PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("t", "pop3", "127.0.0.1", 1, "plain", "alice", "secret", 60, null),
                "[accounts.t.smtp]\nhost = \"127.0.0.1\"\nport = " + port + "\nsecurity = \"plain\"\nfrom = \"alice@localhost\"\n");
    }

    /** A postern's environment under {@code dir}, with {@code extra} (EDITOR, say). */
    public Map<String, String> env(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Map.of("HOME", dir.toString(), "XDG_STATE_HOME", dir.resolve("state").toString(),
                "XDG_RUNTIME_DIR", dir.toString(), "LANG", "C.UTF-8"));
        env.putAll(extra);
        return env;
    }

    public Map<String, String> env() {
        return env(Map.of());
    }

    /** $XDG_STATE_HOME/postern. */
    public Path state() {
        return dir.resolve("state").resolve("postern");
    }

    /** The drafts a send kept (state/postern/drafts). */
    public List<Path> drafts() throws Exception {
        return files(state().resolve("drafts"));
    }

    /** The files in {@code d}, none when it is not there. */
    public static List<Path> files(Path d) throws Exception {
        if (!Files.isDirectory(d)) return List.of();
        try (Stream<Path> s = Files.list(d)) {
            return s.toList();
        }
    }

    /** The account's outbox ({@code t}, that of {@link #config}), read from the store. */
    public List<OutboxEntry> outbox() {
        return outbox("t");
    }

    /** The outbox of {@code account} (a test's config of its own), read from the store. */
    public List<OutboxEntry> outbox(String account) {
        try (MapDbStore store = MapDbStore.open(dir.resolve("data"))) {
            return store.outbox(account);
        }
    }

    /** A message from bob in the account's stored INBOX as UID 1 (POP3: its text is in the store), to answer or bounce. */
    public void seed(String subject, String text) {
        byte[] raw = ("From: Bob <bob@localhost>\r\nTo: alice@localhost\r\nSubject: " + subject + "\r\nDate: Mon, 2 Nov 2026"
                + " 10:00:00 +0000\r\nMessage-ID: <orig-1@localhost>\r\n\r\n" + text + "\r\n").getBytes(StandardCharsets.UTF_8);
        try (MapDbStore s = MapDbStore.open(dir.resolve("data"))) {
            s.putFolderState("t", "INBOX", new FolderState(1, 2, 0, 0));
            MessageRef r = new MessageRef("t", "INBOX", 1, 1);
            s.putEnvelopes(List.of(new Envelope(r, "<orig-1@localhost>", Instant.EPOCH, "Bob <bob@localhost>", null, null, subject,
                    raw.length, Flags.NONE, null, null, null)));
            s.attachBody(r, raw);
            s.commit();
        }
    }

    /**
     * {@code postern ARGS} in a JVM of its own, {@code stdin} its input, its stdout and stderr in {@code dir}/out and
     * {@code dir}/err, its temporary directory {@code dir}/tmp. With {@code defaultSignals} it is started as a person
     * starts it, SIGINT and SIGTERM at their default: a test run from a script's background job (CI under nohup) has
     * SIGINT ignored, which exec keeps and the JVM leaves ignored (the child then sat through the signal, ci31a and
     * ci31b); perl resets them and execs the JVM in the same process, as ServedCancelTest does.
     */
    public Process start(boolean defaultSignals, Map<String, String> env, String stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        if (defaultSignals) {
            cmd.addAll(List.of("/usr/bin/perl", "-e", "$SIG{INT} = $SIG{TERM} = 'DEFAULT'; exec { $ARGV[0] } @ARGV or die \"exec: $!\\n\"",
                    "--"));
        }
        Files.createDirectories(tmp());
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
                "-Djava.io.tmpdir=" + tmp(), "-cp", System.getProperty("java.class.path"), Postern.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectInput(Files.writeString(dir.resolve("stdin"), stdin).toFile())
                .redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        return pb.start();
    }

    /** The child's temporary directory ({@link #start}). */
    public Path tmp() {
        return dir.resolve("tmp");
    }

    /** What the child said on stderr. */
    public String err() throws Exception {
        return Files.readString(dir.resolve("err"));
    }

    /**
     * {@link #start} (SIGKILL-able as it is), killed with SIGKILL once the server got as far as {@code verb}; the server
     * is released after the kill.
     */
    public void killedAt(String verb, Map<String, String> env, String stdin, String... args) throws Exception {
        try (ScriptedServer server = silentAt(verb)) {
            Process child = start(false, env, stdin, PosternConfig.argv(config(server.port()), args));
            try {
                if (!reached(30)) throw new AssertionError("the send did not reach the server: " + err());
            } finally {
                child.destroyForcibly(); // SIGKILL: no hook, no sentence
                if (!child.waitFor(20, TimeUnit.SECONDS)) throw new AssertionError("SIGKILL did not end the child");
                release();
            }
        }
    }
}
