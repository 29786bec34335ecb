package dev.postern.controller;

import static dev.postern.controller.ControllerContext.capability;

import dev.postern.backend.BodySource;
import dev.postern.backend.FlagWriter;
import dev.postern.model.Capability;
import dev.postern.model.Envelope;
import dev.postern.model.ExitCode;
import dev.postern.model.Flag;
import dev.postern.model.MessageRef;
import dev.postern.model.PosternException;
import dev.postern.render.RenderedMessage;
import dev.postern.store.MailStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The message side of {@link Reading}: a message rendered (with a preview while attachment text is being
 * extracted), its raw bytes, its attachments, and marking it seen. Every call returns at once: cached bodies
 * are read on the store-read pool, rendering runs on the render pool, a missing body is fetched on the
 * account's thread and cached.
 */
final class MessageReading {
    private static final Logger log = LoggerFactory.getLogger(DefaultMailController.class);

    private final ControllerContext ctx;
    private final MailStore store;
    private final Function<byte[], RenderedMessage> renderer;
    private final ExecutorService renderPool;
    private final ExecutorService storeReads;
    /** A damaged stored body: fetched again in its place, or said lost in one sentence. */
    private final BodyMend mend;

    /** @param renderer raw RFC 822 bytes to terminal-safe text; must not throw on any input */
    MessageReading(ControllerContext ctx, Function<byte[], RenderedMessage> renderer) {
        this.ctx = ctx;
        this.store = ctx.store;
        this.renderer = renderer;
        this.renderPool = ctx.renderPool;
        this.storeReads = ctx.storeReads;
        this.mend = new BodyMend(ctx);
        this.held = ctx.held;
        this.partFiles = new PartFiles(() -> ctx.config.dataDir());
    }

    private AccountWorker worker(String account) { return ctx.worker(account); }

    private void publish(Event e) { ctx.publish(e); }


    /**
     * Returns at once, whatever the message: the cached body is read (disk, decompression) and rendered on
     * the render pool, a missing one fetched on the account thread first, its progress published ({@link BodyLoad}).
     * Cancelling the future (the user left the message, or opened another) interrupts a render in progress and skips
     * one not started; a download not begun never begins, and one in hand is cut off (its connection, made again for
     * the next task; nothing half read is kept) unless little is left of it, which finishes and is cached (a large
     * message's text in {@link TextOnlyCache}). A command's cancel ({@link AccountTask#stop}: a served {@code read}
     * whose client went away) cuts that download whatever is left.
     */
    CompletableFuture<RenderedMessage> read(MessageRef ref) {
        return read(ref, null);
    }

    /** Renders without attachment text (no Tika): what {@link #read(MessageRef, java.util.function.Consumer)} previews. */
    private volatile Function<byte[], RenderedMessage> previewRenderer;
    /** Large messages' texts read this session: an open again, or a left download let finish, is not fetched again. */
    private final TextOnlyCache texts = new TextOnlyCache();
    /** The bytes of the messages a reader shows: what is left of one another client moved or expunged meanwhile. */
    private final HeldBodies held;
    /** Large messages' parts downloaded alone, kept decoded on disk. */
    private final PartFiles partFiles;

    void setPreviewRenderer(Function<byte[], RenderedMessage> previewRenderer) { this.previewRenderer = previewRenderer; }

    CompletableFuture<RenderedMessage> read(MessageRef ref, java.util.function.Consumer<RenderedMessage> preview) {
        AccountWorker w = worker(ref.account());
        AccountTask<RenderedMessage> out = AccountTask.later();
        onPool(storeReads, out, () -> {
            BodyMend.Cached cached = mend.cached(ref);
            if (cached.body().isPresent()) {
                onPool(renderPool, out, () -> Optional.of(render(ref, cached.body().get(), true, preview, out)));
                return Optional.empty(); // completed by the render
            }
            if (cached.damaged()) {
                // Fetched whole whatever its size: it is the stored copy being mended, and was whole.
                out.attach(mend.fetchAgain(ref)).whenComplete((raw, err) -> {
                    if (err != null) out.completeExceptionally(err);
                    else onPool(renderPool, out, () -> Optional.of(render(ref, raw, true, preview, out)));
                });
                return Optional.empty(); // completed by the fetch
            }
            // A message in hand that the store no longer holds (another client moved or expunged it: Y4), or a large
            // message's text read earlier this session.
            Optional<byte[]> inHand = held.any(ref);
            byte[] kept = inHand.orElseGet(() -> texts.get(ref));
            if (kept != null) {
                boolean whole = held.whole(ref).isPresent();
                onPool(renderPool, out, () -> Optional.of(render(ref, kept, whole, preview, out)));
                return Optional.empty();
            }
            long wholeBelow = w.account().fetchWholeBelow();
            long size = store.envelope(ref).map(Envelope::size).orElse(0L);
            java.util.concurrent.atomic.AtomicBoolean whole = new java.util.concurrent.atomic.AtomicBoolean(true);
            out.attach(download(w, ref, size, out, (s, bodies) -> {
                // POP3 cannot fetch a part: its "text only" is the whole message, so keep it like any other.
                if (size > wholeBelow && s.capabilities().contains(Capability.PARTIAL_FETCH)) {
                    // Large: read the text now, leave the attachments on the server until asked for; but a signed
                    // or encrypted message is needed whole (signatures are over exact bytes, ciphertext is no text).
                    byte[] text = texts.textOnly(bodies, ref);
                    if (!dev.postern.render.MessageRenderer.needsWholeMessage(text)) {
                        whole.set(false);
                        return text;
                    }
                }
                byte[] raw = bodies.raw(ref);
                cacheBody(ref, raw); // only once it is whole: a download cut off stores nothing
                return raw;
            })).whenComplete((raw, err) -> {
                if (err != null) out.completeExceptionally(err);
                else onPool(renderPool, out, () -> Optional.of(render(ref, raw, whole.get(), preview, out)));
            });
            return Optional.empty(); // completed by the fetch above
        });
        return out;
    }

    /**
     * {@code fetch} of {@code ref}'s body on the account's thread for {@code out}, under a {@link BodyLoad} (its progress
     * published). When {@code out} is cancelled (the reader left the message, or opened another), the download stops:
     * not begun, it never runs; in hand, its connection is cut off unless nearly over (hunt 38-L, L1: the next message
     * waited behind 20 MB the user had walked away from, which also went on taking the link), and made again for the
     * next task. One running in a background job's gap, on the job's session, is let finish: cut, it would cut the job.
     */
    private AccountTask<byte[]> download(AccountWorker w, MessageRef ref, long size, CompletableFuture<?> out,
            java.util.function.BiFunction<dev.postern.backend.MailSession, BodySource, byte[]> fetch) {
        java.util.concurrent.atomic.AtomicReference<BodyLoad> load = new java.util.concurrent.atomic.AtomicReference<>();
        AccountTask<byte[]> task = w.submitInteractive(s -> {
            BodySource bodies = capability(s, BodySource.class, ref.account(), "fetch messages");
            try (BodyLoad l = BodyLoad.begin(ref, s, bodies, size, ctx::publish)) {
                load.set(l);
                return fetch.apply(s, bodies);
            }
        });
        out.whenComplete((v, e) -> {
            if (!out.isCancelled()) return;
            BodyLoad l = load.get();
            if (w.inJobsGap()) task.cancel(false); // not begun: never begins
            else if (l == null || l.worthCutting()) task.stop();
        });
        return task;
    }

    /** {@code raw} rendered for reading, its bytes kept in hand while the text is ({@link HeldBodies}). */
    private RenderedMessage render(MessageRef ref, byte[] raw, boolean whole, java.util.function.Consumer<RenderedMessage> preview,
            CompletableFuture<?> out) {
        RenderedMessage text = render(raw, preview, out);
        held.keep(ref, raw, whole, text);
        return text;
    }

    private RenderedMessage render(byte[] raw, java.util.function.Consumer<RenderedMessage> preview, CompletableFuture<?> out) {
        Function<byte[], RenderedMessage> quick = previewRenderer;
        if (preview != null && quick != null && !protectedMail(raw)) {
            RenderedMessage first = quick.apply(raw);
            // Only worth a second render when there is attachment text to wait for.
            if (!first.parts().isEmpty() && !out.isDone() && !Thread.currentThread().isInterrupted()) {
                try {
                    preview.accept(first);
                } catch (RuntimeException e) {
                    log.warn("showing a preview", e);
                }
            }
        }
        return render(raw);
    }

    /** Signed or encrypted (MIME or inline): shown only with its verdict, never previewed without one. */
    private static boolean protectedMail(byte[] raw) {
        if (dev.postern.render.MessageRenderer.needsWholeMessage(raw)) return true;
        byte[] armour = "-----BEGIN PGP".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + armour.length <= raw.length; i++) {
            for (int j = 0; j < armour.length; j++) if (raw[i + j] != armour[j]) continue outer;
            return true;
        }
        return false;
    }

    private RenderedMessage render(byte[] raw) {
        RenderedMessage m = renderer.apply(raw);
        if (Thread.currentThread().isInterrupted()) throw new java.util.concurrent.CancellationException("read cancelled");
        return m;
    }

    /**
     * Runs {@code work} on {@code pool} for {@code out}, unless {@code out} is already done; completes
     * {@code out} with its value when it gives one (empty: something else will complete it). Cancelling
     * {@code out} interrupts the work.
     */
    private <T> void onPool(ExecutorService pool, CompletableFuture<T> out, java.util.concurrent.Callable<Optional<T>> work) {
        if (out.isDone()) return;
        java.util.concurrent.Future<?> running;
        try {
            running = pool.submit(() -> {
                if (out.isDone()) return;
                try {
                    work.call().ifPresent(out::complete);
                } catch (Throwable e) {
                    out.completeExceptionally(e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            out.completeExceptionally(new PosternException(ExitCode.SOFTWARE, "postern is closing."));
            return;
        }
        out.whenComplete((v, e) -> {
            if (out.isCancelled()) running.cancel(true);
        });
    }

    private void cacheBody(MessageRef ref, byte[] raw) {
        if (store.envelope(ref).isEmpty()) return;
        store.attachBody(ref, raw);
        store.commit();
        publish(new Event.BodyLoaded(ref));
    }

    /** Lists a raw message's attachments; the app's opens encrypted parts in memory (render.Attachments with its engine). */
    private volatile Function<byte[], List<dev.postern.render.Attachments.Attachment>> attachmentReader =
            dev.postern.render.Attachments::of;

    void setAttachmentReader(Function<byte[], List<dev.postern.render.Attachments.Attachment>> reader) {
        this.attachmentReader = reader;
    }

    /**
     * A message's attachments with their content. From the cached body, or the whole message when it is
     * small enough to fetch whole (and then cached); for a larger one, listed from its text-only form
     * and only the attachment asked for ({@code index}, 1-based; 0 for all) downloaded, part by part,
     * so a thin link pays for exactly what the user chose.
     */
    CompletableFuture<List<dev.postern.render.Attachments.Attachment>> attachments(MessageRef ref, int index) {
        AccountWorker w = worker(ref.account());
        // Which way to go needs the store (the envelope's size, whether the body is cached): decided off the caller's thread.
        CompletableFuture<Boolean> whole = new CompletableFuture<>();
        onPool(storeReads, whole, () -> Optional.of(store.envelope(ref).map(e -> e.cached()).orElse(false)
                || store.envelope(ref).map(Envelope::size).orElse(0L) <= w.account().fetchWholeBelow()));
        AccountTask<List<dev.postern.render.Attachments.Attachment>> out = AccountTask.later();
        return out.completing(whole.thenCompose(fetchWhole -> fetchWhole
                ? out.attach(raw(ref)).thenApplyAsync(attachmentReader, storeReads)
                : out.attach(attachmentsPartly(w, ref, index))));
    }

    private AccountTask<List<dev.postern.render.Attachments.Attachment>> attachmentsPartly(AccountWorker w,
            MessageRef ref, int index) {
        return w.submitInteractive(s -> {
            BodySource bodies = capability(s, BodySource.class, ref.account(), "fetch messages");
            byte[] textOnly = texts.textOnly(bodies, ref);
            if (dev.postern.render.MessageRenderer.needsWholeMessage(textOnly)) {
                // Signed or encrypted: the attachments inside are only found in the whole message, decrypted.
                byte[] raw = bodies.raw(ref);
                cacheBody(ref, raw);
                return attachmentReader.apply(raw);
            }
            List<dev.postern.render.Attachments.Attachment> listed = dev.postern.render.Attachments.of(textOnly);
            List<dev.postern.render.Attachments.Attachment> out = new ArrayList<>();
            for (dev.postern.render.Attachments.Attachment a : listed) {
                boolean wanted = index == 0 || a.part().index() == index;
                if (!wanted || a.content() != null) {
                    out.add(a);
                    continue;
                }
                // Written to its file as it arrives (and kept: a second save downloads nothing), never held whole.
                java.nio.file.Path file = partFiles.fetch(bodies, w.account(), ref, a.part().path());
                if (file == null) {
                    // This protocol cannot fetch one part: fall back to the whole message.
                    byte[] raw = bodies.raw(ref);
                    cacheBody(ref, raw);
                    return attachmentReader.apply(raw);
                }
                dev.postern.model.Part p = a.part();
                out.add(new dev.postern.render.Attachments.Attachment(new dev.postern.model.Part(p.index(), p.path(),
                        p.contentType(), p.filename(), size(file), true), a.rawName(), file));
            }
            return out;
        });
    }

    private static long size(java.nio.file.Path file) {
        try {
            return java.nio.file.Files.size(file);
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    /** Returns at once: the cached body is read on the render pool, a missing one fetched on the account thread. */
    CompletableFuture<byte[]> raw(MessageRef ref) {
        AccountWorker w = worker(ref.account());
        CompletableFuture<BodyMend.Cached> cached = new CompletableFuture<>();
        onPool(storeReads, cached, () -> Optional.of(mend.cached(ref)));
        AccountTask<byte[]> out = AccountTask.later(); // a command's cancel cuts the download, and so does a read's (see read)
        // Async, on the store's pool: a look-up done by the time thenCompose was called ran its function (a store read)
        // on the caller's thread, the reader's (ReadOffTheCallingThreadTest, now and then).
        return out.completing(cached.thenComposeAsync(c -> c.body().isPresent() ? CompletableFuture.completedFuture(c.body().get())
                : c.damaged() ? out.attach(mend.fetchAgain(ref)) : held.whole(ref).isPresent()
                ? CompletableFuture.completedFuture(held.whole(ref).get()) : out.attach(download(w, ref,
                        store.envelope(ref).map(Envelope::size).orElse(0L), out, (s, bodies) -> {
            byte[] raw = bodies.raw(ref);
            cacheBody(ref, raw);
            return raw;
        })), storeReads));
    }

    CompletableFuture<Boolean> markSeen(MessageRef ref) {
        Optional<Envelope> e = store.envelope(ref);
        if (e.isPresent() && e.get().flags().has(Flag.SEEN)) return CompletableFuture.completedFuture(false);
        AccountWorker w = worker(ref.account());
        if (store.isDetached(ref) || !ctx.capabilities(ref.account()).contains(Capability.SERVER_FLAGS)) {
            // Kept locally only, or a POP3 maildrop, which keeps no flags: there is no server copy to mark, and
            // nothing to connect for (a POP3 `read` offline said it could not mark the message read).
            return w.local(() -> {
                try {
                    ctx.actions.setFlagsLocally(ref.account(), ref.folder(), ref.uidValidity(), List.of(ref.uid()), Flag.SEEN, true);
                } catch (RuntimeException failed) {
                    store.rollback();
                    throw failed;
                }
                return false;
            });
        }
        // Its failure is its caller's (the pager, read) to say. A server that cannot be reached (offline, or the link
        // cut) has it set in the store and queued, as the reader's and `flag`'s own changes are (hunt 39-Y, Y12: `read`
        // offline showed the message and dropped its \Seen).
        return ctx.queueable(ref.account(), s -> {
            capability(s, FlagWriter.class, ref.account(), "change flags").setFlag(ref, Flag.SEEN, true);
            store.envelope(ref).ifPresent(env -> store.updateFlags(ref, env.flags().with(Flag.SEEN)));
            store.commit();
            publish(new Event.EnvelopesLoaded(ref.account(), ref.folder(), store.count(ref.account(), ref.folder())));
            return false;
        }, () -> ctx.offline.action(ref.account(), dev.postern.store.PendingAction.Kind.FLAG, ref.folder(), List.of(ref.uid()),
                Flag.SEEN.label(), null, null), queued -> true);
    }
}
