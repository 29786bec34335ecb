package dev.postern.controller;

import dev.postern.model.MessageRef;
import dev.postern.render.RenderedMessage;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The bytes of the messages in hand: each message rendered for reading keeps the bytes it was rendered from for as long
 * as its {@link RenderedMessage} is reachable (a reader's pager showing it holds it), so a message another client moved
 * or expunged meanwhile, whose envelope and body the next sync took out of the store, can still be replied to,
 * forwarded, bounced, piped or saved from the reader that shows it (hunt 39-Y, Y4: "there is no message with UID N"
 * with the message on the screen). Nothing is copied: the bytes are those the render read. A UID names one message for
 * good within its UIDVALIDITY, so bytes held for a ref are never stale. Thread-safe.
 */
final class HeldBodies {
    /** One message in hand: the bytes, whether they are the whole message (not a large one's text only), and its text. */
    private record Held(MessageRef ref, byte[] raw, boolean whole, WeakReference<RenderedMessage> shown) {}

    private final List<Held> held = new ArrayList<>();

    /** {@code text} was rendered from {@code raw}: the bytes stay while {@code text} is reachable. */
    synchronized void keep(MessageRef ref, byte[] raw, boolean whole, RenderedMessage text) {
        prune();
        held.add(new Held(ref, raw, whole, new WeakReference<>(text)));
    }

    /** The whole message {@code ref} while its text is in hand, else empty. */
    synchronized Optional<byte[]> whole(MessageRef ref) {
        return find(ref, true);
    }

    /** The bytes {@code ref} was rendered from (a large message's text only, perhaps) while in hand, else empty. */
    synchronized Optional<byte[]> any(MessageRef ref) {
        return find(ref, false);
    }

    /** The ref in hand of UID {@code uid} in {@code folder} under {@code uidValidity} (any, when null). */
    synchronized Optional<MessageRef> ref(String account, String folder, long uid, Long uidValidity) {
        prune();
        for (Held h : held) {
            MessageRef r = h.ref();
            if (r.uid() == uid && r.account().equals(account) && r.folder().equals(folder)
                    && (uidValidity == null || r.uidValidity() == uidValidity)) return Optional.of(r);
        }
        return Optional.empty();
    }

    private Optional<byte[]> find(MessageRef ref, boolean wholeOnly) {
        prune();
        for (int i = held.size() - 1; i >= 0; i--) {
            Held h = held.get(i);
            if (h.ref().equals(ref) && (h.whole() || !wholeOnly)) return Optional.of(h.raw());
        }
        return Optional.empty();
    }

    /** Drops the bytes whose text nobody holds any more. */
    private void prune() {
        for (Iterator<Held> it = held.iterator(); it.hasNext(); ) if (it.next().shown().get() == null) it.remove();
    }
}
