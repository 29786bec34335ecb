package dev.postern.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.postern.model.Envelope;
import dev.postern.model.Flags;
import dev.postern.model.MessageRef;
import dev.postern.store.FolderState;
import dev.postern.store.MapDbStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The k-way merge behind "All Inboxes", checked page by page against a plain sort of everything. */
class UnifiedInboxTest {
    @TempDir Path dir;

    private static final List<String> ACCOUNTS = List.of("home", "work", "empty", "old");

    /** Random dates on a coarse grid (many ties), some undated; "empty" has none; sizes straddle the window. */
    private static List<Envelope> seed(MapDbStore store, long seed) {
        Random r = new Random(seed);
        int[] sizes = {347, 129, 0, 65};
        List<Envelope> all = new ArrayList<>();
        for (int a = 0; a < ACCOUNTS.size(); a++) {
            String acct = ACCOUNTS.get(a);
            long uidValidity = a + 1;
            List<Envelope> mine = new ArrayList<>();
            for (int uid = 1; uid <= sizes[a]; uid++) {
                Instant date = r.nextInt(20) == 0 ? null
                        : Instant.parse("2026-01-01T00:00:00Z").plusSeconds(3600L * r.nextInt(200));
                mine.add(envelope(acct, uidValidity, uid, date));
            }
            store.putFolderState(acct, "INBOX", new FolderState(uidValidity, sizes[a] + 1, 0, 0));
            store.putEnvelopes(mine);
            all.addAll(mine);
        }
        store.commit();
        all.sort(Comparator.comparing((Envelope e) -> e.date() == null ? Instant.MIN : e.date()).reversed()
                .thenComparing(Comparator.comparingLong((Envelope e) -> e.ref().uid()).reversed())
                .thenComparing(e -> ACCOUNTS.indexOf(e.ref().account())));
        return all;
    }

    private static Envelope envelope(String acct, long uidValidity, long uid, Instant date) {
        return new Envelope(new MessageRef(acct, "INBOX", uidValidity, uid), "<" + acct + uid + "@x>", date,
                "s@x", List.of(), List.of(), acct + " " + uid, 10, Flags.NONE, null, List.of(), null);
    }

    @Test
    void everyPageEqualsTheSameSliceOfOneSortedList() {
        try (MapDbStore store = MapDbStore.open(dir)) {
            List<Envelope> all = seed(store, 42);
            UnifiedInbox u = new UnifiedInbox(store, ACCOUNTS);
            assertEquals(all.size(), u.count());
            // Forward in pages of several sizes, then backward and at random: checkpoints must not skew it.
            for (int limit : new int[] {1, 7, 65, 1000}) {
                for (int off = 0; off < all.size(); off += limit) {
                    assertEquals(refs(all.subList(off, Math.min(all.size(), off + limit))), refs(u.page(off, limit)),
                            "page at " + off + " of " + limit);
                }
            }
            for (int off = all.size() - 1; off >= 0; off -= 13) {
                assertEquals(refs(all.subList(off, Math.min(all.size(), off + 13))), refs(u.page(off, 13)),
                        "backward at " + off);
            }
            Random r = new Random(7);
            for (int i = 0; i < 60; i++) {
                int off = r.nextInt(all.size() + 5);
                int limit = r.nextInt(120);
                List<Envelope> want = off >= all.size() ? List.of() : all.subList(off, Math.min(all.size(), off + limit));
                assertEquals(refs(want), refs(u.page(off, limit)), "random page at " + off + " of " + limit);
            }
        }
    }

    @Test
    void aChangedMemberIsMergedAfreshEvenWithoutAnEvent() {
        try (MapDbStore store = MapDbStore.open(dir)) {
            List<Envelope> all = new ArrayList<>(seed(store, 3));
            UnifiedInbox u = new UnifiedInbox(store, ACCOUNTS);
            assertEquals(refs(all.subList(100, 150)), refs(u.page(100, 50)));
            Envelope newest = envelope("work", 2, 1000, Instant.parse("2030-01-01T00:00:00Z"));
            store.putEnvelopes(List.of(newest));
            store.commit();
            all.add(0, newest);
            assertEquals(refs(all.subList(100, 150)), refs(u.page(100, 50)), "counts changed: old checkpoints dropped");
            assertEquals(refs(all.subList(0, 3)), refs(u.page(0, 3)));
        }
    }

    private static List<MessageRef> refs(List<Envelope> es) {
        return es.stream().map(Envelope::ref).toList();
    }
}
