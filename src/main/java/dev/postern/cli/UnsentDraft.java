package dev.postern.cli;

import dev.postern.model.PosternException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The text a batch send was given, kept on disk while it is sent (hunt 31, S1/S2): written as the unsent draft
 * ({@link DraftEditing#keep}, owner-only) before postern connects, and removed once the message is accounted for: sent,
 * queued, or recorded in the outbox as perhaps delivered just before its end of data ({@link #drop}, run by the postman).
 * A postern killed with -9 (or a power cut) before the end of data so leaves the draft, and after it the outbox entry
 * marked MAY HAVE BEEN SENT: never nothing, never both. When the draft cannot be written (a full disk), the send goes
 * on and stderr says so; a failure then keeps the text as {@link DraftEditing#keptUnsent} always did. The one path of
 * {@code send}, {@code reply} and {@code forward} (text on stdin, or the editor's), {@link #send}.
 */
final class UnsentDraft {
    private final byte[] text;
    private volatile Path file;
    private final boolean editorFile; // the editor's private temporary file (and its directory), not one in drafts/

    private UnsentDraft(byte[] text, Path file, boolean editorFile) {
        this.text = text;
        this.file = file;
        this.editorFile = editorFile;
    }

    /**
     * Sends what the user wrote, {@code text}, written ahead as the unsent draft: {@code send} is given the callback
     * that drops it once the message is in the outbox before its end of data; sent or queued, it goes; neither, it stays
     * and the sentence names it ({@link #failed}).
     */
    static <T> T sending(PosternCommand root, byte[] text, Function<Runnable, CompletableFuture<T>> send) {
        return write(root, text).send(root, send);
    }

    /** {@code text} written as the unsent draft now (nothing for a blank text); a failure is said on stderr, not fatal. */
    static UnsentDraft write(PosternCommand root, byte[] text) {
        if (text == null || new String(text, StandardCharsets.UTF_8).isBlank()) return new UnsentDraft(text, null, false);
        try {
            return new UnsentDraft(text, DraftEditing.keep(TuiSetup.stateDir(root.env()), text), false);
        } catch (IOException | RuntimeException e) {
            // The reason is a path or the system's words: shown as one line, its control characters made visible.
            root.err().println("postern: your text could not be kept as a draft before sending ("
                    + dev.postern.render.Sanitizer.oneLine(String.valueOf(e.getMessage())) + "); sending it anyway.");
            root.err().flush();
            return new UnsentDraft(text, null, false);
        }
    }

    /**
     * The draft {@code text} the editor left in {@code editorFile} ({@link DraftEditing#write}: in the temporary
     * directory, which a reboot may sweep or a tmpfs lose) moved to the drafts directory as the unsent draft, the
     * editor's file removed; when that cannot be written, the editor's file is the draft.
     */
    static UnsentDraft edited(PosternCommand root, byte[] text, Path editorFile) {
        try {
            Path kept = DraftEditing.keep(TuiSetup.stateDir(root.env()), text);
            DraftEditing.delete(editorFile);
            return new UnsentDraft(text, kept, false);
        } catch (IOException | RuntimeException e) {
            return new UnsentDraft(text, editorFile, true);
        }
    }

    /** Where the draft is now (drafts/, or the editor's file when drafts/ could not be written), or null. */
    Path file() {
        return file;
    }

    /** Whether the text is written ahead in drafts/ (not only in the editor's temporary file, nor nowhere). */
    boolean kept() {
        return file != null && !editorFile;
    }

    /** {@code send} given {@link #drop} as its callback, and its outcome settling the draft as {@link #sending} says. */
    <T> T send(PosternCommand root, Function<Runnable, CompletableFuture<T>> send) {
        T done;
        try {
            done = Futures.await(send.apply(this::drop));
        } catch (PosternException e) {
            throw failed(root, e);
        }
        drop(); // sent, or queued in the outbox
        return done;
    }

    /** The message is accounted for (sent, queued, or in the outbox as perhaps delivered): the draft goes. */
    void drop() {
        Path f = file;
        file = null;
        if (f == null) return;
        if (editorFile) {
            DraftEditing.delete(f);
            return;
        }
        try {
            Files.deleteIfExists(f);
        } catch (IOException ignored) {
            // a leftover draft is the user's text, harmless
        }
    }

    /**
     * The send failed with {@code e}: the draft stays (named in the sentence) when the message was neither sent nor
     * queued, and goes when it may have been sent; as {@link DraftEditing#keptUnsent} says otherwise.
     */
    PosternException failed(PosternCommand root, PosternException e) {
        Path f = file;
        PosternException said = DraftEditing.keptUnsent(root, e, f == null ? text : null, f);
        if (said == e) drop(); // perhaps sent (kept in the outbox as such), or interrupted in another door's wait
        return said;
    }
}
