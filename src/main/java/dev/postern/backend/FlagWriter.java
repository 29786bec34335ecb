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

    /**
     * Sets a keyword such as {@code $Forwarded} on one message where the folder's PERMANENTFLAGS allow new
     * keywords (or name this one); false, changing nothing, where they do not. Servers without keywords
     * keep this default.
     */
    default boolean addKeyword(String folder, long uidValidity, long uid, String keyword) {
        return false;
    }
}
