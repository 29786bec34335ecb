package dev.postern.ui;

import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.TextGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.screen.Screen;
import dev.postern.controller.ConnectionState;
import dev.postern.controller.Event;
import dev.postern.controller.MailController;
import dev.postern.model.Envelope;
import dev.postern.render.Sanitizer;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The mail screen: the loop's side of the reader. It holds the mode that has the keys ({@link IndexMode},
 * {@link SidebarMode}, {@link PagerMode}, {@link HelpMode}, {@link ComposeMode}: each handles its own keys and
 * reader commands and draws itself), what they share (the views, the status line and bar, the prompt), the
 * commands every view has (help, change folder, ':', sign in, split view), the keys held while a folder's rows are
 * read, and the controller's events. Every method runs on the UI thread; others reach it only through {@link UiLoop#post}.
 */
final class MailUi implements UiLoop.Ui {
    private final MailController c;
    private final UiLoop loop;
    private final KeyMap keys;
    private final Palette palette;
    private final IndexView index;
    private final PagerView pager;
    private final Sidebar sidebar;
    private final StatusLine status = new StatusLine();
    private final Prompt prompt = new Prompt();
    private final MessageCommands actions;
    private final AttachmentActions attachments;
    private final ComposeFlow compose;
    private final CommandRegistry registry;
    private final CommandLine commandLine;
    /** The screen's store reads, off the UI thread; painting reads only the answers kept below and in the views. */
    private final StoreReader reader;
    private final IndexMode indexMode;
    private final SidebarMode sidebarMode;
    private final PagerMode pagerMode;
    private final HelpMode helpMode;
    private final ComposeMode composeMode;
    private final FolderFollow follow;
    /** The view that has the keys. */
    private Mode mode;
    /** Keys typed so far of a longer binding ("g" of "gi"). */
    private String pendingKeys = "";
    private boolean running = true;
    private String newMailNotice;
    private int newMailCount;
    private TerminalSize size;
    /** The status bar's snapshot: connection state and queued changes of {@link #barAccount}. */
    private String barAccount;
    private String barState; // StatusLine.stateOf: "online", "1 of 2 offline" in All Inboxes
    private int barQueued;

    MailUi(MailController c, UiLoop loop, TuiOptions options, Formats formats, TerminalSize size) {
        this.c = c;
        this.loop = loop;
        this.follow = new FolderFollow(c, loop);
        this.reader = new StoreReader(loop::post, this::storeReadFailed);
        this.pager = new PagerView(loop::post, loop::afterNextDraw);
        this.keys = options.keys();
        this.palette = options.palette();
        this.registry = new CommandRegistry(options.process());
        TuiOptions.Layout layout = options.layout() == null ? TuiOptions.Layout.DEFAULT : options.layout();
        this.index = new IndexView(c, reader, formats.withDatePattern(layout.dateFormat()));
        index.format(IndexFormat.parse(layout.indexFormat() == null ? IndexFormat.DEFAULT : layout.indexFormat()));
        this.sidebar = new Sidebar(c, reader);
        sidebar.width(layout.sidebarWidth());
        this.actions = new MessageCommands(c, loop, index, status, prompt, reader);
        this.indexMode = new IndexMode(this, c, index, status);
        this.mode = indexMode;
        this.sidebarMode = new SidebarMode(this, sidebar, layout.sidebar());
        this.pagerMode = new PagerMode(this, c, pager, index, status, layout);
        this.helpMode = new HelpMode(this, new HelpView(this.keys, registry), indexMode);
        this.composeMode = new ComposeMode(this, indexMode);
        this.commandLine = new CommandLine(this, c, registry, status, options);
        this.attachments = new AttachmentActions(c, loop, status, prompt, pager, options.mailcapFiles(), pagerMode::showViewerOutput);
        index.tagsFrom(actions::isTagged);
        boolean glyphs = loop.showsGlyphs();
        index.glyphs(glyphs ? dev.postern.thread.IndexOrder.Glyphs.UNICODE : dev.postern.thread.IndexOrder.Glyphs.ASCII);
        status.plainGlyphs(!glyphs);
        pager.plainGlyphs(!glyphs);
        status.view(index.arrangement().label());
        this.compose = new ComposeFlow(c, keys, loop, status, composeMode::enter, composeMode::leave, this::relistFolders);
        composeMode.flow(compose);
        actions.completeFoldersWith(this::completeFolder);
        actions.afterChange(this::relistFolders);
        this.size = size;
        index.setRows(size.getRows() - 2);
        compose.onHelp(() -> helpMode.open(mode));
    }

    // What the modes share.
    MailController controller() { return c; }
    UiLoop loop() { return loop; }
    StatusLine status() { return status; }
    Prompt prompt() { return prompt; }
    StoreReader reader() { return reader; }
    IndexView index() { return index; }
    Sidebar sidebar() { return sidebar; }
    MessageCommands actions() { return actions; }
    AttachmentActions attachments() { return attachments; }
    ComposeFlow compose() { return compose; }
    IndexMode indexMode() { return indexMode; }
    SidebarMode sidebarMode() { return sidebarMode; }
    PagerMode pagerMode() { return pagerMode; }
    HelpMode helpMode() { return helpMode; }
    int rows() { return size.getRows(); }
    int columns() { return size.getColumns(); }

    /** The view that has the keys. */
    Mode mode() { return mode; }

    /** Gives the keys (and the screen) to {@code m}. */
    void show(Mode m) { mode = m; }

    void quit() { running = false; }

    void bounce(Envelope e) { BounceStep.run(this, e); }

    void pipe(List<dev.postern.model.MessageRef> targets, boolean decoded) { PipeStep.run(this, targets, decoded); }

    /**
     * Shows the cached folder at once, then asks the controller to bring everything up to date: the servers
     * and the folder's read-ahead for threads wait until the store's rows are on the
     * screen (see {@link #behindFirstScreen}).
     */
    void start(String account, String folder) {
        sidebar.reload();
        openFolder(account, folder);
        behindFirstScreen(() -> {
            for (String a : c.accounts()) listFolders(a);
            c.catchUpSearchIndex(); // an index left behind (a crash, a short command's set-aside) catches up while the reader runs
        });
        // A store that answers slowly (or not at all) holds the network back no longer than this.
        java.util.concurrent.CompletableFuture.delayedExecutor(FirstScreen.WAIT_MS, java.util.concurrent.TimeUnit.MILLISECONDS)
                .execute(() -> loop.post(this::firstScreenShown));
    }

    private final FirstScreen firstScreen = new FirstScreen();

    /** UI thread: runs {@code r} once the first screen with the store's rows is on the terminal (now if it is). */
    void behindFirstScreen(Runnable r) { firstScreen.behind(r); }

    private void firstScreenShown() { if (!loop.terminal().offScreen()) firstScreen.shown(); else if (index.loaded() || index.failed()) quit(); }

    /**
     * Folders may have been made or their counts changed (a message sent put in a new Sent, a move or copy
     * filled another folder): the sidebar shows the store's list at once and again when the server's is in.
     */
    private void relistFolders() {
        sidebarMode.stale();
        String account = index.account();
        List<String> accounts = account == null ? List.of() : MailController.UNIFIED.equals(account) ? c.accounts() : List.of(account);
        for (String a : accounts) listFolders(a); // a failure is ours to say: no event tells it
    }

    /** Tab in the folder prompts (c, M, C): the folder names of the account shown that start with what was typed. */
    private List<String> completeFolder(List<String> words, String partial) {
        return FolderPrompts.complete(c, sidebar, index.account(), partial);
    }

    /** A store read for the screen failed (on the UI thread): one sentence, and keys typed ahead go on. */
    private void storeReadFailed(RuntimeException e) {
        org.slf4j.LoggerFactory.getLogger(MailUi.class).warn("store read for the screen", e);
        status.failed(e, "Reading the store");
        index.readFailed();
    }

    /** Controller events arrive on its threads and are only re-posted from there (see Tui). */
    void onEvent(Event e) {
        if (e instanceof Event.ConnectionChanged || e instanceof Event.FolderChanged || e instanceof Event.EnvelopesLoaded
                || e instanceof Event.Failure) {
            refreshBar(); // connection state or queued changes may be different now
        }
        // A sync lands in many batches: mark stale and re-read once per frame, not once per event.
        if (e instanceof Event.EnvelopesLoaded el) {
            if (index.isCurrent(el.account(), el.folder())) indexMode.stale(false);
            sidebarMode.stale(); // counts of that folder changed
        } else if (e instanceof Event.FolderChanged fc) {
            if (index.isCurrent(fc.account(), fc.folder())) {
                indexMode.stale(true); // a built order (threads, sort, limit) is rebuilt, not just re-read
                if (fc.arrived() > 0) newMail(fc.arrived(), MailController.UNIFIED.equals(index.account()) ? "All Inboxes" : fc.folder());
            } else if (fc.arrived() > 0 && "INBOX".equals(fc.folder()) && !MailController.UNIFIED.equals(index.account())) {
                // An INBOX the reader does not show (hunt43-R R7; All Inboxes says it as its own).
                newMail(fc.arrived(), fc.account().equals(index.account()) ? "INBOX" : fc.account() + "/INBOX");
            }
        } else if (e instanceof Event.FoldersLoaded) {
            sidebarMode.stale();
        } else if (e instanceof Event.Progress p) {
            status.progress(p);
        } else if (e instanceof Event.BodyProgress bp) {
            pagerMode.progress(bp); // "Loading 4.2 of 20.0 MB…" in place of the message still on its way
        } else if (e instanceof Event.ConnectionChanged cc && cc.state() == ConnectionState.ONLINE) {
            compose.reconnected(cc.account());
        } else {
            status.told(e); // a failure, a login refused, a body fetched again: their sentence
        }
    }

    /** Asks for the status bar's connection state and queued count of the account shown, off the UI thread. */
    private void refreshBar() {
        String account = index.account();
        if (account == null) return;
        reader.read("status-bar", () -> new Object[] {StatusLine.stateOf(c, account), c.queue(account).size()}, r -> {
            if (!account.equals(index.account())) return;
            barAccount = account;
            barState = (String) r[0];
            barQueued = (Integer) r[1];
        });
    }

    /**
     * "2 new messages in INBOX". A burst arriving over several refreshes adds up while the notice is still
     * shown (a key acknowledges it, as any message) and is of the same folder; after that the count starts again.
     */
    private void newMail(int arrived, String folder) {
        String where = " in " + Sanitizer.oneLine(folder);
        boolean adds = newMailNotice != null && status.showing(newMailNotice) && newMailNotice.endsWith(where);
        newMailCount = adds ? newMailCount + arrived : arrived;
        newMailNotice = newMailCount + (newMailCount == 1 ? " new message" : " new messages") + where;
        status.news(newMailNotice, false);
    }

    /** Opens a folder in the index (which gets the keys), from the store's copy, and asks the server for news. */
    void openFolder(String account, String folder) {
        index.open(account, folder);
        if (!account.equals(barAccount)) {
            barAccount = null;
            barState = null;
            barQueued = 0;
        }
        refreshBar();
        indexMode.rearrange();
        actions.folderOpened();
        sidebar.moveTo(account, folder);
        mode = indexMode;
        // The read-ahead (a whole-folder read for the first T) and the news: never racing the first paint (PaintFirstIT).
        behindFirstScreen(() -> {
            if (!index.isCurrent(account, folder)) return; // another folder was opened before the first screen
            indexMode.opened(account, folder);
            follow.refreshThenWatch(account, folder, index, err -> status.failed(err, "Refreshing " + folder));
        });
    }

    private void listFolders(String account) {
        c.refreshFolders(account).whenComplete((folders, err) -> loop.post(() -> {
            if (err != null) status.failedInBackground(err, "Listing folders of " + account);
            sidebarMode.stale();
        }));
    }

    private void refreshFolder(String account, String folder) {
        c.refreshFolder(account, folder).whenComplete((total, err) -> {
            if (err != null) loop.post(() -> status.failed(err, "Refreshing " + folder));
        });
    }

    private void changeFolder(String name) {
        String wanted = FolderPrompts.unquote(name);
        if (wanted.isEmpty()) return;
        if (c.isAllInboxes(wanted)) {
            openFolder(MailController.UNIFIED, MailController.ALL_INBOXES);
            return;
        }
        FolderPrompts.Target t = FolderPrompts.target(c, sidebar, index.account(), wanted);
        if (t.folder() != null) {
            openFolder(t.account(), t.folder());
            return;
        }
        // Not in the lists the reader has: made by another client since? The server's list says (hunt 34-A, A2).
        String looking = "Looking for " + wanted + " on the server...", shown = index.account() + "\u0000" + index.folder();
        status.notice(looking); // the sidebar hears of the list itself (FoldersLoaded)
        FolderPrompts.askServer(c, sidebar, index.account(), wanted, loop::post, found -> {
            if (status.showing(looking)) status.clearMessage();
            if (!shown.equals(index.account() + "\u0000" + index.folder())) return; // another folder was opened meanwhile
            if (found.folder() != null) openFolder(found.account(), found.folder());
            else status.error(found.problem());
        });
    }

    @Override
    public boolean running() { return running; }

    @Override
    public void onPaste(String text) { Paste.into(prompt, compose, status, text); }

    @Override
    public void onResize(TerminalSize size) {
        this.size = size;
        index.setRows(size.getRows() - 2);
    }

    /** Stops the background threads; the UI loop has ended. */
    void close() {
        follow.close();
        commandLine.close();
        reader.close();
        pager.close();
    }

    @Override
    public void onFailure(RuntimeException e) {
        org.slf4j.LoggerFactory.getLogger(MailUi.class).error("internal error in the reader", e);
        status.error("Internal error (details in the log file); the reader goes on.");
    }

    /** Keys typed ahead of the index's rows (a folder just opened, its rows still being read), in order. */
    private final ArrayDeque<KeyStroke> heldKeys = new ArrayDeque<>();
    private boolean replayWaiting;
    private static final int MAX_HELD_KEYS = 512;

    /** Index commands that never act on the cursor's message: they need no rows to be read first. */
    private static final java.util.Set<String> NEEDS_NO_ROW = java.util.Set.of(KeyMap.NEXT, KeyMap.PREV, KeyMap.FIRST,
            KeyMap.LAST, KeyMap.PAGE_DOWN, KeyMap.PAGE_UP, KeyMap.NEXT_MESSAGE, KeyMap.PREV_MESSAGE, KeyMap.SEARCH,
            KeyMap.LIMIT, KeyMap.TOGGLE_THREADS, KeyMap.SORT_NEXT, KeyMap.SORT_REVERSE, KeyMap.MAIL, KeyMap.RECALL,
            KeyMap.FOCUS_SIDEBAR, KeyMap.CHANGE_FOLDER, KeyMap.HELP, KeyMap.QUIT, KeyMap.EXIT);

    /**
     * Whether this key must wait for the index's rows: typed in the index before the folder's first rows came
     * from the store (everything but quit and help), acting on a cursor row still being read, or any key typed while
     * a tagged action's messages are read (its prompt's answer). Held keys are replayed in order, as in mutt; q never waits.
     */
    private boolean mustWait(KeyStroke key) {
        if (mode != indexMode && !index.targetsPending || prompt.active() || !index.rowsPending()) return false;
        String name = KeyMap.keyName(key);
        if (name == null) return false;
        KeyMap.Lookup found = keys.lookup(mode.keySection(), pendingKeys + name);
        if (!(found instanceof KeyMap.Bound b) || b.commandLine().isEmpty()) return index.targetsPending; // typed for a prompt
        String command = b.commandLine().get(0);
        if (command.equals(KeyMap.QUIT) || command.equals(KeyMap.EXIT) || command.equals(KeyMap.HELP)) return false;
        return !index.loaded() || index.targetsPending || !NEEDS_NO_ROW.contains(command);
    }

    private void replayHeld() {
        replayWaiting = false;
        while (!heldKeys.isEmpty() && running) {
            if (mustWait(heldKeys.peek())) {
                waitToReplay();
                return;
            }
            handleKey(heldKeys.poll());
        }
    }

    private void waitToReplay() {
        if (replayWaiting) return;
        replayWaiting = true;
        index.whenRowsArrive(this::replayHeld);
    }

    @Override
    public void onKey(KeyStroke key) {
        if (!heldKeys.isEmpty() || mustWait(key)) {
            String name = KeyMap.keyName(key);
            KeyMap.Lookup found = name == null ? null : keys.lookup(mode.keySection(), pendingKeys + name);
            if (found instanceof KeyMap.Bound b && !b.commandLine().isEmpty()
                    && (b.commandLine().get(0).equals(KeyMap.QUIT) || b.commandLine().get(0).equals(KeyMap.EXIT))
                    && mode == indexMode && !prompt.active()) {
                running = false; // never held: the way out answers whatever is loading
                return;
            }
            if (heldKeys.size() < MAX_HELD_KEYS) heldKeys.add(key);
            waitToReplay();
            return;
        }
        handleKey(key);
    }

    private void handleKey(KeyStroke key) {
        if (prompt.active()) {
            prompt.key(key);
            return;
        }
        if (mode.key(key)) {
            pendingKeys = "";
            return;
        }
        // The compose flow's screens (and its forward question) take their keys before the bindings, but never
        // over the help screen.
        if (mode != helpMode && compose.takesKey(key)) return;
        status.clearMessage();
        String name = KeyMap.keyName(key);
        if (name == null) {
            pendingKeys = "";
            return;
        }
        String section = mode.keySection();
        String sequence = pendingKeys + name;
        KeyMap.Lookup found = keys.lookup(section, sequence);
        if (found instanceof KeyMap.Unbound && !pendingKeys.isEmpty()) {
            // "g" then an unbound key: the sequence is abandoned and the key counts on its own.
            sequence = name;
            found = keys.lookup(section, sequence);
        }
        if (found instanceof KeyMap.Prefix) {
            pendingKeys = sequence;
            status.notice(sequence + "…");
            return;
        }
        pendingKeys = "";
        if (found instanceof KeyMap.Bound b) run(b.commandLine());
        // As mutt says it (a mutt habit such as s or $ answered by silence reads as a key lost; hunt 33-Z, Z11).
        else if (!"<Esc>".equals(name)) status.notice("Key " + name + " is not bound. Press " + keyFor(KeyMap.HELP) + " for help.");
    }

    /** Runs one command line of the registry: a reader command, or a typed command (on the current message(s) when it takes them). */
    void run(List<String> commandLine) {
        switch (registry.kind(commandLine)) {
            case UI -> {
                String name = commandLine.get(0);
                if (commandLine.size() > 1) uiCommandWithArgument(name, String.join(" ", commandLine.subList(1, commandLine.size())));
                else dispatch(name);
            }
            case COMMAND -> this.commandLine.runBatch(commandLine);
            default -> status.error(registry.problem(commandLine));
        }
    }

    private void uiCommandWithArgument(String name, String argument) {
        switch (name) {
            case KeyMap.CHANGE_FOLDER -> changeFolder(argument);
            case KeyMap.SEARCH -> {
                if (mode == pagerMode) mode = indexMode;
                indexMode.search(argument);
            }
            default -> status.error("'" + name + "' takes no argument.");
        }
    }

    /** A reader command: exit from anywhere, else the view that has the keys decides what it means there. */
    private void dispatch(String command) {
        if (KeyMap.EXIT.equals(command)) {
            running = false;
            return;
        }
        mode.command(command);
    }

    /** The commands every view but compose has (the help screen only ':'); false when {@code command} is not one. */
    boolean common(String command) {
        switch (command) {
            case KeyMap.HELP -> helpMode.open(mode);
            case KeyMap.CHANGE_FOLDER -> prompt.start("Open folder: ", this::changeFolder, null, this::completeFolder);
            case KeyMap.COMMAND_PROMPT -> commandLine.prompt();
            case KeyMap.SIGN_IN -> {
                // What failed for want of the sign-in is asked again at once: the folders and the folder shown.
                if (SignInStep.run(c, loop, status, index.account(), size.getColumns())) {
                    listFolders(index.account());
                    refreshFolder(index.account(), index.folder());
                }
            }
            case KeyMap.TOGGLE_SPLIT -> pagerMode.toggleSplit();
            default -> { return false; }
        }
        return true;
    }

    /** The first key bound to {@code command}, for sentences that name it (or ":command" when unbound). */
    String keyFor(String command) {
        List<String> k = keys.keysFor(command);
        return k.isEmpty() ? ":" + command : k.get(0);
    }

    @Override
    public void draw(Screen screen) {
        indexMode.refresh();
        sidebarMode.refresh();
        size = screen.getTerminalSize();
        int w = size.getColumns();
        int h = size.getRows();
        screen.clear();
        TextGraphics g = screen.newTextGraphics();
        // A long error is wrapped over as many rows as it needs (up to half the screen), never cut off.
        int messageRows = prompt.active() || compose.inputActive() ? 1 : status.rows(w, Math.max(1, (h - 2) / 2));
        int contentRows = Math.max(0, h - 1 - messageRows);
        mode.draw(g, palette, w, contentRows);
        if (h >= 1 + messageRows) {
            String position = mode.position();
            if (position == null) position = (index.total() == 0 ? 0 : index.selected() + 1) + "/" + index.total();
            boolean barCurrent = index.account() != null && index.account().equals(barAccount);
            status.drawBar(g, palette, h - 1 - messageRows, w, index.account(), index.folder(), position,
                    barCurrent ? barState : null, barCurrent ? barQueued : 0);
        }
        TerminalPosition cursor = null;
        if (prompt.active()) cursor = prompt.draw(g, palette, h - 1, w);
        else if (compose.inputActive()) cursor = compose.drawInput(g, palette, h - 1, w);
        else status.drawMessage(g, palette, h - messageRows, w, messageRows);
        screen.setCursorPosition(cursor);
        // The store's rows (or its empty answer, or its failure) are in this frame: start what waited behind it.
        if (firstScreen.waiting() && (index.loaded() || index.failed())) loop.afterNextDraw(this::firstScreenShown);
    }
}
