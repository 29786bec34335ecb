package dev.postern.store;

import dev.postern.model.MessageRef;
import java.util.List;

/**
 * One problem {@code postern store verify} found.
 *
 * @param hash     the body's content hash
 * @param problem  what is wrong, in words
 * @param messages the cached messages that point at this body (their bodies cannot be read until fetched again)
 * @param mendedByFetching whether storing the body again mends it (the body is damaged or missing: opening one of
 *                 {@code messages} or syncing its folder does); false for wrong reference counts and broken tables
 */
public record BlobDamage(String hash, String problem, List<MessageRef> messages, boolean mendedByFetching) {
    public BlobDamage {
        messages = List.copyOf(messages);
    }

    /** Damage that fetching the body again does not mend. */
    public BlobDamage(String hash, String problem, List<MessageRef> messages) {
        this(hash, problem, messages, false);
    }
}
