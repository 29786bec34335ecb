package dev.postern.store;

import dev.postern.model.Envelope;
import dev.postern.model.Flag;
import dev.postern.model.Flags;
import dev.postern.model.MessageRef;
import java.time.Instant;
import java.util.List;

/** Small envelopes for store tests; only the fields a test varies are parameters. */
final class TestEnvelopes {
    private TestEnvelopes() {}

    static MessageRef ref(String account, String folder, long uidValidity, long uid) {
        return new MessageRef(account, folder, uidValidity, uid);
    }

    static Envelope envelope(MessageRef ref, Instant date, boolean seen) {
        return new Envelope(ref, "<" + ref.uid() + "@" + ref.folder() + ">", date, "Alice <a@example.org>",
                List.of("bob@example.org"), List.of(), "Subject " + ref.uid(), 1000 + ref.uid(),
                seen ? Flags.of(Flag.SEEN) : Flags.NONE, null, List.of(), null);
    }

    static Envelope envelope(String account, String folder, long uidValidity, long uid, long epochSecond, boolean seen) {
        return envelope(ref(account, folder, uidValidity, uid), Instant.ofEpochSecond(epochSecond), seen);
    }
}
