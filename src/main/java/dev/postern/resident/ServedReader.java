package dev.postern.resident;

import dev.postern.cli.Wiring;
import dev.postern.cli.PosternCommand;
import dev.postern.controller.MailController;
import dev.postern.ui.ReaderTerminal;
import dev.postern.ui.RelayTerminal;
import dev.postern.ui.Tui;
import dev.postern.ui.TuiOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reader the owner serves to a client's terminal (a second {@code postern} on the data directory): one more
 * reader on the owner's controller, drawn on a {@link RelayTerminal} whose bytes go to the client as
 * {@link Wire#OUT} frames and whose keys, size changes and answers come back from it. Programs the reader runs
 * for its user (the editor, a link's browser, a pipe's command) run at the client's terminal, in its
 * environment and directory ({@link Wire#RUN}). Its own folder, cursor and views; q or Ctrl-C ends it alone.
 * When the client goes away (even killed), its input ends and the reader closes as on Ctrl-C. When the owner stops
 * cleanly, the reader's screen is put away and, once the owner has released the store, its client is handed the data
 * directory over ({@link Wire#HANDOVER}). A reader whose program has the client's terminal then (the editor on the
 * message being written) is left there: the owner does not wait for the program, and this reader's thread never takes
 * the terminal back, so the message's file is the client's to keep (resident.KeptDraft), not also this reader's.
 */
final class ServedReader implements ReaderTerminal {
    private static final Logger LOG = LoggerFactory.getLogger(ServedReader.class);

    private final Wiring ctx;
    private final Owner owner;
    private final Wire.Request request;
    private final InputStream in;
    private final Frames frames;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final Map<Integer, CompletableFuture<byte[]>> runs = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile RelayTerminal terminal;
    /** The account and folder the reader showed when it ended; null when it did not say. */
    private volatile String[] shown;
    private volatile boolean gone;
    private volatile boolean ownerClosing;
    /** Counted down once the reader's screen is put away (or it never opened). */
    private final java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);
    private final java.util.concurrent.atomic.AtomicBoolean handedOver = new java.util.concurrent.atomic.AtomicBoolean();
    /** The RUN at the client's terminal awaiting its RAN (0: none); and whether the owner's stop left the reader there. */
    private int atTerminal;
    private boolean leftAtTerminal;

    ServedReader(Wiring ctx, Owner owner, Wire.Request request, InputStream in, Frames frames) {
        this.ctx = ctx;
        this.owner = owner;
        this.request = request;
        this.in = in;
        this.frames = frames;
        for (int i = 0; i + 1 < request.env.length; i += 2) env.put(request.env[i], request.env[i + 1]);
    }

    /** Runs the reader until its user quits it, the client goes or the owner stops ({@link #endedByOwner}); its exit code. */
    int serve() throws IOException {
        Wire.Frame first = Wire.readFrame(in);
        if (first == null || first.type != Wire.WINSIZE) {
            ended.countDown();
            throw new IOException("a reader's client sent no size");
        }
        terminal = new RelayTerminal(frames.stream(Wire.OUT), charset(env), Wire.intAt(first.payload, 0), Wire.intAt(first.payload, 4));
        if (ownerClosing) terminal.endOfInput(); // the owner began stopping before the terminal was there
        Thread keys = new Thread(this::relayFromClient, "postern-served-reader-input");
        keys.setDaemon(true);
        keys.start();
        PosternCommand.UiLauncher ui = new PosternCommand.UiLauncher() {
            @Override
            public void run(MailController c, String account, String folder) {
                run(TuiOptions.defaults(env), c, account, folder);
            }

            @Override
            public void run(TuiOptions options, MailController c, String account, String folder) {
                Tui.run(c, account, folder, terminal, options, dev.postern.model.Zones.clock(), ServedReader.this);
            }
        };
        try {
            return Requests.run(ctx, owner, request, InputStream.nullInputStream(), frames.stream(Wire.OUT),
                    frames.stream(Wire.ERR), ui, new Requests.NoTerminal(owner));
        } finally {
            try {
                terminal.flush();
            } catch (IOException e) {
                // the client is gone
            }
            ended.countDown();
        }
    }

    /** The owner is stopping: the reader ends as if its input had; its client is then handed the data directory over. */
    void ownerClosing() {
        ownerClosing = true;
        synchronized (this) {
            CompletableFuture<byte[]> running = runs.get(atTerminal);
            if (running != null && !running.isDone()) { // never answered now: the reader stays where it is, its screen away
                runs.remove(atTerminal);
                leftAtTerminal = true;
                ended.countDown();
            }
        }
        RelayTerminal t = terminal;
        if (t != null) t.endOfInput();
    }

    /** Whether the owner's stopping ended this reader (not its user): it is handed over ({@link #handOver}), not ended. */
    boolean endedByOwner() { return ownerClosing; }

    /** Waits up to {@code ms} for the reader's screen to be put away (its last bytes sent); true when it was, or never opened. */
    boolean awaitEnd(long ms) throws InterruptedException {
        return ended.await(ms, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Whether the reader's screen is put away (or never opened): a handover may be sent now. */
    boolean hasEnded() { return ended.getCount() == 0; }

    /**
     * Sends {@link Wire#HANDOVER}, once: the owner has closed the store and released its lock, and the client starts
     * the reader again where it runs (see {@link ReaderClient}). False when the client is gone or it was sent.
     */
    boolean handOver() {
        if (!handedOver.compareAndSet(false, true)) return false;
        try {
            String[] where = shown;
            byte[] payload = where == null ? new byte[0] : Wire.strings(where);
            frames.write(Wire.HANDOVER, payload, 0, payload.length);
            return true;
        } catch (IOException e) {
            LOG.info("a served reader's client went before its handover: {}", e.toString());
            return false;
        }
    }

    /** The reader never opened (the owner was stopping when it came): there is no screen to wait for. */
    void neverOpened() {
        ownerClosing = true;
        ended.countDown();
    }

    /** The client's frames: keys, sizes, answers to RUN. Its end (or its death) ends the reader's input. */
    private void relayFromClient() {
        try {
            while (true) {
                Wire.Frame f = Wire.readFrame(in);
                if (f == null) break;
                switch (f.type) {
                    case Wire.TTY_IN -> terminal.typed(f.payload);
                    case Wire.WINSIZE -> terminal.resized(Wire.intAt(f.payload, 0), Wire.intAt(f.payload, 4));
                    case Wire.RAN -> {
                        synchronized (this) { // not one the owner's stop left (ownerClosing)
                            CompletableFuture<byte[]> waiting = runs.get(Wire.intAt(f.payload, 0));
                            if (waiting != null) waiting.complete(f.payload);
                        }
                    }
                    default -> { } // a frame of a later version
                }
            }
        } catch (IOException e) {
            LOG.info("a served reader's client went away: {}", e.toString());
        } finally {
            gone = true;
            terminal.endOfInput();
            synchronized (this) {
                for (CompletableFuture<byte[]> f : runs.values()) f.completeExceptionally(new IOException("the reader's terminal is gone"));
            }
        }
    }

    @Override
    public int run(List<String> argv) throws IOException, InterruptedException {
        terminal.flush(); // the screen stepped aside: its last bytes reach the client before the program starts
        return runThere(argv, "", "");
    }

    @Override
    public int runCaptured(List<String> argv, Path input, Path output) throws IOException, InterruptedException {
        return runThere(argv, input.toAbsolutePath().toString(), output.toAbsolutePath().toString());
    }

    private int runThere(List<String> argv, String input, String output) throws IOException, InterruptedException {
        if (gone) throw new IOException("the reader's terminal is gone");
        int id = ids.incrementAndGet();
        CompletableFuture<byte[]> answer = new CompletableFuture<>();
        synchronized (this) {
            if (leftAtTerminal) throw new IOException("the reader's owner is stopping");
            runs.put(id, answer);
            if (input.isEmpty() && output.isEmpty()) atTerminal = id;
        }
        try {
            List<String> words = new ArrayList<>();
            words.add(String.valueOf(id));
            words.add(input);
            words.add(output);
            words.add(String.join("=", dev.postern.model.SecretEnv.names())); // the client's program does without them
            words.addAll(argv);
            byte[] payload = Wire.strings(words.toArray(new String[0]));
            frames.write(Wire.RUN, payload, 0, payload.length);
            if (gone) throw new IOException("the reader's terminal is gone");
            byte[] ran = answer.get();
            String failure = Wire.ranFailure(ran);
            if (!failure.isEmpty()) throw new IOException(failure);
            return Wire.intAt(ran, 4);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(String.valueOf(e.getCause()));
        } finally {
            synchronized (this) {
                runs.remove(id);
                if (atTerminal == id) atTerminal = 0;
            }
        }
    }

    @Override
    public Map<String, String> environment() { return env; }

    /** The client's working directory, as its request carried it: where a relative path typed in this reader is. */
    @Override
    public java.nio.file.Path directory() {
        return java.nio.file.Path.of(request.cwd);
    }

    @Override
    public boolean served() { return true; }

    @Override
    public void tell(String line) {
        try {
            frames.error(line + "\n");
        } catch (IOException e) {
            // the client went away: nobody is there to tell
        }
    }

    @Override
    public void ended(String account, String folder) {
        if (account != null && folder != null) shown = new String[] {account, folder};
    }

    /** As above, and the message the pager showed: the reader handed over opens it again (hunt 39-Y, Y13). */
    @Override
    public void ended(String account, String folder, dev.postern.model.MessageRef open) {
        if (account == null || folder == null) return;
        shown = open == null || !open.account().equals(account) || !open.folder().equals(folder) ? new String[] {account, folder}
                : new String[] {account, folder, Long.toString(open.uidValidity()), Long.toString(open.uid())};
    }

    /** Where this reader's client was shown before a handover, as its client carried it ({@link HandoverPlace#ENV}). */
    @Override
    public String[] handedOver() { return HandoverPlace.fromEnv(env); }

    /** The client's terminal's charset, from its locale: UTF-8 when it says so, else the owner's own. */
    static Charset charset(Map<String, String> env) {
        // The client's launcher gave its Java a UTF-8 LC_CTYPE and kept the terminal's own charset here (LANG=C: ASCII).
        String kept = env.get("POSTERN_TERMINAL_CHARSET");
        if (kept != null && !kept.isBlank()) return dev.postern.model.TerminalCharset.of(env);
        for (String v : new String[] {"LC_ALL", "LC_CTYPE", "LANG"}) {
            String s = env.get(v);
            if (s == null || s.isEmpty()) continue;
            String l = s.toLowerCase(java.util.Locale.ROOT);
            return l.contains("utf-8") || l.contains("utf8") ? StandardCharsets.UTF_8 : Charset.defaultCharset();
        }
        return Charset.defaultCharset();
    }

}
