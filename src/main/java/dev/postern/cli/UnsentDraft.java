package dev.postern.cli;

import dev.postern.model.PosternException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The text a batch send was given, kept on disk while it is sent (hunt 31, S1/S2): written as the unsent draft
 * ({@link DraftEditing#keep}, owner-only) before postern connects, and removed once the message is accounted for: sent,
 * queued, or recorded in the outbox as perhaps delivered just before its end of data ({@link #drop}, run by the postman).
 * A postern killed with -9 (or a power cut) before the end of data so leaves the draft, and after it the outbox entry
 * marked MAY HAVE BEEN SENT: never nothing, never both. When the draft cannot be written (a full disk), the send goes
 * on and stderr says so; a failure then keeps the text as {@link DraftEditing#keptUnsent} always did.
 */
final class UnsentDraft {
    private final byte[] text;
    private volatile Path file;

    private UnsentDraft(byte[] text, Path file) {
        this.text = text;
        this.file = file;
    }

    /** {@code text} written as the unsent draft now (nothing for a blank text); a failure is said on stderr, not fatal. */
    static UnsentDraft write(PosternCommand root, byte[] text) {
        if (text == null || new String(text, StandardCharsets.UTF_8).isBlank()) return new UnsentDraft(text, null);
        try {
            return new UnsentDraft(text, DraftEditing.keep(TuiSetup.stateDir(root.env()), text));
        } catch (IOException | RuntimeException e) {
            // The reason is a path or the system's words: shown as one line, its control characters made visible.
            root.err().println("postern: your text could not be kept as a draft before sending ("
                    + dev.postern.render.Sanitizer.oneLine(String.valueOf(e.getMessage())) + "); sending it anyway.");
            root.err().flush();
            return new UnsentDraft(text, null);
        }
    }

    /** The message is accounted for (sent, queued, or in the outbox as perhaps delivered): the draft goes. */
    void drop() {
        Path f = file;
        file = null;
        if (f == null) return;
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
