package dev.postern.resident;

import dev.postern.cli.Wiring;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The resident owner of a data directory: the process that holds its store (the reader, {@code postern
 * shell} or {@code postern daemon}) serves other postern invocations on a Unix-domain socket beside the
 * store, running each command line against its own open store and controller, each when its turn comes (a command
 * waits only for those it must: {@link Turns}), and streaming the output back (see {@link Wire}). A second reader is served too, beside the commands and for as long as it
 * is open: one more reader on this process's controller, drawn on the client's terminal ({@link ServedReader}).
 *
 * <p>Safety: the socket is created private (bound inside a 0700 directory, made 0600, then renamed into
 * place), only a peer of this process's own uid is served (SO_PEERCRED): see {@link OwnerSocket}. Only the
 * process holding store.lock ever binds or removes it, so replacing a stale socket can never take another
 * owner's. What goes back to a client is written by {@link Frames}.
 */
public final class Owner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Owner.class);

    /** This process's owner, if it is one. */
    private static volatile Owner current;

    /** What this owner is, as a sentence's subject: "the reader", "postern shell", "postern daemon". */
    public enum Role {
        READER("the reader"), SHELL("postern shell"), DAEMON("postern daemon");

        private final String words;

        Role(String words) { this.words = words; }

        public String words() { return words; }
    }

    private final Wiring ctx;
    private final Role role;
    private final Path dataDir;
    private final Path socket;
    /** This owner's file in {@link SocketFiles#ownersDir} (the launchers' hint), or null. */
    private volatile Path marker;
    private final ServerSocketChannel server;
    private final java.nio.file.attribute.UserPrincipal ownUser;
    private final long started = System.currentTimeMillis();
    /** When each request runs: beside those of other accounts, after those it must wait for (see {@link Turns}). */
    private final Turns turns = new Turns();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final java.util.concurrent.CompletableFuture<Void> whenStopped = new java.util.concurrent.CompletableFuture<>();
    private final java.util.concurrent.atomic.AtomicLong served = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean closing;
    /** Commands that reached this owner while it stopped: told {@link Wire#NOT_TAKEN} by {@link #storeReleased}. */
    private final LateClients late = new LateClients();
    /** The order clients connected in: what a client asked after a {@code daemon stop}'s is not taken. */
    private final ReadOrder order = new ReadOrder();
    private volatile boolean handingOver;
    /** The readers served to clients' terminals now. */
    private final java.util.Set<ServedReader> readers = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private Owner(Wiring ctx, Role role, Path dataDir, Path socket, ServerSocketChannel server,
            java.nio.file.attribute.UserPrincipal ownUser) {
        this.ctx = ctx;
        this.role = role;
        this.dataDir = dataDir;
        this.socket = socket;
        this.server = server;
        this.ownUser = ownUser;
        LOG.info("serving {} as build {}", dataDir, Wire.BUILD); // taken now, before an upgrade can replace the jar
    }

    /**
     * Whether a process running {@code args} serves others once it has the store: the reader (no command, or
     * a FOLDER: {@code postern Archive}), {@code postern shell} and {@code postern daemon}; null for a batch command.
     */
    public static Role roleOf(String[] args) {
        String named = Client.subcommandName(args);
        if (!dev.postern.cli.CommandNames.isCommand(named)) return Role.READER; // none, or the reader's FOLDER
        if (named.equals("shell")) return Role.SHELL;
        if (named.equals("daemon")) return Role.DAEMON;
        return null;
    }

    private static volatile String failure;

    /** Why the last {@link #start} could not open the socket (the system's words, or ours), or null. */
    static String failure() { return failure; }

    /** This process's owner; null when it serves no socket. */
    public static Owner current() { return current; }

    /**
     * Starts serving the data directory of {@code ctx}, whose store this process holds (its lock is what
     * makes the stale-socket replacement safe). A socket left by an owner that died is replaced.
     */
    public static synchronized Owner start(Wiring ctx, Role role) {
        if (current != null) return current;
        Path dataDir = ctx.config().dataDir().toAbsolutePath().normalize();
        Path socket = SocketFiles.socketFor(dataDir);
        ServerSocketChannel server = null;
        try {
            server = OwnerSocket.bind(socket);
            java.nio.file.attribute.UserPrincipal user = java.nio.file.Files.getOwner(Path.of("/proc/self"));
            Owner o = new Owner(ctx, role, dataDir, socket, server, user);
            Thread t = new Thread(o::acceptLoop, "postern-owner");
            t.setDaemon(true);
            t.start();
            current = o;
            o.marker = OwnerMarker.leave(ctx.env(), dataDir, ctx.config().source(), socket);
            LOG.info("serving {} on {} as {}", dataDir, socket, role.words());
            ReaderClient.released(); // readers that waited for this one to open the store are served now
            return o;
        } catch (IOException | RuntimeException e) {
            if (server != null) OwnerSocket.remove(server, null);
            failure = e.getMessage(); // for the daemon's sentence (Residence)
            ReaderClient.released(); // the readers waiting for this one open the store after it
            throw new PosternException(ExitCode.IOERR, "cannot serve other postern commands on " + socket + " ("
                    + e.getMessage() + "); they will wait for this one to end.", e);
        }
    }

    public Role role() { return role; }

    public Path dataDir() { return dataDir; }

    public Path socket() { return socket; }

    public long startedMillis() { return started; }

    public long served() { return served.get(); }

    /** Blocks until {@link #close} (a daemon's main thread waits here). */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** Completes when this owner has stopped serving ({@link #close}). */
    public java.util.concurrent.CompletableFuture<Void> whenStopped() { return whenStopped; }

    /**
     * Takes no more clients: the listening socket is closed, its file and the owner's marker removed. A client
     * started after this finds no owner; while the store is still held it waits for it to be released (see
     * {@code Client.connect}) and then runs the command itself. Clients already accepted are still served.
     */
    private void stopAccepting() {
        OwnerSocket.remove(server, socket);
        OwnerMarker.remove(marker);
    }

    /** Asks the owner to stop once the request running now (the stop, which runs alone) has answered ({@code daemon stop}). */
    public void stopAfterThisRequest() {
        stopAfterRequest = true;
    }

    private volatile boolean stopAfterRequest;

    /** What a command its owner's stop cut says (without "postern: "). */
    private String stoppingSentence() {
        return "stopped: the postern that owns " + dataDir + " is stopping; what was done is kept, and running the command"
                + " again finishes it.";
    }

    /** The client commands running now. */
    private final java.util.Set<ClientWatch> running = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * The owner stops ({@code daemon stop}, SIGTERM, the reader's quit): the command running for a client stops at its
     * next safe point as a command in its own process does at SIGTERM (its client exits 75; what it finished is kept,
     * the rest is done by the next run), instead of holding the stop for as long as a first sync takes (minutes; a
     * service manager's stop time-out then ends in SIGKILL).
     */
    private void stopRunningCommand() {
        for (ClientWatch w : running) w.ownerStops(stoppingSentence());
    }

    /** A {@code daemon stop} has run: requests still queued are not taken ({@link Wire#NOT_TAKEN}). */
    private volatile boolean stopTaken;

    /**
     * The client of the {@code daemon stop} that runs, and its exit code: told by {@link #storeReleased} on the
     * thread that releases the store, before the process can exit (told by its serving thread after the release, it
     * raced the exit and, since the exit no longer waits for blocked reads, lost: "stopped before the command
     * finished", 75). Taken once, by whichever tells it.
     */
    private final java.util.concurrent.atomic.AtomicReference<Frames> stopClient = new java.util.concurrent.atomic.AtomicReference<>();
    private volatile int stopClientCode;

    private void acceptLoop() {
        while (!closing) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (closing) return;
                LOG.warn("accepting a client", e);
                continue;
            }
            long n = order.accepted(); // here, in the order the clients connected
            Thread t = new Thread(() -> serve(ch, n), "postern-owner-request");
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(SocketChannel ch, long n) {
        try (ch) {
            InputStream in = Wire.input(ch);
            OutputStream out = Wire.output(ch);
            Frames frames = new Frames(out);
            // A refused peer's request is never read: the clients after it need not wait for it (ReadOrder).
            if (!OwnerSocket.greeted(ch, in, frames, ownUser, dataDir, () -> order.read(n, false))) return;
            Wire.Frame f = Wire.readFrame(in);
            if (f == null || f.type != Wire.REQUEST && f.type != Wire.READER) return;
            Wire.Request r = Wire.Request.decode(f.payload);
            boolean stop = f.type == Wire.REQUEST && DaemonLine.stop(r.args);
            order.read(n, stop);
            boolean otherBuild = r.build != null && !r.build.equals(Wire.BUILD) && !DaemonLine.stopOrStatus(r.args);
            // At once, queued or not: the client's proof that this owner runs (not stopped); a refusal after it is, to the
            // client, one to wait out, not an older daemon's (Client).
            frames.accepted();
            if (otherBuild && !mayHandBack() && !closing && !stopTaken) {
                frames.tempfail(DaemonLine.otherBuild(role, dataDir, !readers.isEmpty(), r.build));
                return;
            }
            if (f.type == Wire.READER) {
                boolean unserved = closing || stopTaken;
                if (!unserved && otherBuild && !(unserved = handsReaderBack(r.build))) {
                    frames.tempfail(DaemonLine.otherBuild(role, dataDir, !readers.isEmpty(), r.build)); // a reader came meanwhile
                    return;
                }
                serveReader(new ServedReader(ctx, this, r, in, frames), frames, unserved);
                return;
            }
            boolean stopping = false;
            int stopCode = 0;
            // From here the client's frames are read beside the command: its Ctrl-C or its end cancels it, queued or running.
            ClientWatch watch = ClientWatch.start(in);
            if (stop && role == Role.DAEMON) stopRunningCommand(); // a reader or a shell refuses the stop: nothing is cut
            Turns.Turn turn;
            try {
                order.afterStops(n); // a stop whose client connected first is run (or dropped) first, however it was read
                turn = turns.take(otherBuild ? dev.postern.cli.ServedClaim.ALL : Requests.claim(ctx, r));
            } catch (InterruptedException e) {
                watch.ended();
                LOG.info("a client's command was cancelled while queued");
                if (watch.clientThere()) frames.exit(watch.exitCode());
                return;
            }
            if (closing || stopTaken) {
                turn.close();
                order.decided(n);
                notTakenOnceReleased(frames); // stopping: this command was not run
                return;
            }
            running.add(watch);
            boolean[] handedBack = {false};
            try {
                long t0 = System.nanoTime();
                int code = ExitCode.TEMPFAIL.code();
                if (!otherBuild) {
                    code = Requests.run(ctx, this, r, new ClientWatch.RemoteInput(watch, frames), frames.stream(Wire.OUT),
                            frames.stream(Wire.ERR), what -> handedBack[0] = role == Role.DAEMON && readers.isEmpty() // in its turn, as before
                            && turn.widen() && (closing || stopTaken
                            || handsBack(ctx.config().source() + " changed and " + what + " cannot change while the daemon runs",
                            "with the new config")));
                } else if (!(handedBack[0] = handsBack("a client is another build (" + r.build + ") than this daemon ("
                        + Wire.BUILD + "), as after an upgrade", "with its own build"))) {
                    frames.error(DaemonLine.otherBuild(role, dataDir, !readers.isEmpty(), r.build)); // a reader came meanwhile
                }
                watch.ended();
                if (!handedBack[0]) {
                    served.incrementAndGet();
                    LOG.info("ran a client's command ({} words) in {} ms: exit {}{}", r.args.length, (System.nanoTime() - t0) / 1_000_000,
                            code, watch.cancelled() ? ", cancelled by its client" : "");
                }
                if (watch.cancelled() && !handedBack[0]) {
                    // Stopped at the client's Ctrl-C (or its end): never reported as success; 128 + the signal, as in process.
                    // Stopped by its owner's stop: 75, and why, once (the command's wait said it, or here: hunt 39-Y, Y6).
                    if (watch.ownerStopped() && !watch.commandSaid()) frames.error("postern: " + stoppingSentence() + "\n");
                    if (watch.clientThere()) frames.exit(watch.exitCode());
                    return;
                }
                stopCode = code;
                if (stopAfterRequest || handedBack[0]) {
                    // `daemon stop`: no new client reaches this owner from now on, and its client hears the answer
                    // only once the store is released (below), so a script's next line runs at once, on its own.
                    // A request queued behind the stop is not run here (close() has not set closing yet when the
                    // lock is given up): it goes back to its client, which runs it once the store is released.
                    // A command handed back (handsBack) goes back so too, and the daemon stops as for `daemon stop`.
                    stopTaken = true;
                    if (!handedBack[0]) {
                        stopClientCode = code;
                        stopClient.set(frames);
                    }
                    stopAfterRequest = true;
                    stopAccepting();
                } else {
                    frames.exit(code);
                }
            } finally {
                running.remove(watch);
                watch.ended();
                boolean stopNow = stopAfterRequest; // only set by a command that runs alone: read before its turn ends
                if (stopNow) stopAfterRequest = false;
                turn.close();
                if (stopNow) {
                    stopping = true;
                    Thread t = new Thread(this::close, "postern-owner-stop");
                    t.start();
                }
                order.decided(n); // the commands read after this one, waiting in afterStops, go on (stopTaken is set)
            }
            if (stopping && handedBack[0]) {
                notTakenOnceReleased(frames);
            } else if (stopping) {
                // The daemon's main thread closes the store after close() and calls storeReleased().
                if (!late.awaitRelease(60)) LOG.warn("daemon stop: the store was not released within 60 s");
                if (stopClient.compareAndSet(frames, null)) frames.exit(stopCode); // else storeReleased told it
            }
        } catch (IOException e) {
            LOG.info("a client went away: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            // Never the uncaught handler's: on a reader's or a shell's terminal it would print over the screen (hunt 38-Q, Q14).
            LOG.error("serving a client", e);
        } finally {
            order.read(n, false); // never read: the clients after it need not wait for it
            order.decided(n);
        }
    }

    /** A command this owner does not run goes back to its client once the store is released: see {@link LateClients}. */
    private void notTakenOnceReleased(Frames frames) throws IOException, InterruptedException {
        late.notTakenOnceReleased(frames, "postern: the postern that owns " + dataDir + " is stopping; run the command again.\n");
    }

    /**
     * A command this owner cannot run as it is: the config changed in a way it cannot apply while it runs
     * (app/ConfigReread), or its client is another build (as after an upgrade replaced the jar). A daemon that serves
     * no reader hands it back unrun and stops, so that its client runs it with the new config or build (nobody is at a
     * daemon to stop it, and cron retried its 75 for ever); the reader, {@code postern shell} and a daemon serving a
     * reader refuse it (75: a person quits them). True: handed back.
     */
    private boolean handsBack(String why, String how) {
        if (!mayHandBack()) return false;
        LOG.info("{}, and it serves no reader: it stops, and the command goes back to its client, which runs it {}", why, how);
        return true;
    }

    private boolean mayHandBack() { return role == Role.DAEMON && readers.isEmpty() && !closing && !stopTaken; }

    /**
     * A reader's client of another build (as after an upgrade), at a daemon that serves no reader: as a command of
     * another build, in its turn behind the commands under way and queued, the daemon stops (it hands the reader back:
     * {@link #serveReader} hands it over once the store is released, and its client starts it with its own build).
     * False: a reader came meanwhile, and this one is refused.
     */
    private boolean handsReaderBack(String build) {
        try (Turns.Turn alone = turns.everything()) {
            if (closing || stopTaken) return true; // stopping already: handed over with the others
            if (!handsBack("a reader's client is another build (" + build + ") than this daemon (" + Wire.BUILD
                    + "), as after an upgrade", "with its own build")) return false;
            stopTaken = true; // what is queued behind goes back to its client too
            stopAccepting();
            return true;
        }
    }

    /**
     * A reader served to a client's terminal, beside the requests and never queued behind them (nor they behind
     * it: it runs for as long as its user reads). The client's end, or this owner's, ends it. {@code unserved}: this
     * owner stops (or, handing this reader back, stops now), and the reader is handed over once the store is released.
     */
    private void serveReader(ServedReader reader, Frames frames, boolean unserved) throws IOException {
        readers.add(reader);
        try {
            if (unserved || closing) {
                // Stopping, the store not yet released: this reader is handed over with the others.
                reader.neverOpened();
                if (stopTaken && !closing) new Thread(this::close, "postern-owner-stop").start(); // idempotent
                awaitHandover(reader, frames);
                return;
            }
            LOG.info("serving a reader to a client");
            long t0 = System.nanoTime();
            int code = reader.serve();
            served.incrementAndGet();
            LOG.info("a served reader ended after {} s: exit {}", (System.nanoTime() - t0) / 1_000_000_000L, code);
            if (reader.endedByOwner()) {
                awaitHandover(reader, frames);
                return;
            }
            frames.exit(code);
        } finally {
            readers.remove(reader);
        }
    }

    /**
     * A reader this owner's stop ended: its client is handed the data directory over once the store is released
     * ({@link #storeReleased}, which sends it). When that does not come within a minute (the store could not be
     * closed), the client is told, as before handovers, that the reader ended with its owner.
     */
    private void awaitHandover(ServedReader reader, Frames frames) throws IOException {
        try {
            if (late.awaitRelease(60) && handingOver) {
                reader.handOver();
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        frames.tempfail("postern: " + role.words() + " (pid " + ProcessHandle.current().pid() + "), which owns "
                + dataDir + ", stopped, and this reader, which it served, ended with it; start postern again.\n");
    }

    /**
     * The store is closed and store.lock released (called by the process's wiring after {@link #close} and the
     * store's close): every reader this owner's stop ended is sent {@link Wire#HANDOVER} now, on this thread, so
     * that the frames are out before the process exits. Their clients start the reader again, and one of them
     * becomes the next owner. Not called when the store could not be closed: they then end with a sentence.
     */
    public void storeReleased() {
        handingOver = true;
        int sent = 0;
        for (ServedReader r : readers) {
            if (r.endedByOwner() && r.hasEnded() && r.handOver()) sent++;
        }
        int told = late.release(() -> {
            Frames stopper = stopClient.getAndSet(null);
            if (stopper != null) {
                try {
                    stopper.exit(stopClientCode);
                } catch (IOException e) {
                    // the stop's client went away
                }
            }
        });
        if (told > 0) LOG.info("{} command(s) that came while stopping go back to their clients", told);
        if (sent > 0) LOG.info("handed {} over to {} served reader(s)", dataDir, sent);
    }

    /** How many readers this owner serves now (for tests and {@code daemon status}). */
    public int readersServed() { return readers.size(); }

    /**
     * Stops serving: no new request is taken, the socket is removed, served readers' screens are put away, and
     * the request running (if any) may finish for up to 30 seconds before the store closes under it. Called by the
     * context's close (exit, SIGTERM, SIGINT, {@code daemon stop}), which then closes the store and calls
     * {@link #storeReleased}: the served readers are handed over then.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closing) return;
            closing = true;
        }
        stopAccepting();
        stopRunningCommand();
        // Served readers end first, while the store they read is still open: their screens are put away, and their
        // clients are handed the data directory over once the store is closed (storeReleased).
        for (ServedReader r : readers) r.ownerClosing();
        long readersEnded = System.nanoTime() + 3_000_000_000L;
        for (ServedReader r : readers) {
            try {
                r.awaitEnd(Math.max(0, (readersEnded - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try {
            turns.quiet(30);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (Owner.class) {
            if (current == this) current = null;
        }
        stopped.countDown();
        whenStopped.complete(null);
        LOG.info("stopped serving {}", dataDir);
    }

}
