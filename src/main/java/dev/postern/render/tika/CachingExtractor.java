package dev.postern.render.tika;

import dev.postern.render.AttachmentTextExtractor;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Remembers extracted text by the SHA-256 of the attachment's bytes. Time-outs, "too large" and an
 * unavailable reader are not remembered (a loaded machine or a later, larger cap may do better); parse failures are, so a hostile
 * attachment is parsed once, not on every opening.
 */
public final class CachingExtractor implements AttachmentTextExtractor {
    /** Bump when extraction changes in a way that makes old entries wrong. */
    static final String VERSION = "tika-text-1";

    public interface Cache {
        Optional<byte[]> get(String key);

        void put(String key, byte[] value);
    }

    private final AttachmentTextExtractor delegate;
    private final Cache cache;
    private final String settings;
    private final boolean keepDecrypted;

    /** @param settings whatever else changes the result (the output cap), part of every key */
    public CachingExtractor(AttachmentTextExtractor delegate, Cache cache, String settings) {
        this(delegate, cache, settings, false);
    }

    /** @param keepDecrypted the user set {@code store_decrypted = true}: text of decrypted attachments is cached too */
    public CachingExtractor(AttachmentTextExtractor delegate, Cache cache, String settings, boolean keepDecrypted) {
        this.delegate = delegate;
        this.cache = cache;
        this.settings = settings;
        this.keepDecrypted = keepDecrypted;
    }

    /** Decrypted attachments' text is not kept in the cache (in clear, on disk) unless the user asked for it. */
    @Override
    public AttachmentTextExtractor privately() {
        return keepDecrypted ? this : delegate.privately();
    }

    @Override
    public Extraction extract(byte[] content, String type) {
        String key = VERSION + "/" + settings + "/" + type + "/" + sha256(content);
        Optional<Extraction> hit = cache.get(key).flatMap(CachingExtractor::decode);
        if (hit.isPresent()) return hit.get();
        Extraction x = delegate.extract(content, type);
        if (x.status() != Status.TIMEOUT && x.status() != Status.TOO_LARGE && x.status() != Status.UNAVAILABLE) {
            try {
                cache.put(key, encode(x));
            } catch (RuntimeException e) {
                // A cache that cannot be written costs speed, never the text.
                org.slf4j.LoggerFactory.getLogger(CachingExtractor.class).warn("could not cache attachment text", e);
            }
        }
        return x;
    }

    static byte[] encode(Extraction x) {
        byte[] text = x.text().getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[text.length + 1];
        out[0] = (byte) x.status().ordinal();
        System.arraycopy(text, 0, out, 1, text.length);
        return out;
    }

    static Optional<Extraction> decode(byte[] b) {
        if (b.length == 0 || b[0] < 0 || b[0] >= Status.values().length) return Optional.empty();
        return Optional.of(new Extraction(Status.values()[b[0]], new String(b, 1, b.length - 1, StandardCharsets.UTF_8)));
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
