package dev.postern.resident;

import dev.postern.cli.PosternCommand;
import dev.postern.cli.Wiring;
import dev.postern.controller.MailController;
import dev.postern.ui.ReaderTerminal;
import dev.postern.ui.RelayTerminal;
import dev.postern.ui.Tui;
import dev.postern.ui.TuiOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Paint first for the daemon's first served reader: a daemon that has just started has never loaded the reader's
 * classes (Lanterna, the ui package, the index's formatting, the theme), and its first served reader paid for that
 * (0.7-1.9 s, bench/SCREEN.md). Once the socket serves, a thread of low priority draws one reader screen of the
 * default account's INBOX, on the same path a served reader takes (the reader's command line through the command
 * tree, the config's theme and bindings, {@link Tui#run} on a {@link RelayTerminal}), into a terminal nobody sees, and
 * throws it away. The reader ends as soon as its first screen with the store's rows is drawn
 * ({@link ReaderTerminal#offScreen}): it starts no server session, no sync and no read-ahead, and it only reads the
 * store. It takes no request's turn, so a command that comes meanwhile runs at once. Skipped when the config has no
 * account or the store knows no folder of it yet (nothing to draw).
 */
final class ReaderWarmUp implements ReaderTerminal {
    private static final Logger LOG = LoggerFactory.getLogger(ReaderWarmUp.class);
    /** The warm-up thread's name (tests look for it among the daemon's threads). */
    static final String THREAD = "postern-reader-warm-up";

    private final Wiring ctx;
    private final Owner owner;
    /** Where the screen's bytes go: nowhere, or a test's stream. */
    private final OutputStream screen;
    private final java.util.concurrent.atomic.AtomicLong drawn = new java.util.concurrent.atomic.AtomicLong();
    private final Map<String, String> env;
    private volatile RelayTerminal terminal;
    private volatile boolean stopped;
    private Thread thread;
    private final java.util.concurrent.CompletableFuture<Void> ended = new java.util.concurrent.CompletableFuture<>();

    private ReaderWarmUp(Wiring ctx, Owner owner, OutputStream screen) {
        this.ctx = ctx;
        this.owner = owner;
        this.screen = screen;
        Map<String, String> e = new LinkedHashMap<>(ctx.env());
        e.putIfAbsent("TERM", "xterm-256color");
        this.env = e;
    }

    /**
     * Starts warming the reader for {@code owner} in the background; null when there is nothing to draw (no
     * account, or no folder of it in the store yet). Stopped (and waited for) when the owner stops.
     */
    static ReaderWarmUp start(Wiring ctx, Owner owner) {
        return start(ctx, owner, OutputStream.nullOutputStream());
    }

    /** As {@link #start(Wiring, Owner)}, the screen's bytes written to {@code screen} (tests watch them). */
    static ReaderWarmUp start(Wiring ctx, Owner owner, OutputStream screen) {
        String why = nothingToDraw(ctx);
        if (why != null) {
            LOG.info("no reader warm-up: {}", why);
            return null;
        }
        ReaderWarmUp w = new ReaderWarmUp(ctx, owner, screen);
        Thread t = new Thread(w::run, THREAD);
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        w.thread = t;
        owner.whenStopped().thenRun(w::stop); // on the closing thread, before the store closes
        t.start();
        return w;
    }

    /** Why there is no screen to draw, or null. */
    private static String nothingToDraw(Wiring ctx) {
        if (ctx.config().accounts().isEmpty()) return "the config names no account";
        try {
            String account = ctx.account(null);
            if (ctx.controller().folders(account).isEmpty()) return "the store knows no folder of " + account + " yet";
            return null;
        } catch (RuntimeException e) {
            return "the store cannot say what it holds (" + e.getMessage() + ")";
        }
    }

    private void run() {
        long t0 = System.nanoTime();
        try {
            List<String> args = new ArrayList<>(List.of("--config", ctx.config().source().toAbsolutePath().normalize().toString()));
            String[] pairs = new String[env.size() * 2];
            int i = 0;
            for (Map.Entry<String, String> e : env.entrySet()) {
                pairs[i++] = e.getKey();
                pairs[i++] = e.getValue();
            }
            Wire.Request r = new Wire.Request(args.get(1), Path.of("").toAbsolutePath().toString(), args.toArray(new String[0]),
                    pairs, Wire.FLAG_STDIN_TTY | Wire.FLAG_STDOUT_TTY | Wire.FLAG_STDERR_TTY, 80);
            java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
            int code = Requests.run(ctx, owner, r, java.io.InputStream.nullInputStream(), OutputStream.nullOutputStream(), err,
                    new Launcher(), new Requests.NoTerminal(owner));
            String said = err.toString(StandardCharsets.UTF_8).strip();
            if (code != 0 || !said.isEmpty()) {
                LOG.info("the reader's warm-up ended with exit {}{}", code, said.isEmpty() ? "" : ": " + said);
            } else {
                LOG.info("warmed the reader in {} ms (a screen of {} bytes drawn off-screen and thrown away)",
                        (System.nanoTime() - t0) / 1_000_000, drawn.get());
            }
        } catch (RuntimeException | LinkageError e) {
            if (stopped) LOG.info("the reader's warm-up stopped with its owner");
            else LOG.warn("the reader's warm-up failed (the first served reader loads its classes itself)", e);
        } finally {
            ended.complete(null);
        }
    }

    /** Completed when the warm-up has ended (drawn, failed or stopped), on its thread; at once when {@code w} is null (none). */
    static java.util.concurrent.CompletableFuture<Void> ended(ReaderWarmUp w) {
        return w == null ? java.util.concurrent.CompletableFuture.completedFuture(null) : w.ended;
    }

    /** The warm-up's screen: a terminal of 80x24 whose bytes are counted and go to {@link #screen}. */
    private final class Launcher implements PosternCommand.UiLauncher {
        @Override
        public void run(MailController c, String account, String folder) {
            run(TuiOptions.defaults(env), c, account, folder);
        }

        @Override
        public void run(TuiOptions options, MailController c, String account, String folder) {
            OutputStream out = new OutputStream() {
                @Override public void write(int b) throws IOException { write(new byte[] {(byte) b}, 0, 1); }

                @Override public void write(byte[] b, int off, int len) throws IOException {
                    drawn.addAndGet(len);
                    screen.write(b, off, len);
                }
            };
            RelayTerminal t = new RelayTerminal(out, StandardCharsets.UTF_8, 80, 24);
            terminal = t;
            if (stopped) t.endOfInput();
            Tui.run(c, account, folder, t, options, java.time.Clock.systemDefaultZone(), ReaderWarmUp.this);
        }
    }

    /** Waits up to {@code ms} for the warm-up to end; true when it has. */
    boolean awaitEnd(long ms) throws InterruptedException {
        thread.join(ms);
        return !thread.isAlive();
    }

    /** The owner stops: the warm-up's reader ends as on Ctrl-C, and the store is not closed under it (up to 3 s). */
    void stop() {
        stopped = true;
        RelayTerminal t = terminal;
        if (t != null) t.endOfInput();
        try {
            if (!awaitEnd(3_000)) LOG.warn("the reader's warm-up did not end within 3 s of its owner's stop");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public int run(List<String> argv) throws IOException {
        throw new IOException("the reader's warm-up has no terminal to run " + argv.get(0) + " at");
    }

    @Override
    public int runCaptured(List<String> argv, Path input, Path output) throws IOException {
        throw new IOException("the reader's warm-up runs no program");
    }

    @Override
    public Map<String, String> environment() { return env; }

    @Override
    public boolean served() { return true; }

    @Override
    public boolean offScreen() { return true; }
}
