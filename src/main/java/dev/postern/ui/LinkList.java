package dev.postern.ui;

import dev.postern.model.Envelope;
import dev.postern.render.RenderedMessage;
import dev.postern.render.Sanitizer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The pager's open-link key (mutt's urlview): the message's links listed in the pager, numbered; the number
 * typed opens that one with {@code $BROWSER}, which gets the terminal until it exits (a text browser runs
 * in it; a graphical one returns at once). q on the list goes back to the message ({@link PagerMode}). A link that
 * is not a web or mail address is listed with why it is not opened, and choosing it only says so ({@link
 * Links#refusal}).
 */
final class LinkList {
    private final MailUi ui;
    private final PagerView pager;
    private final StatusLine status;
    /** The message whose link list the pager shows (q goes back to it), or null. */
    private Envelope of;
    private List<String> shown = List.of();

    /** Where the links are found: a thread of their own, never the UI thread. */
    private static final Executor FINDER = r -> {
        Thread t = new Thread(r, "postern-links");
        t.setDaemon(true);
        t.start();
    };

    LinkList(MailUi ui, PagerView pager, StatusLine status) {
        this.ui = ui;
        this.pager = pager;
        this.status = status;
    }

    /** The message whose links are listed, or null when the pager shows no link list. */
    Envelope of() { return of; }

    /** The pager shows something else now: a list still being made for it is dropped. */
    void leave() {
        of = null;
        making = null;
    }

    /** The list being made off the UI thread for the message shown (null when none): only its answer is taken. */
    private CompletableFuture<List<String>> making;

    /**
     * U: the message's links. They are found off the UI thread (a scan of a body of up to the render's budget, 2
     * million characters): the reader answers q and Ctrl-C while the list is made, and the answer is dropped when
     * the user has left the message meanwhile.
     */
    void open() {
        if (of != null && pager.ref() == null) { // on the list: again its prompt
            offer(shown);
            return;
        }
        RenderedMessage m = pager.message();
        if (m == null) {
            status.notice("The message is still loading.");
            return;
        }
        long request = pager.request();
        CompletableFuture<List<String>> made = CompletableFuture.supplyAsync(() -> Links.of(m), FINDER);
        making = made;
        made.whenComplete((links, err) -> ui.loop().post(() -> {
            if (making != made || !pager.isCurrent(request) || pager.message() != m || ui.mode() != ui.pagerMode()) return;
            making = null;
            if (err != null) {
                status.failed(err, "Listing the links");
                return;
            }
            listed(links);
        }));
    }

    /** UI thread: the links of the message shown, made. */
    private void listed(List<String> links) {
        if (links.isEmpty()) {
            status.notice("This message has no links.");
            return;
        }
        if (pager.envelope() != null) {
            of = pager.envelope();
            shown = links;
            StringBuilder body = new StringBuilder();
            for (int i = 0; i < links.size(); i++) {
                body.append('[').append(i + 1).append("] ").append(links.get(i));
                String refusal = Links.refusal(links.get(i));
                if (refusal != null) body.append("  (not opened: ").append(refusal).append(')');
                body.append('\n');
            }
            pager.loading(null, null);
            pager.show(new RenderedMessage(List.of(new RenderedMessage.Header("Links",
                    String.valueOf(links.size()))), body.toString(), List.of(), List.of()));
        }
        offer(links);
    }

    private void offer(List<String> links) {
        int n = links.size();
        ui.prompt().start("Open link " + (n == 1 ? "1" : "1-" + n) + " (Enter: 1): ", answer -> {
            String t = answer.strip();
            int k;
            try {
                k = t.isEmpty() ? 1 : Integer.parseInt(t);
            } catch (NumberFormatException e) {
                status.error("Type a link's number, 1 to " + n + ".");
                return;
            }
            if (k < 1 || k > n) {
                status.error("There is no link " + k + "; they are numbered 1 to " + n + ".");
                return;
            }
            browse(links.get(k - 1), k);
        });
    }

    private void browse(String url, int k) {
        String refusal = Links.refusal(url);
        if (refusal != null) { // the target the sender wrote, whatever the label said: never handed to a browser
            status.error("Link " + k + " not opened: it is " + Sanitizer.oneLine(refusal)
                    + "; postern opens only http, https, ftp and mailto links.");
            return;
        }
        ReaderTerminal terminal = ui.loop().terminal();
        List<String> argv = Links.command(terminal.served() ? terminal.environment() : Links.environment.get(), url);
        int[] exit = {-1};
        String[] failure = {null};
        try {
            exit[0] = ui.loop().runAtTerminal(argv);
        } catch (java.io.IOException e) {
            failure[0] = e.getMessage();
        }
        if (failure[0] != null) status.error(Sanitizer.oneLine(dev.postern.model.ProgramStart.sentence("The browser", argv.get(0),
                failure[0], "set $BROWSER to the program that opens links (link " + k + " is not opened)")));
        else if (exit[0] != 0) status.error(Sanitizer.oneLine(argv.get(0)) + " exited with status " + exit[0] + " for link " + k + ".");
        else status.notice("Opened link " + k + ": " + Sanitizer.oneLine(url));
    }
}
