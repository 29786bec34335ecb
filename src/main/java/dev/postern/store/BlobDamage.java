package dev.postern.store;

import dev.postern.model.MessageRef;
import java.util.List;

/**
 * One problem {@code postern store verify} found.
 *
 * @param hash     the body's content hash
 * @param problem  what is wrong, in words
 * @param messages the cached messages that point at this body (their bodies cannot be read until fetched again)
 */
public record BlobDamage(String hash, String problem, List<MessageRef> messages) {
    public BlobDamage {
        messages = List.copyOf(messages);
    }
}
