package dev.postern.cli;

import dev.postern.controller.Event;
import dev.postern.controller.MailController;
import dev.postern.model.Envelope;
import dev.postern.render.Sanitizer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * "New mail: 2 in work/INBOX" for the shell. Watches each given account's INBOX with the controller's push
 * (IDLE, else a poll) and counts messages whose UID is above the highest one known before. The first
 * refresh only sets that mark, so a folder synced for the first time is not announced as all new.
 */
final class MailNotices implements AutoCloseable {
    static final String WATCHED = "INBOX";
    /** How many of the newest envelopes are looked at per change. */
    private static final int WINDOW = 200;

    private final MailController controller;
    private final Consumer<String> print;
    /** account -> highest UID seen under that UIDVALIDITY; absent until the first refresh is done. */
    private final Map<String, long[]> marks = new ConcurrentHashMap<>();
    private final AutoCloseable subscription;
    /** The watches asked for, let go at {@link #close} (an owner's controller would otherwise watch for nobody). */
    private final List<MailController.Watching> watching = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean closed;

    MailNotices(MailController controller, Consumer<String> print) {
        this.controller = controller;
        this.print = print;
        this.subscription = controller.subscribe(this::onEvent);
    }

    /** Starts watching: a refresh to set the mark, then the push. */
    void watch(List<String> accounts) {
        for (String a : accounts) {
            controller.refreshFolder(a, WATCHED).whenComplete((n, e) -> {
                synchronized (this) {
                    marks.put(a, mark(a));
                }
                if (closed) return;
                watching.add(controller.watch(a, WATCHED));
                if (closed) watching.forEach(MailController.Watching::close); // closed meanwhile: let go at once
            });
        }
    }

    private synchronized void onEvent(Event e) {
        if (!(e instanceof Event.EnvelopesLoaded el) || !WATCHED.equalsIgnoreCase(el.folder())) return;
        long[] before = marks.get(el.account());
        if (before == null) return;
        long[] now = mark(el.account());
        // An empty folder had no UIDVALIDITY to compare: everything in it now is new.
        boolean same = before[0] == -1 || now[0] == before[0];
        long floor = before[0] == -1 ? 0 : before[1];
        int fresh = 0;
        if (same) {
            for (Envelope env : controller.page(el.account(), WATCHED, 0, WINDOW)) {
                if (env.ref().uidValidity() == now[0] && env.ref().uid() > floor) fresh++;
            }
        }
        // A changed UIDVALIDITY starts over silently: its UIDs say nothing about what is new.
        marks.put(el.account(), same ? new long[] {now[0], Math.max(now[1], floor)} : now);
        if (fresh > 0) print.accept("New mail: " + fresh + " in " + Sanitizer.oneLine(el.account()) + "/" + WATCHED);
    }

    /** {uidValidity, highest UID} of the newest envelopes in the store; {-1, 0} when the folder is empty. */
    private long[] mark(String account) {
        long validity = -1;
        long max = 0;
        for (Envelope env : controller.page(account, WATCHED, 0, WINDOW)) {
            if (validity == -1) validity = env.ref().uidValidity();
            if (env.ref().uidValidity() == validity) max = Math.max(max, env.ref().uid());
        }
        return new long[] {validity, max};
    }

    @Override
    public void close() {
        closed = true;
        watching.forEach(MailController.Watching::close);
        try {
            subscription.close();
        } catch (Exception e) {
            // unsubscribing cannot fail in a way that matters on the way out
        }
    }
}
