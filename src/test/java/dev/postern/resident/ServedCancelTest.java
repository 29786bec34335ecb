package dev.postern.resident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.app.AppContext;
import dev.postern.e2e.PosternConfig;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A served command whose client is interrupted or goes away (hunt C, fault 2: Ctrl-C on a served `attachment save`
 * left it running for 8 minutes in the owner, every other command queued behind it, and the client exited 0). A real
 * owner on its socket serves a {@code fetch} against an IMAP server that accepts and never greets (the command waits
 * for the server for a minute, as a long download would); the client cancels it by each way there is, and the owner
 * must answer 128 + the signal and run the next command at once.
 */
@Timeout(120)
class ServedCancelTest {
    @TempDir Path dir;

    /** An IMAP server that accepts connections and never says a word; counts them. */
    private ServerSocket silent;
    private final List<Socket> held = new ArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();

    /** How soon the owner must run the next command once the client gave up (the command itself would take 60 s). */
    private static final long NEXT_COMMAND_MS = 20_000; // the stalled server's time-out is 60 s; a busy CI core

    private OwnerFixture fixture;

    private Map<String, String> env() {
        return fixture.env();
    }

    private Path config() throws Exception {
        fixture = new OwnerFixture(dir);
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!silent.isClosed()) {
                try {
                    Socket s = silent.accept();
                    synchronized (held) {
                        held.add(s);
                    }
                    accepted.incrementAndGet();
                } catch (java.io.IOException e) {
                    return;
                }
            }
        }, "silent-imap");
        t.setDaemon(true);
        t.start();
        return PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("t", "imap", "127.0.0.1", silent.getLocalPort(), "plain", "zed", "pw", 60, null))
                .toAbsolutePath().normalize();
    }

    @AfterEach
    void closeServer() throws Exception {
        if (silent != null) silent.close();
        synchronized (held) {
            for (Socket s : held) s.close();
        }
    }

    private Path dataDir() {
        return fixture.dataDir();
    }

    private SocketChannel request(Path config, String... args) throws Exception {
        return fixture.request(config, args);
    }

    /** The owner's threads serving a client's request now (one per request, running or queued). */
    private static long requestThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().equals("postern-owner-request")).count();
    }

    /** Waits until the fetch has reached the server (it then waits there for its greeting). */
    private void awaitTheCommandAtTheServer(int before) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (accepted.get() <= before) {
            assertTrue(System.nanoTime() < until, "the served fetch never reached the IMAP server");
            Thread.sleep(20);
        }
        Thread.sleep(300); // and is waiting there
    }

    /** Runs {@code daemon status} through the owner; fails unless it is answered within {@link #NEXT_COMMAND_MS}. */
    private void theNextCommandRunsAtOnce(Path config) throws Exception {
        long t0 = System.nanoTime();
        CompletableFuture<Integer> next = CompletableFuture.supplyAsync(() -> Client.send(
                new String[] {"--config", config.toString(), "daemon", "status"}, env(), config, dataDir(), 10_000));
        int code = next.get(NEXT_COMMAND_MS + 60_000, TimeUnit.MILLISECONDS);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(0, code, "daemon status through the owner");
        assertTrue(ms < NEXT_COMMAND_MS, "the next command waited " + ms + " ms behind the cancelled one");
    }


    @Test
    void aCancelFrameStopsTheCommandAnswers130AndFreesTheQueue() throws Exception {
        Path config = config();
        try (AppContext ctx = new AppContext(env(), config)) {
            ctx.controller();
            try (Owner owner = Owner.start(ctx, Owner.Role.DAEMON)) {
                int before = accepted.get();
                try (SocketChannel ch = request(config, "fetch")) {
                    awaitTheCommandAtTheServer(before);
                    long t0 = System.nanoTime();
                    OwnerFixture.cancel(ch, 2); // the client's Ctrl-C
                    CompletableFuture<OwnerFixture.Answer> exit = CompletableFuture.supplyAsync(() -> {
                        try {
                            return OwnerFixture.answer(ch);
                        } catch (Exception e) {
                            throw new RuntimeException(e);
                        }
                    });
                    Integer f = exit.get(NEXT_COMMAND_MS + 60_000, TimeUnit.MILLISECONDS).exit();
                    long ms = (System.nanoTime() - t0) / 1_000_000;
                    assertNotNull(f, "the owner answered the cancel with an EXIT, not by hanging up");
                    assertEquals(130, f, "an interrupted command is never success: 128 + SIGINT, as in process");
                    assertTrue(ms < NEXT_COMMAND_MS, "the cancelled command took " + ms + " ms to stop");
                }
                theNextCommandRunsAtOnce(config);
            }
        }
    }

    @Test
    void aClientThatGoesAwayHasItsCommandCancelledAndTheQueueFreed() throws Exception {
        Path config = config();
        try (AppContext ctx = new AppContext(env(), config)) {
            ctx.controller();
            try (Owner owner = Owner.start(ctx, Owner.Role.DAEMON)) {
                int before = accepted.get();
                SocketChannel ch = request(config, "fetch");
                awaitTheCommandAtTheServer(before);
                ch.close(); // as a client killed with kill -9
                theNextCommandRunsAtOnce(config);
            }
        }
    }

    @Test
    void aQueuedCommandWhoseClientLeftIsNeverRun() throws Exception {
        Path config = config();
        try (AppContext ctx = new AppContext(env(), config)) {
            ctx.controller();
            try (Owner owner = Owner.start(ctx, Owner.Role.DAEMON)) {
                int before = accepted.get();
                try (SocketChannel running = request(config, "fetch")) {
                    awaitTheCommandAtTheServer(before);
                    long servedBefore = owner.served();
                    long serving = requestThreads();
                    // A command of the fetch's account (a daemon status now runs beside it: Turns).
                    SocketChannel queued = request(config, "list");
                    // Queued behind the fetch: the owner has taken the request (ACCEPTED comes at once, queued or not).
                    Wire.Frame accepted = Wire.readFrame(Wire.input(queued));
                    assertTrue(accepted != null && accepted.type == Wire.ACCEPTED, "the owner took the queued request");
                    queued.close();
                    // The owner hears the close on a thread of its own, and the queued request's thread ends: only then
                    // may the fetch end and the queue move on (fixed sleeps once stood for both; a loaded machine gave
                    // the owner less than them, and the abandoned status took its turn).
                    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while (requestThreads() > serving && System.nanoTime() < until) Thread.sleep(20);
                    assertEquals(serving, requestThreads(), "the owner heard that the queued command's client left");
                    OwnerFixture.cancel(running, 15);
                    Integer f = OwnerFixture.answer(running).exit();
                    assertNotNull(f);
                    assertEquals(143, f, "128 + SIGTERM");
                    theNextCommandRunsAtOnce(config);
                    assertEquals(servedBefore + 2, owner.served(), "the fetch and the last status ran; the abandoned list did not");
                }
            }
        }
    }

    /** The Java client itself, in a JVM of its own: Ctrl-C reaches the owner, and the client exits 130. */
    @Test
    void theJavaClientOnSigintCancelsTheServedCommandAndExits130() throws Exception {
        javaClientInterrupted("INT", 130);
    }

    /** As for Ctrl-C, with SIGTERM (`timeout`, a service manager): 143. */
    @Test
    void theJavaClientOnSigtermCancelsTheServedCommandAndExits143() throws Exception {
        javaClientInterrupted("TERM", 143);
    }

    /** packaging/client/postern-client.pl, the launchers' client: Ctrl-C reaches the owner, and it exits 130. */
    @Test
    void thePerlClientOnSigintCancelsTheServedCommandAndExits130() throws Exception {
        perlClientInterrupted("INT", 130);
    }

    @Test
    void thePerlClientOnSigtermCancelsTheServedCommandAndExits143() throws Exception {
        perlClientInterrupted("TERM", 143);
    }

    private void perlClientInterrupted(String signal, int expected) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isExecutable(Path.of("/usr/bin/perl")), "no perl");
        Path config = config();
        try (AppContext ctx = new AppContext(env(), config)) {
            ctx.controller();
            try (Owner owner = Owner.start(ctx, Owner.Role.DAEMON)) {
                // The client serves only an owner whose file names this jar (here the classes' directory): it is given that.
                Path marker = dir.resolve("run/postern-owners").resolve(Long.toString(ProcessHandle.current().pid()));
                String jar = java.nio.file.Files.readAllLines(marker).stream().filter(l -> l.startsWith("jar="))
                        .map(l -> l.substring(4)).findFirst().orElseThrow();
                // A launcher that fails: a client that did not serve the command (and ran it elsewhere) ends 1.
                run(List.of("/usr/bin/perl", Path.of("packaging/client/postern-client.pl").toAbsolutePath().toString(), "/bin/false", jar,
                        "--config", config.toString(), "fetch"), signal, expected);
            }
        }
    }

    private void javaClientInterrupted(String signal, int expected) throws Exception {
        Path config = config();
        try (AppContext ctx = new AppContext(env(), config)) {
            ctx.controller();
            try (Owner owner = Owner.start(ctx, Owner.Role.DAEMON)) {
                run(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
                        "dev.postern.app.Postern", "--config", config.toString(), "fetch"), signal, expected);
            }
        }
    }

    /** Runs the client {@code argv}, sends it SIG{@code signal} while the owner runs its fetch, and holds it to {@code expected}. */
    private void run(List<String> argv, String signal, int expected) throws Exception {
        Path config = dir.resolve("config.toml").toAbsolutePath().normalize();
        int before = accepted.get();
        // Started as a person starts it, with SIGINT and SIGTERM at their defaults: a test run from a script's
        // background job (CI under nohup) has SIGINT ignored, which exec keeps, and the clients rightly leave an
        // ignored signal ignored. perl resets them and execs the client in the same process.
        List<String> started = new java.util.ArrayList<>(List.of("/usr/bin/perl", "-e",
                "$SIG{INT} = $SIG{TERM} = $SIG{HUP} = 'DEFAULT'; exec { $ARGV[0] } @ARGV or die \"exec: $!\\n\"", "--"));
        started.addAll(argv);
        ProcessBuilder pb = new ProcessBuilder(started);
        pb.environment().putAll(env());
        pb.redirectErrorStream(true);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process client = pb.start();
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        Thread drain = new Thread(() -> {
            try {
                client.getInputStream().transferTo(said);
            } catch (java.io.IOException e) {
                // ended
            }
        });
        drain.start();
        awaitTheCommandAtTheServer(before);
        long t0 = System.nanoTime();
        assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(client.pid())).start().waitFor());
        assertTrue(client.waitFor(20, TimeUnit.SECONDS), "the client ended on SIG" + signal);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        drain.join(5_000);
        assertEquals(expected, client.exitValue(), "SIG" + signal + ": " + said);
        assertTrue(ms < 15_000, "the client took " + ms + " ms to end on SIG" + signal + " (the server's time-out is 60 s)");
        // The owner heard the signal (CANCEL), not just a socket's end: the command's last words were relayed.
        assertTrue(said.toString().contains("interrupted"), "the client relayed the stopped command's sentence: " + said);
        theNextCommandRunsAtOnce(config);
    }
}
