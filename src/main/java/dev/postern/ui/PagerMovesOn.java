package dev.postern.ui;

import dev.postern.controller.MailController;
import dev.postern.model.Envelope;
import dev.postern.model.MessageRef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A delete or move of the message in the pager: the pager moves on the way mutt does, to the next message not
 * removed, else the previous one, else back to the index. The neighbours are found before the removal is
 * sent (in the index's arrangement, or the store's pages read off the UI thread), and looked up once it has
 * landed (store reads, off the UI thread too).
 */
final class PagerMovesOn {
    private final MailUi ui;
    private final dev.postern.controller.Reading c;
    private final PagerView pager;
    private final IndexView index;

    PagerMovesOn(MailUi ui, dev.postern.controller.Reading c, PagerView pager, IndexView index) {
        this.ui = ui;
        this.c = c;
        this.pager = pager;
        this.index = index;
    }

    /**
     * A delete or move from the pager is about to be sent: remembers, in the index's current arrangement,
     * the rows after and before the message shown; returns what to run once the removal succeeded.
     */
    Runnable sending(List<MessageRef> removed) {
        MessageRef shown = pager.ref();
        if (shown == null || !removed.contains(shown)) return () -> { };
        Set<MessageRef> gone = new HashSet<>(removed);
        List<MessageRef> after = new ArrayList<>();
        List<MessageRef> before = new ArrayList<>();
        boolean onShown = index.envelopeAt(index.selected()).map(e -> e.ref().equals(shown)).orElse(false)
                || index.selectRef(shown, 0);
        if (!onShown) return () -> removed(shown, gone, after, before);
        // One more row than could be removed on each side finds a survivor when there is one.
        int reach = Math.min(gone.size() + 1, 1_000);
        int at = index.selected();
        if (index.usesOrder()) {
            for (int i = at + 1; i < index.total() && after.size() < reach; i++) index.envelopeAt(i).ifPresent(e -> after.add(e.ref()));
            for (int i = at - 1; i >= 0 && before.size() < reach; i--) index.envelopeAt(i).ifPresent(e -> before.add(e.ref()));
            return () -> removed(shown, gone, after, before);
        }
        // The store's pages, read off the UI thread, sent before the removal is: rows before the shown one
        // stay where they are, and reading from its row on finds the rows after it whether or not the
        // removal has landed yet (the removed ones are skipped below).
        String account = index.account();
        String folder = index.folder();
        CompletableFuture<List<List<MessageRef>>> neighbours = ui.reader().submit(() -> {
            List<MessageRef> a = new ArrayList<>();
            List<MessageRef> b = new ArrayList<>();
            for (Envelope e : c.page(account, folder, at, reach + 1)) if (!e.ref().equals(shown)) a.add(e.ref());
            int from = Math.max(0, at - reach);
            List<Envelope> earlier = c.page(account, folder, from, at - from);
            for (int i = earlier.size() - 1; i >= 0; i--) b.add(earlier.get(i).ref());
            return List.of(a, b);
        });
        return () -> neighbours.whenComplete((n, err) -> ui.loop().post(() -> {
            if (err == null) {
                after.addAll(n.get(0));
                before.addAll(n.get(1));
            }
            removed(shown, gone, after, before);
        }));
    }

    /** The removal succeeded (the store no longer has the messages): the pager never stays on one of them. */
    private void removed(MessageRef shown, Set<MessageRef> gone, List<MessageRef> after, List<MessageRef> before) {
        ui.indexMode().stale(false);
        if (!shown.equals(pager.ref())) return; // left meanwhile
        List<MessageRef> candidates = new ArrayList<>(after);
        candidates.addAll(before);
        candidates.removeAll(gone);
        // Whether the shown message is really gone and which candidate survives: store reads, off the UI thread.
        ui.reader().read("pager-moves-on", () -> {
            if (c.envelope(shown).isPresent()) return Optional.<Optional<Envelope>>empty(); // still there
            for (MessageRef next : candidates) {
                Optional<Envelope> e = c.envelope(next);
                if (e.isPresent()) return Optional.of(e);
            }
            return Optional.of(Optional.<Envelope>empty());
        }, answer -> {
            if (answer.isEmpty() || !shown.equals(pager.ref())) return;
            PagerMode pagerMode = ui.pagerMode();
            HelpMode help = ui.helpMode();
            boolean helpOpen = ui.mode() == help;
            boolean inPager = ui.mode() == pagerMode || (helpOpen && help.under() == pagerMode);
            if (!inPager) return; // the index shows the change on its own
            Optional<Envelope> next = answer.get();
            if (next.isPresent()) {
                index.selectRef(next.get().ref(), gone.size());
                pagerMode.open(next.get());
                if (helpOpen) ui.show(help); // the help screen stays; closing it shows the next message
                return;
            }
            // Nothing left to show: back to the index (a late reply for the removed message is dropped).
            pager.loading(null, null);
            if (ui.mode() == pagerMode) ui.show(ui.indexMode());
            if (helpOpen) help.under(ui.indexMode());
        });
    }
}
