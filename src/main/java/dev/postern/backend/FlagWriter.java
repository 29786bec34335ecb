package dev.postern.backend;

import dev.postern.model.Flag;
import dev.postern.model.MessageRef;

/** Changes flags on the server. */
public interface FlagWriter {
    void setFlag(MessageRef ref, Flag flag, boolean on);
}
