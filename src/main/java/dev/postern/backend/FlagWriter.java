package dev.postern.backend;

import dev.postern.model.Flag;
import dev.postern.model.MessageRef;
import java.util.Collection;

/** Changes flags on the server. */
public interface FlagWriter {
    void setFlag(MessageRef ref, Flag flag, boolean on);

    /**
     * Sets or clears one flag on many messages of a folder; same UIDVALIDITY and missing-UID rules as
     * {@link Mover}. Servers with a bulk command should override this one-by-one default.
     */
    default void setFlags(String folder, long uidValidity, Collection<Long> uids, Flag flag, boolean on) {
        for (long uid : uids) setFlag(new dev.postern.model.MessageRef("?", folder, uidValidity, uid), flag, on);
    }
}
