package dev.postern.controller;

import dev.postern.backend.BodySource;
import dev.postern.model.MessageRef;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The text-only stand-ins ({@link BodySource#textOnly}) of large messages read this session, newest used last, up to
 * {@link #LIMIT} bytes in all. A stand-in is not the message, so the store does not keep it; without this, every open
 * of a message above fetch_whole_below downloaded its text again (hunt 38-L, L2: 2 MB, two minutes on a thin link, at
 * each open), and a download the reader left before it ended was thrown away (since hunt 38-L, L1, one left with
 * much still to come is cut off instead, and one nearly over is let finish and kept here). A UID's message never
 * changes under its UIDVALIDITY, which the {@link MessageRef} carries, so a kept stand-in is never stale.
 */
final class TextOnlyCache {
    static final long LIMIT = 64L << 20;

    private final LinkedHashMap<MessageRef, byte[]> texts = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

    /** The stand-in kept for {@code ref}, or null. */
    synchronized byte[] get(MessageRef ref) {
        return texts.get(ref);
    }

    /** The stand-in of {@code ref}: the kept one, else read with {@code bodies} and kept. */
    byte[] textOnly(BodySource bodies, MessageRef ref) {
        byte[] kept = get(ref);
        if (kept != null) return kept;
        byte[] text = bodies.textOnly(ref);
        put(ref, text);
        return text;
    }

    synchronized void put(MessageRef ref, byte[] text) {
        if (text.length > LIMIT) return;
        byte[] old = texts.put(ref, text);
        bytes += text.length - (old == null ? 0 : old.length);
        for (Iterator<Map.Entry<MessageRef, byte[]>> it = texts.entrySet().iterator(); bytes > LIMIT && it.hasNext(); ) {
            bytes -= it.next().getValue().length;
            it.remove();
        }
    }
}
