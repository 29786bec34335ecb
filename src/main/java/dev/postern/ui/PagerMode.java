package dev.postern.ui;

import com.googlecode.lanterna.graphics.TextGraphics;
import dev.postern.controller.MailController;
import dev.postern.model.Envelope;
import dev.postern.model.MessageRef;
import dev.postern.render.RenderedMessage;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The pager as a mode: opens a message (never waiting for its body), scrolls and finds in it, steps to the
 * next or previous one, shows full headers, fetches attachments, the link list, viewer and pipe output,
 * and the split view (index rows above the message). Message actions act on the message shown, and once it
 * is removed the pager moves on ({@link PagerMovesOn}).
 */
final class PagerMode implements Mode {
    /** The split view's index rows when toggled on without pager_index_lines (mutt users often set 6 to 10). */
    static final int SPLIT_DEFAULT_LINES = 6;
    private final MailUi ui;
    private final MailController c;
    private final PagerView pager;
    private final IndexView index;
    private final StatusLine status;
    private final PagerMovesOn movesOn;
    private final LinkList links;
    /** The widest the pager wraps at (0: the terminal's width). */
    private final int pagerWidth;
    /** Index rows above an open message in the split view (mutt's pager_index_lines). */
    private final int splitLines;
    /** Whether the split view is on (pager_index_lines > 0 at start; the toggle-split key flips it). */
    private boolean split;
    /** The message whose attachment's copiousoutput viewer output the pager shows (q goes back to it), or null. */
    private Envelope viewedFrom;

    PagerMode(MailUi ui, MailController c, PagerView pager, IndexView index, StatusLine status, TuiOptions.Layout layout) {
        this.ui = ui;
        this.c = c;
        this.pager = pager;
        this.index = index;
        this.status = status;
        this.movesOn = new PagerMovesOn(ui, c, pager, index);
        this.links = new LinkList(ui, pager, status);
        this.pagerWidth = layout.pagerWidth();
        this.splitLines = layout.pagerIndexLines() > 0 ? layout.pagerIndexLines() : SPLIT_DEFAULT_LINES;
        this.split = layout.pagerIndexLines() > 0;
    }

    void toggleSplit() {
        split = !split;
        status.notice(split ? "Split view: " + splitLines + " index rows above the message." : "Split view off.");
    }

    @Override
    public String keySection() { return KeyMap.PAGER; }

    @Override
    public void command(String command) {
        if (ui.common(command)) return;
        switch (command) {
            case KeyMap.NEXT, KeyMap.OPEN -> pager.scroll(1);
            case KeyMap.PREV -> pager.scroll(-1);
            case KeyMap.PAGE_DOWN -> pager.scroll(pager.pageSize());
            case KeyMap.PAGE_UP -> pager.scroll(-pager.pageSize());
            case KeyMap.FIRST -> pager.top();
            case KeyMap.LAST -> pager.bottom();
            case KeyMap.NEXT_MESSAGE -> stepMessage(1);
            case KeyMap.PREV_MESSAGE -> stepMessage(-1);
            case KeyMap.QUIT, KeyMap.BACK -> {
                pager.leave(); // stops the read and the layout of a message still loading
                ui.show(ui.indexMode());
                Envelope back = links.of() != null ? links.of() : viewedFrom;
                if (back != null) {
                    links.leave();
                    viewedFrom = null;
                    open(back); // from the link list or an attachment's viewer output back to its message
                }
            }
            case KeyMap.SAVE_ATTACHMENT -> ui.attachments().save();
            case KeyMap.OPEN_ATTACHMENT -> ui.attachments().open();
            case KeyMap.FETCH_ATTACHMENTS -> fetchAttachments();
            case KeyMap.TOGGLE_HEADERS -> toggleHeaders();
            case KeyMap.SEARCH -> ui.prompt().start("Find in message: ", this::findInMessage);
            case KeyMap.SEARCH_NEXT -> {
                switch (pager.findNext()) {
                    case WRAPPED -> status.notice("Search wrapped to the top.");
                    case NONE -> status.notice(pager.needle() == null
                            ? "No search yet: " + ui.keyFor(KeyMap.SEARCH) + " searches in the message."
                            : "Not found: " + pager.needle());
                    default -> { }
                }
            }
            case KeyMap.MAIL -> ui.compose().compose(index.account());
            case KeyMap.PIPE, KeyMap.PIPE_DECODED -> {
                if (pager.ref() != null) ui.pipe(List.of(pager.ref()), command.equals(KeyMap.PIPE_DECODED));
            }
            case KeyMap.OPEN_LINK -> links.open();
            case KeyMap.BOUNCE -> {
                if (pager.ref() != null) shownEnvelope().ifPresent(ui::bounce);
            }
            case KeyMap.REPLY, KeyMap.REPLY_ALL, KeyMap.REPLY_LIST, KeyMap.FORWARD -> {
                if (pager.ref() != null) shownEnvelope().ifPresent(e -> ui.compose().answer(command, e));
            }
            default -> {
                // Marks on the message shown (or, after the tag prefix, on the tagged set).
                if (pager.ref() != null && !ui.actions().handle(command, this::shownEnvelope, movesOn::sending)) {
                    NotHere.inPager(ui, command);
                }
            }
        }
    }

    @Override
    public List<MessageRef> targets() {
        return pager.ref() == null ? List.of() : List.of(pager.ref());
    }

    /** A batch move or delete of the message shown moves the pager on, as the built-in d and M do. */
    @Override
    public Runnable removing(List<MessageRef> targets) {
        return movesOn.sending(targets);
    }

    @Override
    public String position() {
        return (index.selected() + 1) + "/" + index.total() + " " + pager.position();
    }

    /** Text that is not a message (a viewer's or a command's output, the link list) in the pager; q goes back to the index. */
    void showText(RenderedMessage text) {
        pager.loading(null, null);
        pager.show(text);
        ui.show(this);
    }

    /** An attachment's copiousoutput viewer printed {@code text}: shown in the pager, q goes back to the message. */
    void showViewerOutput(String title, String text) {
        Envelope from = pager.envelope();
        if (from == null) return;
        viewedFrom = from;
        links.leave();
        showText(new RenderedMessage(List.of(new RenderedMessage.Header("Viewer", title)),
                text.isEmpty() ? "(no output)" : text, List.of(), List.of()));
    }

    private void findInMessage(String text) {
        if (text.isEmpty()) return;
        if (!pager.loaded()) {
            status.notice("The message is still loading.");
            return;
        }
        if (!pager.find(text)) {
            status.notice(pager.complete() ? "Not found: " + text
                    : "Not found so far (the message is still being laid out): " + text);
        }
    }

    /** Full headers need the raw message: read once (from the store when cached), then toggled freely. */
    private void toggleHeaders() {
        if (pager.ref() == null) { // a command's or a viewer's output, the link list: text, not a message
            status.notice("This text is no message; it has no headers.");
            return;
        }
        if (!pager.loaded()) {
            status.notice("The message is still loading.");
            return;
        }
        boolean on = !pager.fullHeaders();
        if (!on || pager.hasRawHeaders()) {
            pager.fullHeaders(on);
            return;
        }
        MessageRef ref = pager.ref();
        CompletableFuture<byte[]> raw0 = c.raw(ref);
        pager.alsoReading(raw0); // a large message's whole download: stopped when it is left, as its text's is
        raw0.whenComplete((raw, err) -> ui.loop().post(() -> {
            if (!ref.equals(pager.ref()) || raw0.isCancelled()) return;
            if (err != null) {
                status.failedOnShown(err, "Reading the headers");
                return;
            }
            pager.rawHeaders(dev.postern.render.RawHeaders.parse(raw));
            pager.fullHeaders(true);
        }));
    }

    /**
     * Downloads the whole message (cached in the store) and renders it again, attachment text included.
     * Only on request: on a thin link the attachments' sizes are shown first.
     */
    private void fetchAttachments() {
        if (!pager.hasUnfetched()) {
            status.notice(pager.loaded() ? "Every attachment is already here." : "The message is still loading.");
            return;
        }
        MessageRef ref = pager.ref();
        status.notice("Downloading attachments…");
        c.raw(ref).thenCompose(raw -> c.read(ref)).whenComplete((msg, err) -> ui.loop().post(() -> {
            if (!ref.equals(pager.ref())) return;
            if (err != null) {
                status.failedOnShown(err, "Downloading the attachments");
                return;
            }
            pager.show(msg);
            status.notice("Attachments downloaded.");
        }));
    }

    /**
     * J/K in the pager. A built order keeps the rows of messages just removed until it is rebuilt in the
     * background: those are stepped over, so the pager never opens a message that is gone.
     */
    private void stepMessage(int delta) {
        // J/K typed while a step is still being read are taken after it, one message each (hunt 43-R, R6: five J moved three).
        if (stepSince != 0 && System.nanoTime() - stepSince < STEP_WAIT_NS) {
            stepsAhead += delta;
            return;
        }
        stepsAhead = 0;
        stepSince = System.nanoTime();
        MessageRef from = pager.ref();
        // The message shown left the store (another client expunged or moved it): the index's cursor stayed on its row,
        // which holds the message that followed it now; J opens that one, not the one after it (hunt 43-R, R1).
        ui.reader().read("pager-step", () -> from != null && c.envelope(from).isEmpty(), gone -> index.step(
                index.selected() + (gone && delta > 0 ? 0 : delta), delta, (target, e) -> {
                    stepSince = 0;
                    int more = stepsAhead;
                    stepsAhead = 0;
                    if (ui.mode() != this || from == null || !from.equals(pager.ref())) return; // the user went elsewhere
                    index.select(target);
                    open(e);
                    if (more == 0) return;
                    stepMessage(Integer.signum(more));
                    stepsAhead += more - Integer.signum(more);
                }, () -> {
                    stepSince = 0;
                    stepsAhead = 0;
                    status.notice(delta > 0 ? "This is the last message." : "This is the first message.");
                }));
    }

    /** How long J/K wait for a step being read before they step on their own (a read the index dropped never answers). */
    private static final long STEP_WAIT_NS = 2_000_000_000L;
    private long stepSince;
    private int stepsAhead;

    /** Opens a message in the pager. Never waits for the body: the reply is posted back, and a reply for a message left meanwhile is dropped. */
    void open(Envelope e) {
        links.leave();
        viewedFrom = null;
        MessageRef ref = e.ref();
        long request = pager.loading(ref, e);
        ui.show(this);
        CompletableFuture<RenderedMessage> read = c.read(ref, preview -> ui.loop().post(() -> {
            if (pager.isCurrent(request)) pager.preview(preview); // attachments' text still being rendered
        }));
        pager.reading(request, read); // cancelled when the user leaves or opens another message first
        read.whenComplete((msg, err) -> ui.loop().post(() -> {
            if (!pager.isCurrent(request)) return;
            if (err != null) {
                if (read.isCancelled()) return;
                String sentence = Errors.sentence(err, "Reading the message");
                pager.failed(sentence);
                status.error(sentence);
                return;
            }
            // Marked read only once the body is really on the terminal, not merely fetched (nor being laid out).
            pager.show(msg, () -> {
                if (ui.mode() == this && pager.isCurrent(request)) markSeen(ref);
            });
            if (pager.fullHeaders()) loadRawHeaders(ref);
        }));
    }

    /** A body on its way ({@link dev.postern.controller.Event.BodyProgress}): how far it got, shown in place of the message while it loads. */
    void progress(dev.postern.controller.Event.BodyProgress p) {
        pager.progress(p.ref(), p.done(), p.total());
    }

    /** With full headers on, the next message opens with its full headers too. */
    private void loadRawHeaders(MessageRef ref) {
        CompletableFuture<byte[]> raw0 = c.raw(ref);
        pager.alsoReading(raw0); // stopped when the message is left
        raw0.whenComplete((raw, err) -> ui.loop().post(() -> {
            if (err == null && ref.equals(pager.ref())) pager.rawHeaders(dev.postern.render.RawHeaders.parse(raw));
        }));
    }

    private void markSeen(MessageRef ref) {
        c.markSeen(ref).whenComplete((v, err) -> ui.loop().post(() -> {
            if (err != null) status.failed(err, "Marking the message read");
            else if (index.isCurrent(ref.account(), ref.folder())) ui.indexMode().stale(false);
        }));
    }

    /**
     * The message in the pager with its flags as the index's snapshot has them now (the snapshot follows
     * flag changes), else as it was opened. Never a store read: toggles on it answer at once.
     */
    private Optional<Envelope> shownEnvelope() {
        MessageRef ref = pager.ref();
        if (ref == null) return Optional.empty();
        Optional<Envelope> e = index.snapshotOf(ref);
        return e.isPresent() ? e : Optional.ofNullable(pager.envelope());
    }

    /**
     * Index rows above the message in the split view: the setting's, but never more than a third of the rows, so
     * the message keeps at least two thirds (at 80x24: 6 index rows, a rule, 15 message rows); 0 when off.
     */
    private int splitRows(int contentRows) {
        if (!split || links.of() != null || viewedFrom != null || pager.ref() == null) return 0;
        int above = Math.min(splitLines, (contentRows - 1) / 3);
        return above >= 1 ? above : 0;
    }

    @Override
    public void draw(TextGraphics g, Palette palette, int w, int contentRows) {
        int above = splitRows(contentRows);
        if (above > 0) {
            index.setRows(above);
            index.draw(g, palette, 0, 0, w, above);
            palette.apply(g, Palette.STATUS);
            Cells.put(g, 0, above, " " + "-".repeat(Math.max(0, w - 2)) + " ", w);
        }
        int row0 = above > 0 ? above + 1 : 0;
        pager.draw(g, palette, 0, row0, pagerWidth > 0 ? Math.min(w, pagerWidth) : w, contentRows - row0);
    }
}
