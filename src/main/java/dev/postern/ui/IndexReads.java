package dev.postern.ui;

import dev.postern.controller.MailController;
import dev.postern.model.Envelope;
import dev.postern.model.MessageRef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the index reads from the store, on the screen's read thread ({@link StoreReader}): a page of rows and
 * the folder's count, a built order's visible rows re-read, where the cursor's message went after a change,
 * the next message still there, and the subject search. Each is a plain function of the controller's store
 * reads; {@link IndexView} asks for them and applies the answers on the UI thread.
 */
final class IndexReads {
    private final dev.postern.controller.Reading c;

    IndexReads(dev.postern.controller.Reading c) {
        this.c = c;
    }

    /** Envelopes re-read for a built order's visible rows. */
    record Fresh(List<MessageRef> asked, List<Envelope> envelopes, Set<MessageRef> local) {}

    /** One read of the store for the paged view: its count and {@code n} rows from {@code from}. */
    /** {@code listed}: the folder was listed from the server at least once (an empty one is empty, not unknown). */
    record Page(int total, int from, List<Envelope> rows, Set<MessageRef> local, boolean listed) {}

    /** Where the cursor goes after a reload of the paged view. */
    record Reloaded(Page page, int selected, int top) {}

    Fresh fresh(List<MessageRef> refs) {
        List<Envelope> out = new ArrayList<>();
        Set<MessageRef> local = new HashSet<>();
        for (MessageRef ref : refs) {
            c.envelope(ref).ifPresent(out::add);
            if (c.localOnly(ref)) local.add(ref);
        }
        return new Fresh(refs, out, local);
    }

    Page page(String a, String f, int from, int n) {
        int count = c.count(a, f);
        int start = Math.max(0, Math.min(from, Math.max(0, count - n)));
        List<Envelope> rs = count == 0 ? List.of() : c.page(a, f, start, n);
        Set<MessageRef> local = new HashSet<>();
        for (Envelope e : rs) if (c.localOnly(e.ref())) local.add(e.ref());
        return new Page(count, start, rs, local, count > 0 || listed(a, f));
    }

    /** Whether the store holds a listing of {@code f} (hunt32-V G1: a folder never listed is not "(no messages)"). */
    private boolean listed(String a, String f) {
        if (dev.postern.controller.MailController.UNIFIED.equals(a) || c.isAllInboxes(f)) return true;
        dev.postern.controller.FolderKnowledge.State st = c.folderKnowledge(a, f);
        return st.pop3() || st.kind() == dev.postern.controller.FolderKnowledge.Kind.SYNCED
                || st.kind() == dev.postern.controller.FolderKnowledge.Kind.MISSING;
    }

    /**
     * The folder changed: its count and window read again, the cursor kept on {@code was}. A list shown from its
     * first row keeps showing it (new mail at the top is seen); a list scrolled down keeps the cursor's message
     * on the same screen row.
     */
    Reloaded reloaded(String a, String f, MessageRef was, int oldSelected, int oldTop, int screenRow, int oldTotal, int n) {
        int count = c.count(a, f);
        int target = Math.max(0, Math.min(oldSelected, count - 1));
        if (was != null && count > 0) {
            int found = locate(a, f, was, oldSelected, count - oldTotal, count, n);
            if (found >= 0) target = found;
        }
        int newTop = oldTop == 0 ? 0 : target - screenRow;
        if (target < newTop) newTop = target;
        if (target >= newTop + n) newTop = target - n + 1;
        newTop = Math.max(0, Math.min(newTop, Math.max(0, count - n)));
        return new Reloaded(page(a, f, newTop, n), target, newTop);
    }

    /** Where {@code ref} is now, looking only near where it was (small reads); -1 if not found. */
    private int locate(String a, String f, MessageRef ref, int oldIndex, int growth, int count, int n) {
        if (growth > 0) {
            int guess = oldIndex + growth;
            List<Envelope> one = guess < count ? c.page(a, f, guess, 1) : List.of();
            if (!one.isEmpty() && one.get(0).ref().equals(ref)) return guess;
        }
        return near(a, f, ref, Math.max(0, oldIndex - n), 2 * n);
    }

    /** The row of {@code ref} among the {@code n} rows from {@code from}; -1 if not there. */
    int near(String a, String f, MessageRef ref, int from, int n) {
        List<Envelope> near = c.page(a, f, from, n);
        for (int i = 0; i < near.size(); i++) if (near.get(i).ref().equals(ref)) return from + i;
        return -1;
    }

    /** The first of a built order's rows {@code at} whose message is still in the store: {row, envelope}, or null. */
    Object[] firstStillThere(List<Integer> at, List<MessageRef> refs) {
        for (int k = 0; k < refs.size(); k++) {
            Optional<Envelope> e = c.envelope(refs.get(k));
            if (e.isPresent()) return new Object[] {at.get(k), e.get()};
        }
        return null;
    }

    /** The paged view's row {@code i}, or null. */
    Envelope rowAt(String a, String f, int i) {
        List<Envelope> one = c.page(a, f, i, 1);
        return one.isEmpty() ? null : one.get(0);
    }

    /**
     * The first row from {@code start} on (wrapping) whose subject contains {@code n} (folded, {@link dev.postern.model.TextFold}), in the built
     * order's rows {@code ordered} or else the store's pages; at most {@code budget} rows looked at; -1 if none.
     */
    int search(List<Envelope> ordered, String a, String f, int count, int start, int budget, String n) {
        int scanned = 0;
        int pos = start;
        while (scanned < budget) {
            int limit = Math.min(IndexView.SEARCH_CHUNK, Math.min(count - pos, budget - scanned));
            List<Envelope> chunk = ordered != null ? ordered.subList(pos, pos + limit) : c.page(a, f, pos, limit);
            for (int i = 0; i < chunk.size(); i++) {
                if (dev.postern.model.TextFold.fold(chunk.get(i).subject()).contains(n)) return pos + i;
            }
            scanned += limit;
            pos = (pos + limit) % count; // reaching the end wraps to the newest message
        }
        return -1;
    }
}
