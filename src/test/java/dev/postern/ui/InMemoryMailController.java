package dev.postern.ui;

import dev.postern.controller.ConnectionState;
import dev.postern.controller.Event;
import dev.postern.controller.MailController;
import dev.postern.model.Envelope;
import dev.postern.model.ExitCode;
import dev.postern.model.Flag;
import dev.postern.model.Flags;
import dev.postern.model.Folder;
import dev.postern.model.MessageRef;
import dev.postern.model.Part;
import dev.postern.model.PosternException;
import dev.postern.render.RenderedMessage;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Test double of the controller: folders of generated envelopes (built on demand, so 100,000 cost nothing),
 * futures that complete on another thread after a delay (like the real one), and switches to make reads
 * fail or hang. Records every page() request so tests can prove the UI reads only what it shows.
 */
class InMemoryMailController implements MailController {
    /** Index 0 is the newest message; uid = size - index, so uid 1 is the oldest. */
    static final class FolderData {
        final String account;
        final String name;
        volatile int size;
        final Map<Integer, Envelope> overrides = new ConcurrentHashMap<>(); // by uid
        final Map<Long, Flags> flags = new ConcurrentHashMap<>();

        FolderData(String account, String name, int size) {
            this.account = account;
            this.name = name;
            this.size = size;
        }

        Envelope at(int index) {
            int uid = size - index;
            Envelope o = overrides.get(uid);
            Envelope e = o != null ? o : generated(uid);
            Flags f = flags.get((long) uid);
            return f != null ? e.withFlags(f) : e;
        }

        Envelope generated(int uid) {
            Instant date = BASE.minus((long) (size - uid) * 7, ChronoUnit.MINUTES);
            Flags f = uid % 3 == 0 ? Flags.of(Flag.SEEN) : Flags.NONE;
            return new Envelope(new MessageRef(account, name, 1, uid), "<" + uid + "@test>", date,
                    "Sender " + (uid % 50) + " <s" + (uid % 50) + "@example.org>", List.of("me@example.org"),
                    List.of(), "Message #" + uid, 1000L + uid, f, null, List.of(), null);
        }
    }

    /** Fixed "now" so generated dates and the UI's clock agree. */
    static final Instant BASE = Instant.parse("2026-06-15T12:00:00Z");

    final Map<String, FolderData> folders = new ConcurrentHashMap<>();
    final List<String> accounts = new CopyOnWriteArrayList<>();
    final List<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();
    final List<int[]> pageRequests = new CopyOnWriteArrayList<>();
    final AtomicInteger maxLimit = new AtomicInteger();
    final List<MessageRef> seen = new CopyOnWriteArrayList<>();
    final List<MessageRef> reads = new CopyOnWriteArrayList<>();
    volatile ConnectionState state = ConnectionState.ONLINE;
    volatile long delayMillis = 50;

    enum ReadMode { OK, FAIL, NEVER }

    volatile ReadMode readMode = ReadMode.OK;
    volatile String failureMessage = "The server closed the connection.";
    volatile boolean refreshNeverCompletes;
    volatile Function<MessageRef, RenderedMessage> renderer = InMemoryMailController::defaultRendering;
    /** Runs on the caller's thread inside markSeen(): lets a test look at the screen at that moment. */
    volatile Consumer<MessageRef> onMarkSeen = r -> { };

    InMemoryMailController addFolder(String account, String name, int size) {
        if (!accounts.contains(account)) accounts.add(account);
        folders.put(account + "/" + name, new FolderData(account, name, size));
        return this;
    }

    FolderData folder(String account, String name) {
        return folders.get(account + "/" + name);
    }

    void publish(Event e) {
        for (Consumer<Event> l : listeners) l.accept(e);
    }

    /** Like the controller: completes later on another thread. */
    private Executor later() {
        return CompletableFuture.delayedExecutor(delayMillis, TimeUnit.MILLISECONDS);
    }

    static RenderedMessage defaultRendering(MessageRef ref) {
        return new RenderedMessage(
                List.of(new RenderedMessage.Header("From", "Sender <s@example.org>"),
                        new RenderedMessage.Header("Subject", "Message #" + ref.uid())),
                "Body of message " + ref.uid() + "\n> quoted line\nlast line",
                List.of(), List.of());
    }

    @Override
    public List<String> accounts() { return List.copyOf(accounts); }

    @Override
    public List<Folder> folders(String account) {
        List<Folder> out = new ArrayList<>();
        for (FolderData d : folders.values()) {
            if (!d.account.equals(account)) continue;
            int unread = 0;
            if (d.size < 5000) {
                for (int i = 0; i < d.size; i++) if (!d.at(i).flags().has(Flag.SEEN)) unread++;
            }
            out.add(new Folder(account, d.name, '/', d.size, unread, null));
        }
        out.sort((a, b) -> a.name().equals("INBOX") ? -1 : b.name().equals("INBOX") ? 1 : a.name().compareTo(b.name()));
        return out;
    }

    @Override
    public CompletableFuture<List<Folder>> refreshFolders(String account) {
        return CompletableFuture.supplyAsync(() -> folders(account), later());
    }

    @Override
    public int count(String account, String folder) {
        FolderData d = folder(account, folder);
        return d == null ? 0 : d.size;
    }

    @Override
    public List<Envelope> page(String account, String folder, int offset, int limit) {
        pageRequests.add(new int[] {offset, limit});
        maxLimit.accumulateAndGet(limit, Math::max);
        FolderData d = folder(account, folder);
        if (d == null) return List.of();
        List<Envelope> out = new ArrayList<>();
        for (int i = offset; i < Math.min(d.size, offset + limit); i++) out.add(d.at(i));
        return out;
    }

    @Override
    public CompletableFuture<Integer> refreshFolder(String account, String folder) {
        if (refreshNeverCompletes) return new CompletableFuture<>();
        return CompletableFuture.supplyAsync(() -> count(account, folder), later());
    }

    @Override
    public Optional<Envelope> envelope(MessageRef ref) {
        FolderData d = folder(ref.account(), ref.folder());
        if (d == null || ref.uid() < 1 || ref.uid() > d.size) return Optional.empty();
        return Optional.of(d.at((int) (d.size - ref.uid())));
    }

    @Override
    public CompletableFuture<RenderedMessage> read(MessageRef ref) {
        reads.add(ref);
        switch (readMode) {
            case NEVER:
                return new CompletableFuture<>();
            case FAIL:
                return CompletableFuture.supplyAsync(() -> {
                    throw new PosternException(ExitCode.TEMPFAIL, failureMessage);
                }, later());
            default:
                return CompletableFuture.supplyAsync(() -> renderer.apply(ref), later());
        }
    }

    @Override
    public CompletableFuture<byte[]> raw(MessageRef ref) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("not in the test double"));
    }

    @Override
    public CompletableFuture<Boolean> markSeen(MessageRef ref) {
        onMarkSeen.accept(ref);
        seen.add(ref);
        FolderData d = folder(ref.account(), ref.folder());
        if (d != null) d.flags.put(ref.uid(), d.at((int) (d.size - ref.uid())).flags().with(Flag.SEEN));
        return CompletableFuture.supplyAsync(() -> false, later());
    }

    @Override
    public ConnectionState connectionState(String account) { return state; }

    @Override
    public AutoCloseable subscribe(Consumer<Event> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public void close() { }
}
