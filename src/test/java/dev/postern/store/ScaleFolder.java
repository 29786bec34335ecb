package dev.postern.store;

import dev.postern.model.Envelope;
import dev.postern.model.Flag;
import dev.postern.model.Flags;
import dev.postern.model.MessageRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A large synthetic folder shared by the scale test and the bench. UIDs arrive in ascending order but
 * dates are shuffled by a fixed permutation, so the date index really has to sort; every 1000th message
 * has no date.
 */
final class ScaleFolder {
    static final String ACCOUNT = "scale";
    static final String FOLDER = "INBOX";
    static final long UID_VALIDITY = 1234;
    static final long BASE_SECOND = 1_600_000_000L;

    private ScaleFolder() {}

    /** Seconds after BASE_SECOND for the message with this uid; a bijection on [1, n] when n is 100,000. */
    static long dateOffset(long uid, int n) {
        return (uid * 7919L) % n;
    }

    static boolean undated(long uid) {
        return uid % 1000 == 0;
    }

    static Envelope envelope(long uid, int n) {
        MessageRef ref = new MessageRef(ACCOUNT, FOLDER, UID_VALIDITY, uid);
        Instant date = undated(uid) ? null : Instant.ofEpochSecond(BASE_SECOND + dateOffset(uid, n));
        return new Envelope(ref, "<" + uid + "@scale.example>", date, "Sender " + (uid % 97) + " <s@example.org>",
                List.of("me@example.org"), List.of(), "Message number " + uid + " about things", 2000 + uid % 5000,
                uid % 4 == 0 ? Flags.NONE : Flags.of(Flag.SEEN), null, List.of(), null);
    }

    /** Inserts n envelopes, committing every batch so the write-ahead log stays small. */
    static void fill(MailStore store, int n, int batch) {
        store.putFolderState(ACCOUNT, FOLDER, new FolderState(UID_VALIDITY, n + 1, 0, 0));
        List<Envelope> envelopes = new ArrayList<>(batch);
        for (long uid = 1; uid <= n; uid++) {
            envelopes.add(envelope(uid, n));
            if (envelopes.size() == batch || uid == n) {
                store.putEnvelopes(envelopes);
                store.commit();
                envelopes.clear();
            }
        }
    }

    /** The expected newest-first UID order, computed independently of the store. */
    static List<Long> expectedOrder(int n) {
        List<Long> uids = new ArrayList<>(n);
        for (long uid = 1; uid <= n; uid++) uids.add(uid);
        uids.sort((a, b) -> {
            boolean ua = undated(a);
            boolean ub = undated(b);
            if (ua != ub) return ua ? 1 : -1;
            if (!ua) {
                int byDate = Long.compare(dateOffset(b, n), dateOffset(a, n));
                if (byDate != 0) return byDate;
            }
            return Long.compare(b, a);
        });
        return uids;
    }
}
