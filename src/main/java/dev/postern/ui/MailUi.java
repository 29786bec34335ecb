package dev.postern.ui;

import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.TextGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.screen.Screen;
import dev.postern.controller.Event;
import dev.postern.controller.MailController;
import dev.postern.model.Envelope;
import dev.postern.model.Folder;
import dev.postern.model.MessageRef;
import dev.postern.render.Sanitizer;
import java.util.List;

/**
 * The mail screen: which view has the keys, what each command means there, and how controller replies
 * come back. Every method runs on the UI thread; other threads reach it only through {@link UiLoop#post}.
 */
final class MailUi implements UiLoop.Ui {
    private enum Mode { INDEX, SIDEBAR, PAGER, HELP, COMPOSE }

    private final MailController c;
    private final UiLoop loop;
    private final KeyMap keys;
    private final Palette palette;
    private final IndexView index;
    private final PagerView pager;
    private final Sidebar sidebar;
    private final StatusLine status = new StatusLine();
    private final Prompt prompt = new Prompt();
    private final HelpView help;
    private final MessageCommands actions;
    private final AttachmentActions attachments;
    private final ComposeFlow compose;
    private final CommandRegistry registry;
    private final History history;
    private final java.util.function.Supplier<dev.postern.controller.AddressBook> addressSource;
    /** History saving and the address book scan: disk work that must not run on the UI thread. */
    private final java.util.concurrent.ExecutorService background = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "postern-ui-background");
        t.setDaemon(true);
        return t;
    });
    private dev.postern.controller.AddressBook addresses;
    private boolean addressesRequested;
    /** Keys typed so far of a longer binding ("g" of "gi"). */
    private String pendingKeys = "";
    private Mode mode = Mode.INDEX;
    private Mode beforeHelp = Mode.INDEX;
    private Mode beforeCompose = Mode.INDEX;
    private boolean running = true;
    private boolean indexStale;
    /** Messages came or went in the folder shown (not only flags): a built order is rebuilt. */
    private boolean membershipChanged;
    private String newMailNotice;
    private int newMailCount;
    private boolean sidebarStale;
    private TerminalSize size;
    private final Arranger arranger;
    private int arrangedCount = -1; // folder size the current order was built for
    /** Whether the user wants the sidebar (B toggles it); it is also hidden when the terminal is too narrow. */
    private boolean sidebarShown;
    /** The widest the pager wraps at (0: the terminal's width). */
    private final int pagerWidth;
    /** The split view's index rows when toggled on without pager_index_lines (mutt users often set 6 to 10). */
    static final int SPLIT_DEFAULT_LINES = 6;
    /** Index rows above an open message in the split view (mutt's pager_index_lines). */
    private final int splitLines;
    /** Whether the split view is on (pager_index_lines > 0 at start; the toggle-split key flips it). */
    private boolean split;
    /** The screen's store reads, off the UI thread; painting reads only the answers kept below and in the views. */
    private final StoreReader reader;
    /** The status bar's snapshot: connection state and queued changes of {@link #barAccount}. */
    private String barAccount;
    private dev.postern.controller.ConnectionState barState;
    private int barQueued;

    MailUi(MailController c, UiLoop loop, KeyMap keys, Palette palette, Formats formats, TerminalSize size) {
        this(c, loop, new TuiOptions(palette, keys, null, null, null), formats, size);
    }

    MailUi(MailController c, UiLoop loop, TuiOptions options, Formats formats, TerminalSize size) {
        this.c = c;
        this.loop = loop;
        this.reader = new StoreReader(loop::post, this::storeReadFailed);
        this.pager = new PagerView(loop::post, loop::afterNextDraw);
        this.keys = options.keys();
        this.palette = options.palette();
        this.registry = new CommandRegistry(options.batch());
        this.history = History.load(options.historyFile(), background);
        this.addressSource = options.addresses();
        TuiOptions.Layout layout = options.layout() == null ? TuiOptions.Layout.DEFAULT : options.layout();
        this.index = new IndexView(c, reader, formats.withDatePattern(layout.dateFormat()));
        index.format(IndexFormat.parse(layout.indexFormat() == null ? IndexFormat.DEFAULT : layout.indexFormat()));
        this.sidebar = new Sidebar(c, reader);
        sidebar.width(layout.sidebarWidth());
        this.sidebarShown = layout.sidebar();
        this.pagerWidth = layout.pagerWidth();
        this.splitLines = layout.pagerIndexLines() > 0 ? layout.pagerIndexLines() : SPLIT_DEFAULT_LINES;
        this.split = layout.pagerIndexLines() > 0;
        this.help = new HelpView(this.keys, registry);
        this.actions = new MessageCommands(c, loop, index, status, prompt, reader);
        this.attachments = new AttachmentActions(c, loop, status, prompt, pager, options.mailcapFiles(), this::showViewerOutput);
        index.tagsFrom(actions::isTagged);
        index.glyphs(utf8Terminal(System.getenv()) ? dev.postern.thread.IndexOrder.Glyphs.UNICODE
                : dev.postern.thread.IndexOrder.Glyphs.ASCII);
        this.arranger = new Arranger(c);
        status.view(index.arrangement().label());
        this.compose = new ComposeFlow(c, keys, loop, status, () -> {
            if (mode != Mode.COMPOSE) beforeCompose = mode;
            mode = Mode.COMPOSE;
        }, () -> {
            mode = beforeCompose;
            sidebarStale = true;
        }, this::relistFolders);
        actions.completeFoldersWith(this::completeFolder);
        actions.afterChange(this::relistFolders);
        this.size = size;
        index.setRows(size.getRows() - 2);
        compose.onHelp(this::openHelp);
    }

    /** Shows the cached folder at once, then asks the controller to bring everything up to date. */
    void start(String account, String folder) {
        sidebar.reload();
        openFolder(account, folder);
        for (String a : c.accounts()) {
            c.refreshFolders(a).whenComplete((folders, err) -> loop.post(() -> {
                if (err != null) status.error(Errors.sentence(err, "Listing folders of " + a));
                sidebarStale = true;
            }));
        }
    }

    /**
     * Folders may have been made or their counts changed (a message sent put in a new Sent, a move or copy
     * filled another folder): the sidebar shows the store's list at once and again when the server's is in.
     */
    private void relistFolders() {
        sidebarStale = true;
        String account = index.account();
        List<String> accounts = account == null ? List.of() : MailController.UNIFIED.equals(account) ? c.accounts() : List.of(account);
        for (String a : accounts) {
            c.refreshFolders(a).whenComplete((folders, err) -> loop.post(() -> sidebarStale = true));
        }
    }

    /** Tab in the folder prompts (c, M, C): the folder names of the account shown that start with what was typed. */
    private List<String> completeFolder(List<String> words, String partial) {
        String p = partial.toLowerCase(java.util.Locale.ROOT);
        java.util.Set<String> out = new java.util.TreeSet<>();
        List<String> accounts = MailController.UNIFIED.equals(index.account()) ? c.accounts() : List.of(index.account());
        for (String a : accounts) {
            for (Folder f : sidebar.folders(a)) {
                if (f.selectable() && f.name().toLowerCase(java.util.Locale.ROOT).startsWith(p)) out.add(f.name());
            }
        }
        return List.copyOf(out);
    }

    /** A prompt's answer: a name Tab completed is quoted when it has spaces; the quotes are not part of it. */
    static String unquote(String answer) {
        String t = answer.strip();
        if (t.startsWith("\"") || t.startsWith("'")) {
            try {
                List<String> w = CommandWords.split(t);
                if (w.size() == 1) return w.get(0);
            } catch (IllegalArgumentException ignored) {
                // an unclosed quote: taken as typed
            }
        }
        return t;
    }

    /** A store read for the screen failed (on the UI thread): one sentence, and keys typed ahead go on. */
    private void storeReadFailed(RuntimeException e) {
        org.slf4j.LoggerFactory.getLogger(MailUi.class).warn("store read for the screen", e);
        status.error(Errors.sentence(e, "Reading the store"));
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
            if (index.isCurrent(el.account(), el.folder())) indexStale = true;
            sidebarStale = true; // counts of that folder changed
        } else if (e instanceof Event.FolderChanged fc) {
            if (index.isCurrent(fc.account(), fc.folder())) {
                indexStale = true;
                membershipChanged = true; // a built order (threads, sort, limit) is rebuilt, not just re-read
                if (fc.arrived() > 0) newMail(fc.arrived());
            }
        } else if (e instanceof Event.FoldersLoaded) {
            sidebarStale = true;
        } else if (e instanceof Event.Progress p) {
            status.progress(p);
        } else if (e instanceof Event.ConnectionChanged cc && cc.state() == dev.postern.controller.ConnectionState.ONLINE) {
            compose.reconnected(cc.account());
        } else if (e instanceof Event.Failure f) {
            status.error((f.account() == null ? "" : f.account() + ": ") + f.message());
        }
        // BodyLoaded needs no state here.
    }

    /** Asks for the status bar's connection state and queued count of the account shown, off the UI thread. */
    private void refreshBar() {
        String account = index.account();
        if (account == null) return;
        reader.read("status-bar", () -> new Object[] {c.connectionState(account), c.pending(account).size()}, r -> {
            if (!account.equals(index.account())) return;
            barAccount = account;
            barState = (dev.postern.controller.ConnectionState) r[0];
            barQueued = (Integer) r[1];
        });
    }

    /**
     * "2 new messages in INBOX". A burst arriving over several refreshes adds up while the notice is still
     * shown (a key acknowledges it, as any message); after that the count starts again.
     */
    private void newMail(int arrived) {
        String where = MailController.UNIFIED.equals(index.account()) ? "All Inboxes" : Sanitizer.oneLine(index.folder());
        newMailCount = newMailNotice != null && status.showing(newMailNotice) ? newMailCount + arrived : arrived;
        newMailNotice = newMailCount + (newMailCount == 1 ? " new message in " : " new messages in ") + where;
        status.notice(newMailNotice);
    }

    /** Box-drawing tree glyphs only where the locale says UTF-8; plain ASCII otherwise. */
    static boolean utf8Terminal(java.util.Map<String, String> env) {
        for (String k : new String[] {"LC_ALL", "LC_CTYPE", "LANG"}) {
            String v = env.get(k);
            if (v != null && !v.isEmpty()) return v.toLowerCase(java.util.Locale.ROOT).replace("-", "").contains("utf8");
        }
        return false;
    }

    /**
     * Builds the whole-folder order the index's arrangement needs, off the UI thread; the default flat
     * newest-first view needs none and pages from the store directly.
     */
    private void rearrange() {
        rearrange(false);
    }

    /** {@code live}: the same arrangement rebuilt because mail came or went; no notices of its own then. */
    private void rearrange(boolean live) {
        IndexView.Arrangement a = index.arrangement();
        status.view(a.label());
        if (!a.needsWholeFolder()) return;
        String account = index.account();
        String folder = index.folder();
        if (!live) arrangedCount = index.storeCount();
        boolean big = arrangedCount > 5_000 && !live;
        if (big) status.notice("Arranging " + arrangedCount + " messages…");
        java.util.concurrent.CompletableFuture<dev.postern.thread.IndexOrder> f = arranger.build(account, folder, a);
        long id = arranger.latest();
        f.whenComplete((order, err) -> loop.post(() -> {
            if (id != arranger.latest() || !index.isCurrent(account, folder) || !index.arrangement().equals(a)) return;
            if (err != null) {
                Throwable cause = err instanceof java.util.concurrent.CompletionException && err.getCause() != null ? err.getCause() : err;
                if (!(cause instanceof java.util.concurrent.CancellationException)) {
                    status.error(Errors.sentence(cause, a.limit() != null ? "Limiting the index" : "Arranging the index"));
                }
                return;
            }
            arrangedCount = arranger.lastCount();
            index.arranged(order, live);
            if (live) return;
            if (a.limit() != null) status.notice(order.size() + " message(s) match " + a.limitText());
            else if (big) status.notice("Arranged " + order.size() + " messages.");
        }));
    }

    private void arrange(IndexView.Arrangement a, String notice) {
        if (notice != null) status.notice(notice);
        index.arrange(a); // a big folder's "Arranging N messages…" then replaces the notice
        rearrange();
    }

    private void limit(String text) {
        String t = text.strip();
        IndexView.Arrangement a = index.arrangement();
        if (t.isEmpty()) {
            if (a.limit() != null) arrange(a.withLimit(null, null), "Limit cleared: every message is shown.");
            return;
        }
        dev.postern.model.Query q;
        try {
            q = dev.postern.model.QueryParser.parse(t);
        } catch (dev.postern.model.PosternException e) {
            status.error("Limit: " + e.getMessage());
            return;
        }
        arrange(a.withLimit(t, q), "Limiting to " + t + "…");
    }

    private void openFolder(String account, String folder) {
        index.open(account, folder);
        arranger.prefetch(account, folder); // the first threads/sort toggle then only arranges
        if (!account.equals(barAccount)) {
            barAccount = null;
            barState = null;
            barQueued = 0;
        }
        refreshBar();
        rearrange();
        actions.folderOpened();
        c.watch(account, folder);
        sidebar.moveTo(account, folder);
        mode = Mode.INDEX;
        c.refreshFolder(account, folder).whenComplete((total, err) -> {
            if (err != null) loop.post(() -> status.error(Errors.sentence(err, "Refreshing " + folder)));
        });
    }

    @Override
    public boolean running() { return running; }

    @Override
    public void onResize(TerminalSize size) {
        this.size = size;
        index.setRows(size.getRows() - 2);
    }

    /** Stops the background thread; the UI loop has ended. */
    void close() {
        background.shutdown();
        reader.close();
        pager.close();
    }

    /** Which section of the bindings the keys are looked up in (then [global]). */
    private String context() {
        return mode == Mode.PAGER ? KeyMap.PAGER : KeyMap.INDEX;
    }

    @Override
    public void onFailure(RuntimeException e) {
        org.slf4j.LoggerFactory.getLogger(MailUi.class).error("internal error in the reader", e);
        status.error("Internal error (details in the log file); the reader goes on.");
    }

    /** Keys typed ahead of the index's rows (a folder just opened, its rows still being read), in order. */
    private final java.util.ArrayDeque<KeyStroke> heldKeys = new java.util.ArrayDeque<>();
    private boolean replayWaiting;
    private static final int MAX_HELD_KEYS = 512;

    /** Index commands that never act on the cursor's message: they need no rows to be read first. */
    private static final java.util.Set<String> NEEDS_NO_ROW = java.util.Set.of(KeyMap.NEXT, KeyMap.PREV, KeyMap.FIRST,
            KeyMap.LAST, KeyMap.PAGE_DOWN, KeyMap.PAGE_UP, KeyMap.NEXT_MESSAGE, KeyMap.PREV_MESSAGE, KeyMap.SEARCH,
            KeyMap.LIMIT, KeyMap.TOGGLE_THREADS, KeyMap.SORT_NEXT, KeyMap.SORT_REVERSE, KeyMap.MAIL, KeyMap.RECALL,
            KeyMap.FOCUS_SIDEBAR, KeyMap.CHANGE_FOLDER, KeyMap.HELP, KeyMap.QUIT, KeyMap.EXIT);

    /**
     * Whether this key must wait for the index's rows: typed in the index before the folder's first rows came
     * from the store (everything but quit and help), or acting on a cursor row still being read. Held keys
     * are replayed in order when the rows arrive, so typing ahead works as it does in mutt; q never waits.
     */
    private boolean mustWait(KeyStroke key) {
        if (mode != Mode.INDEX || prompt.active() || !index.rowsPending()) return false;
        String name = KeyMap.keyName(key);
        if (name == null) return false;
        KeyMap.Lookup found = keys.lookup(context(), pendingKeys + name);
        if (!(found instanceof KeyMap.Bound b) || b.commandLine().isEmpty()) return false;
        String command = b.commandLine().get(0);
        if (command.equals(KeyMap.QUIT) || command.equals(KeyMap.EXIT) || command.equals(KeyMap.HELP)) return false;
        return !index.loaded() || !NEEDS_NO_ROW.contains(command);
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
            KeyMap.Lookup found = name == null ? null : keys.lookup(context(), pendingKeys + name);
            if (found instanceof KeyMap.Bound b && !b.commandLine().isEmpty()
                    && (b.commandLine().get(0).equals(KeyMap.QUIT) || b.commandLine().get(0).equals(KeyMap.EXIT))
                    && mode == Mode.INDEX && !prompt.active()) {
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
        if (mode == Mode.HELP && helpKey(key)) return;
        if (mode != Mode.HELP && compose.takesKey(key)) return;
        status.clearMessage();
        String name = KeyMap.keyName(key);
        if (name == null) {
            pendingKeys = "";
            return;
        }
        String sequence = pendingKeys + name;
        KeyMap.Lookup found = keys.lookup(context(), sequence);
        if (found instanceof KeyMap.Unbound && !pendingKeys.isEmpty()) {
            // "g" then an unbound key: the sequence is abandoned and the key counts on its own.
            sequence = name;
            found = keys.lookup(context(), sequence);
        }
        if (found instanceof KeyMap.Prefix) {
            pendingKeys = sequence;
            status.notice(sequence + "…");
            return;
        }
        pendingKeys = "";
        if (found instanceof KeyMap.Bound b) run(b.commandLine());
    }

    /** Runs one command line of the registry: a reader command, or a batch command on the current message(s). */
    void run(List<String> commandLine) {
        switch (registry.kind(commandLine)) {
            case UI -> {
                String name = commandLine.get(0);
                if (commandLine.size() > 1) uiCommandWithArgument(name, String.join(" ", commandLine.subList(1, commandLine.size())));
                else dispatch(name);
            }
            case BATCH, COMMAND -> runBatch(commandLine);
            default -> status.error(registry.problem(commandLine));
        }
    }

    private void uiCommandWithArgument(String name, String argument) {
        switch (name) {
            case KeyMap.CHANGE_FOLDER -> changeFolder(argument);
            case KeyMap.SEARCH -> {
                if (mode == Mode.PAGER) mode = Mode.INDEX;
                search(argument);
            }
            default -> status.error("'" + name + "' takes no argument.");
        }
    }

    private void dispatch(String command) {
        if (KeyMap.EXIT.equals(command)) {
            running = false;
            return;
        }
        switch (mode) {
            case INDEX -> indexCommand(command);
            case SIDEBAR -> sidebarCommand(command);
            case PAGER -> pagerCommand(command);
            case COMPOSE -> { }
            case HELP -> {
                if (command.equals(KeyMap.QUIT) || command.equals(KeyMap.BACK) || command.equals(KeyMap.HELP)) {
                    mode = beforeHelp;
                } else if (command.equals(KeyMap.COMMAND_PROMPT)) {
                    common(command);
                } else if (command.equals(KeyMap.NEXT) || command.equals(KeyMap.PAGE_DOWN)) {
                    help.scroll(command.equals(KeyMap.NEXT) ? 1 : size.getRows() / 2);
                } else if (command.equals(KeyMap.PREV) || command.equals(KeyMap.PAGE_UP)) {
                    help.scroll(command.equals(KeyMap.PREV) ? -1 : -size.getRows() / 2);
                }
            }
        }
    }

    /** The ':' prompt's line: split like a shell would (quotes, no expansion), then run. */
    private void runLine(String line) {
        String text = line.strip();
        if (text.startsWith(":")) text = text.substring(1).strip();
        if (text.isEmpty()) return;
        List<String> words;
        try {
            words = CommandWords.split(text);
        } catch (IllegalArgumentException e) {
            status.error(e.getMessage() + ".");
            return;
        }
        if (words.isEmpty()) return;
        run(words);
    }

    /**
     * A batch command. One that acts on messages gets the message in the pager, or under the cursor, or the
     * tagged ones after ';' (one run per account and folder, as the merged inbox spans accounts). Runs off
     * the UI thread against this process's controller; the result or error lands on the status line.
     */
    private void runBatch(List<String> commandLine) {
        String name = commandLine.get(0);
        if (!registry.takesMessages(name)) {
            String account = MailController.UNIFIED.equals(index.account()) ? null : index.account();
            status.notice("Running " + name + "…");
            registry.run(c, commandLine, account, null, null).whenComplete((r, err) -> loop.post(() -> showResult(r, err)));
            return;
        }
        List<MessageRef> targets;
        if (mode == Mode.PAGER) {
            targets = pager.ref() == null ? List.of() : List.of(pager.ref());
        } else {
            targets = actions.takeTargets();
        }
        if (targets.isEmpty()) {
            status.notice("There is no message to " + name + ".");
            return;
        }
        java.util.Map<String, List<MessageRef>> byFolder = new java.util.LinkedHashMap<>();
        for (MessageRef r : targets) byFolder.computeIfAbsent(r.account() + "\u0000" + r.folder(), k -> new java.util.ArrayList<>()).add(r);
        status.notice("Running " + name + " on " + targets.size() + " message(s)…");
        java.util.concurrent.CompletableFuture<BatchCommands.Result> chain = java.util.concurrent.CompletableFuture.completedFuture(null);
        for (List<MessageRef> group : byFolder.values()) {
            MessageRef first = group.get(0);
            List<Long> uids = group.stream().map(MessageRef::uid).sorted().toList();
            chain = chain.thenCompose(prev -> prev != null && prev.exitCode() != 0
                    ? java.util.concurrent.CompletableFuture.completedFuture(prev)
                    : registry.run(c, commandLine, first.account(), first.folder(), uids));
        }
        // A batch move or delete of the message shown moves the pager on, as the built-in d and M do.
        Runnable pagerMovesOn = mode == Mode.PAGER ? pagerRemoval(targets) : () -> { };
        chain.whenComplete((r, err) -> loop.post(() -> {
            boolean ok = err == null && r != null && r.exitCode() == 0;
            if (ok) actions.untag(targets);
            showResult(r, err);
            if (ok) pagerMovesOn.run();
        }));
    }

    private void showResult(BatchCommands.Result r, Throwable err) {
        if (err != null) {
            status.error(Errors.sentence(err, "Running the command"));
        } else if (r.exitCode() != 0) {
            status.error(r.summary().isEmpty() ? "The command failed (exit " + r.exitCode() + ")." : r.summary());
        } else {
            status.notice(r.summary().isEmpty() ? "Done." : r.summary());
        }
        indexStale = true;
        sidebarStale = true;
    }

    /**
     * Tab in the ':' prompt: command names for the first word; a batch command's options after '-'; then
     * folder names of the current account; then addresses seen in the store (or when the word has an '@').
     */
    private List<String> complete(List<String> words, String partial) {
        String p = partial.toLowerCase(java.util.Locale.ROOT);
        List<String> out = new java.util.ArrayList<>();
        if (words.isEmpty()) {
            for (String n : registry.names()) if (n.startsWith(p) && registry.availableFor(n, c, index.account())) out.add(n);
            return out;
        }
        if (p.startsWith("-")) {
            for (String o : registry.options(words.get(0))) if (o.startsWith(p)) out.add(o);
            return out;
        }
        dev.postern.command.Option.Value value = registry.valueOf(words.get(0), words.get(words.size() - 1));
        if (value == dev.postern.command.Option.Value.FLAG) {
            for (String f : dev.postern.command.FlagCommand.flagNames()) if (f.startsWith(p)) out.add(f);
            return out;
        }
        if (value == dev.postern.command.Option.Value.ACCOUNT) {
            for (String a : c.accounts()) if (a.toLowerCase(java.util.Locale.ROOT).startsWith(p)) out.add(a);
            return out;
        }
        if (!p.contains("@")) {
            java.util.Set<String> folders = new java.util.TreeSet<>();
            List<String> accounts = MailController.UNIFIED.equals(index.account()) ? c.accounts() : List.of(index.account());
            for (String a : accounts) for (Folder f : sidebar.folders(a)) folders.add(f.name());
            for (String f : folders) if (f.toLowerCase(java.util.Locale.ROOT).startsWith(p)) out.add(f);
            if (!out.isEmpty()) return out;
        }
        if (addresses == null) {
            requestAddresses();
            if (addressSource != null) status.notice("Addresses are still being gathered; Tab again in a moment.");
            return out;
        }
        return addresses.complete(partial, 20);
    }

    /** Builds the address book once, on the background thread (a pass over the store). */
    private void requestAddresses() {
        if (addressesRequested || addressSource == null) return;
        addressesRequested = true;
        background.execute(() -> {
            try {
                dev.postern.controller.AddressBook book = addressSource.get();
                loop.post(() -> addresses = book);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(MailUi.class).warn("address book", e);
                loop.post(() -> status.error(Errors.sentence(e, "Gathering addresses")));
            }
        });
    }

    /** The '?' screen for where the user is: the pager's keys in the pager, the review screen's there, else the index's. */
    private void openHelp() {
        if (mode == Mode.HELP) return;
        beforeHelp = mode;
        help.open(switch (mode) {
            case PAGER -> KeyMap.PAGER;
            case COMPOSE -> KeyMap.COMPOSE;
            default -> KeyMap.INDEX;
        });
        mode = Mode.HELP;
    }

    /**
     * Keys of the help screen itself, whatever the bindings say (a user may have rebound q or j elsewhere):
     * q, Esc and ? close it; j/k, arrows, PageDown/PageUp and Space scroll. False for any other key.
     */
    private boolean helpKey(KeyStroke key) {
        int page = Math.max(1, size.getRows() - 4);
        switch (key.getKeyType()) {
            case Escape -> mode = beforeHelp;
            case ArrowDown -> help.scroll(1);
            case ArrowUp -> help.scroll(-1);
            case PageDown -> help.scroll(page);
            case PageUp -> help.scroll(-page);
            case Character -> {
                if (key.isCtrlDown() || key.isAltDown()) return false;
                switch (key.getCharacter()) {
                    case 'q', '?' -> mode = beforeHelp;
                    case 'j' -> help.scroll(1);
                    case 'k' -> help.scroll(-1);
                    case ' ' -> help.scroll(page);
                    case '-' -> help.scroll(-page);
                    default -> { return false; }
                }
            }
            default -> { return false; }
        }
        pendingKeys = "";
        return true;
    }

    private boolean common(String command) {
        switch (command) {
            case KeyMap.HELP -> openHelp();
            case KeyMap.CHANGE_FOLDER -> prompt.start("Open folder: ", this::changeFolder, null, this::completeFolder);
            case KeyMap.COMMAND_PROMPT -> {
                requestAddresses();
                prompt.start(":", this::runLine, history, this::complete);
            }
            case KeyMap.SIGN_IN -> SignInStep.run(c, loop, status, index.account(), size.getColumns());
            case KeyMap.TOGGLE_SPLIT -> {
                split = !split;
                status.notice(split ? "Split view: " + splitLines + " index rows above the message." : "Split view off.");
            }
            default -> { return false; }
        }
        return true;
    }

    private void indexCommand(String command) {
        if (common(command)) return;
        switch (command) {
            case KeyMap.NEXT, KeyMap.NEXT_MESSAGE -> index.move(1);
            case KeyMap.PREV, KeyMap.PREV_MESSAGE -> index.move(-1);
            case KeyMap.FIRST -> index.select(0);
            case KeyMap.LAST -> index.select(index.total() - 1);
            case KeyMap.PAGE_DOWN -> index.pageDown();
            case KeyMap.PAGE_UP -> index.pageUp();
            case KeyMap.OPEN -> index.selectedEnvelope().ifPresent(this::openMessage);
            case KeyMap.QUIT -> running = false;
            case KeyMap.SEARCH -> prompt.start("Search: ", this::search);
            case KeyMap.LIMIT -> prompt.start("Limit to (e.g. from:bob -seen; Enter alone shows all): ", this::limit);
            case KeyMap.TOGGLE_THREADS -> {
                IndexView.Arrangement a = index.arrangement();
                arrange(a.withThreaded(!a.threaded()), a.threaded() ? "Flat view." : "Threaded view.");
            }
            case KeyMap.SORT_NEXT -> {
                IndexView.Arrangement a = index.arrangement();
                arrange(a.withKey(a.key().next()), "Sorted by " + a.key().next().label() + ".");
            }
            case KeyMap.SORT_REVERSE -> {
                IndexView.Arrangement a = index.arrangement();
                arrange(a.withReverse(!a.reverse()), a.reverse() ? "Natural order." : "Reversed order.");
            }
            case KeyMap.COLLAPSE_THREAD, KeyMap.COLLAPSE_ALL -> {
                if (index.waitingForOrder()) {
                    status.notice("The threads are still being built.");
                } else if (!(command.equals(KeyMap.COLLAPSE_THREAD) ? index.toggleCollapse() : index.toggleCollapseAll())) {
                    status.notice("Threads are off; " + keyFor(KeyMap.TOGGLE_THREADS) + " turns them on.");
                }
            }
            case KeyMap.MAIL -> compose.compose(index.account());
            case KeyMap.RECALL -> compose.recall(index.account());
            case KeyMap.REPLY, KeyMap.REPLY_ALL, KeyMap.REPLY_LIST, KeyMap.FORWARD ->
                    index.selectedEnvelope().ifPresent(e -> compose.answer(command, e));
            case KeyMap.BOUNCE -> index.selectedEnvelope().ifPresent(this::bounce);
            case KeyMap.FOCUS_SIDEBAR -> {
                if (sidebarShown && sidebar.fits(size.getColumns())) {
                    sidebar.moveTo(index.account(), index.folder());
                    mode = Mode.SIDEBAR;
                } else if (!sidebarShown) {
                    status.notice("The sidebar is hidden; " + keyFor(KeyMap.TOGGLE_SIDEBAR) + " shows it, " + keyFor(KeyMap.CHANGE_FOLDER) + " changes folder.");
                } else {
                    status.notice("The sidebar is hidden at this width; use " + keyFor(KeyMap.CHANGE_FOLDER) + " to change folder.");
                }
            }
            case KeyMap.TOGGLE_SIDEBAR -> toggleSidebar();
            case KeyMap.PIPE -> pipe(actions.takeTargets(), false);
            case KeyMap.PIPE_DECODED -> pipe(actions.takeTargets(), true);
            default -> actions.handle(command);
        }
    }

    private void toggleSidebar() {
        sidebarShown = !sidebarShown;
        if (!sidebarShown && mode == Mode.SIDEBAR) mode = Mode.INDEX;
        if (sidebarShown && !sidebar.fits(size.getColumns())) status.notice("The terminal is too narrow for the sidebar.");
    }

    private void sidebarCommand(String command) {
        if (common(command)) return;
        switch (command) {
            case KeyMap.TOGGLE_SIDEBAR -> toggleSidebar();
            case KeyMap.NEXT -> sidebar.move(1);
            case KeyMap.PREV -> sidebar.move(-1);
            case KeyMap.FIRST -> sidebar.first();
            case KeyMap.LAST -> sidebar.last();
            case KeyMap.OPEN -> sidebar.cursorEntry().filter(e -> e.folder() != null).ifPresent(e -> {
                if (e.folder().attributes().contains(Sidebar.OUTBOX)) compose.showOutbox(e.account());
                else if (e.folder().selectable()) openFolder(e.account(), e.folder().name());
                else status.notice("That folder only holds other folders.");
            });
            case KeyMap.FOCUS_SIDEBAR, KeyMap.QUIT, KeyMap.BACK -> mode = Mode.INDEX;
            default -> { }
        }
    }

    private void pagerCommand(String command) {
        if (common(command)) return;
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
                mode = Mode.INDEX;
                if (linksOf != null || viewedFrom != null) {
                    Envelope back = linksOf != null ? linksOf : viewedFrom;
                    linksOf = null;
                    viewedFrom = null;
                    openMessage(back); // from the link list or an attachment's viewer output back to its message
                }
            }
            case KeyMap.SAVE_ATTACHMENT -> attachments.save();
            case KeyMap.OPEN_ATTACHMENT -> attachments.open();
            case KeyMap.FETCH_ATTACHMENTS -> fetchAttachments();
            case KeyMap.TOGGLE_HEADERS -> toggleHeaders();
            case KeyMap.SEARCH -> prompt.start("Find in message: ", this::findInMessage);
            case KeyMap.SEARCH_NEXT -> {
                switch (pager.findNext()) {
                    case WRAPPED -> status.notice("Search wrapped to the top.");
                    case NONE -> status.notice(pager.needle() == null
                            ? "No search yet: " + keyFor(KeyMap.SEARCH) + " searches in the message."
                            : "Not found: " + pager.needle());
                    default -> { }
                }
            }
            case KeyMap.MAIL -> compose.compose(index.account());
            case KeyMap.PIPE, KeyMap.PIPE_DECODED -> {
                if (pager.ref() != null) pipe(List.of(pager.ref()), command.equals(KeyMap.PIPE_DECODED));
            }
            case KeyMap.OPEN_LINK -> openLink();
            case KeyMap.BOUNCE -> {
                if (pager.ref() != null) shownEnvelope().ifPresent(this::bounce);
            }
            case KeyMap.REPLY, KeyMap.REPLY_ALL, KeyMap.REPLY_LIST, KeyMap.FORWARD -> {
                MessageRef shown = pager.ref();
                if (shown != null) shownEnvelope().ifPresent(e -> compose.answer(command, e));
            }
            default -> {
                // Marks on the message shown (or, after the tag prefix, on the tagged set).
                if (pager.ref() != null) actions.handle(command, this::shownEnvelope, this::pagerRemoval);
            }
        }
    }

    /** The message whose link list the pager shows (q goes back to it), or null. */
    private Envelope linksOf;
    /** The message whose attachment's copiousoutput viewer output the pager shows (q goes back to it), or null. */
    private Envelope viewedFrom;

    private void showViewerOutput(String title, String text) {
        Envelope from = pager.envelope();
        if (from == null) return;
        viewedFrom = from;
        linksOf = null;
        pager.loading(null, null);
        pager.show(new dev.postern.render.RenderedMessage(List.of(new dev.postern.render.RenderedMessage.Header("Viewer",
                title)), text.isEmpty() ? "(no output)" : text, List.of(), List.of()));
        mode = Mode.PAGER;
    }

    /**
     * The open-link key (mutt's urlview): the message's links listed in the pager, numbered; the number
     * typed opens that one with {@code $BROWSER}, which gets the terminal until it exits (a text browser
     * runs in it; a graphical one returns at once). q on the list goes back to the message.
     */
    private void openLink() {
        boolean onList = linksOf != null && pager.ref() == null;
        List<String> links;
        if (onList) {
            links = shownLinks;
        } else {
            dev.postern.render.RenderedMessage m = pager.message();
            if (m == null) {
                status.notice("The message is still loading.");
                return;
            }
            links = Links.of(m);
        }
        if (links.isEmpty()) {
            status.notice("This message has no links.");
            return;
        }
        if (!onList && pager.envelope() != null) {
            linksOf = pager.envelope();
            shownLinks = links;
            StringBuilder body = new StringBuilder();
            for (int i = 0; i < links.size(); i++) body.append('[').append(i + 1).append("] ").append(links.get(i)).append('\n');
            pager.loading(null, null);
            pager.show(new dev.postern.render.RenderedMessage(List.of(new dev.postern.render.RenderedMessage.Header("Links",
                    String.valueOf(links.size()))), body.toString(), List.of(), List.of()));
        }
        int n = links.size();
        prompt.start("Open link " + (n == 1 ? "1" : "1-" + n) + " (Enter: 1): ", answer -> {
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
            String url = links.get(k - 1);
            List<String> argv = Links.command(Links.environment.get(), url);
            int[] exit = {-1};
            String[] failure = {null};
            loop.suspend(() -> {
                try {
                    exit[0] = new ProcessBuilder(argv).inheritIO().start().waitFor();
                } catch (java.io.IOException e) {
                    failure[0] = e.getMessage();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            if (failure[0] != null) status.error("Could not run " + Sanitizer.oneLine(argv.get(0)) + " (set $BROWSER): " + Sanitizer.oneLine(failure[0]));
            else if (exit[0] != 0) status.error(Sanitizer.oneLine(argv.get(0)) + " exited with status " + exit[0] + " for link " + k + ".");
            else status.notice("Opened link " + k + ": " + Sanitizer.oneLine(url));
        });
    }

    private List<String> shownLinks = List.of();

    /**
     * b (mutt's bounce-message): asks for the new recipients (Tab completes addresses seen in the store), then y/n,
     * then remails the original unchanged with Resent-* headers, from the identity it was sent to; off this thread.
     */
    private void bounce(dev.postern.model.Envelope e) {
        dev.postern.compose.Outgoing out = c.outgoing();
        if (out == null) {
            status.error("Sending is not set up here; add [accounts.NAME.smtp] to the config.");
            return;
        }
        java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                out.completeAddress("", 1); // the address book scans the store once: not on this thread
            } catch (RuntimeException ignored) {
                // completion then offers nothing
            }
        });
        prompt.start("Bounce to: ", line -> {
            List<String> to = dev.postern.compose.DraftFile.split(line);
            if (to.isEmpty()) {
                status.notice("Not bounced.");
                return;
            }
            prompt.ask("Bounce the message to " + Sanitizer.oneLine(String.join(", ", to)) + "? (y/n)", yes -> {
                if (!yes) {
                    status.notice("Not bounced.");
                    return;
                }
                status.notice("Bouncing…");
                MessageRef ref = e.ref();
                c.raw(ref).thenApplyAsync(raw -> {
                    dev.postern.config.IdentityConfig.Identity i = dev.postern.compose.Identities.forOriginal(
                            out.identities(ref.account()), e, raw);
                    String from = i != null ? i.from() : out.fromAddress(ref.account());
                    if (from == null) {
                        throw new dev.postern.model.PosternException(dev.postern.model.ExitCode.CONFIG, "account "
                                + ref.account() + " has no From address; set from in its smtp table.");
                    }
                    return out.bounce(ref.account(), dev.postern.compose.Bounce.prepare(raw, from, to,
                            java.time.Clock.systemDefaultZone()));
                }).whenComplete((r, err) -> loop.post(() -> {
                    if (err != null) status.error(Errors.sentence(err, "Bouncing"));
                    else status.notice("Bounced to " + Sanitizer.oneLine(String.join(", ", r.recipients())) + ".");
                }));
            });
        }, null, (words, partial) -> {
            String p = partial.startsWith(",") ? partial.substring(1) : partial;
            if (p.isEmpty()) return List.of();
            try {
                return out.completeAddress(p, 10).stream().map(dev.postern.config.IdentityConfig::bare).distinct().toList();
            } catch (RuntimeException ex) {
                return List.of();
            }
        });
    }

    /**
     * mutt's pipe-message: asks for a shell command, gives it the messages' exact bytes one after another (or,
     * {@code decoded}, as mutt's pipe_decode, their text as the pager shows it: the displayed header fields, a blank
     * line and the decoded body, in UTF-8), and shows what it printed in the pager, its exit status on the status
     * line. The bytes come from the store or the server and the command runs on threads of their own: the screen
     * never waits for it.
     */
    private void pipe(List<MessageRef> targets, boolean decoded) {
        if (targets.isEmpty()) {
            status.notice("There is no message to pipe.");
            return;
        }
        String what = (targets.size() == 1 ? "the message" : targets.size() + " messages") + (decoded ? " as text" : "");
        prompt.start("Pipe " + what + " to command: ", line -> {
            String command = line.strip();
            if (command.isEmpty()) return;
            status.notice("Running " + Sanitizer.oneLine(command) + "…");
            java.util.concurrent.CompletableFuture<java.io.ByteArrayOutputStream> bytes =
                    java.util.concurrent.CompletableFuture.completedFuture(new java.io.ByteArrayOutputStream());
            for (MessageRef ref : targets) {
                bytes = bytes.thenCompose(out -> (decoded ? c.read(ref).thenApply(MailUi::decodedText) : c.raw(ref)).thenApply(raw -> {
                    out.writeBytes(raw);
                    return out;
                }));
            }
            bytes.thenCompose(out -> Pipe.run(command, out.toByteArray())).whenComplete((r, err) -> loop.post(() -> {
                if (err != null) {
                    status.error(Errors.sentence(err, "Piping to " + command));
                    return;
                }
                List<dev.postern.render.RenderedMessage.Header> headers = List.of(
                        new dev.postern.render.RenderedMessage.Header("Command", command),
                        new dev.postern.render.RenderedMessage.Header("Exit status", String.valueOf(r.exitStatus())));
                String body = r.output().isEmpty() ? "(no output)" : r.output();
                if (r.truncated()) body += "\n(output cut at " + Pipe.MAX_OUTPUT / (1024 * 1024) + " MiB)";
                pager.loading(null, null);
                pager.show(new dev.postern.render.RenderedMessage(headers, body, List.of(), List.of()));
                mode = Mode.PAGER;
                String sentence = "The command exited with status " + r.exitStatus() + ": " + Sanitizer.oneLine(command);
                if (r.exitStatus() == 0) status.notice(sentence);
                else status.error(sentence);
                if (targets.size() > 1) actions.untag(targets);
            }));
        }, null, null);
    }

    /** A message as pipe-decoded gives it: its displayed header fields, a blank line, its decoded body (UTF-8). */
    static byte[] decodedText(dev.postern.render.RenderedMessage m) {
        StringBuilder t = new StringBuilder();
        for (dev.postern.render.RenderedMessage.Header h : m.headers()) {
            t.append(Sanitizer.oneLine(h.name())).append(": ").append(Sanitizer.oneLine(h.value())).append('\n');
        }
        t.append('\n').append(m.body());
        if (!m.body().endsWith("\n")) t.append('\n');
        return t.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * The message in the pager with its flags as the index's snapshot has them now (the snapshot follows
     * flag changes), else as it was opened. Never a store read: toggles on it answer at once.
     */
    private java.util.Optional<Envelope> shownEnvelope() {
        MessageRef ref = pager.ref();
        if (ref == null) return java.util.Optional.empty();
        java.util.Optional<Envelope> e = index.snapshotOf(ref);
        return e.isPresent() ? e : java.util.Optional.ofNullable(pager.envelope());
    }

    /**
     * A delete or move from the pager is about to be sent: remembers, in the index's current arrangement,
     * the rows after and before the message shown, so that once it is gone the pager moves on the way mutt
     * does: to the next message not removed, else the previous one, else back to the index.
     */
    private Runnable pagerRemoval(List<MessageRef> removed) {
        MessageRef shown = pager.ref();
        if (shown == null || !removed.contains(shown)) return () -> { };
        java.util.Set<MessageRef> gone = new java.util.HashSet<>(removed);
        List<MessageRef> after = new java.util.ArrayList<>();
        List<MessageRef> before = new java.util.ArrayList<>();
        boolean onShown = index.selectedEnvelope().map(e -> e.ref().equals(shown)).orElse(false)
                || index.selectRef(shown, 0);
        if (!onShown) return () -> afterPagerRemoval(shown, gone, after, before);
        // One more row than could be removed on each side finds a survivor when there is one.
        int reach = Math.min(gone.size() + 1, 1_000);
        int at = index.selected();
        if (index.usesOrder()) {
            for (int i = at + 1; i < index.total() && after.size() < reach; i++) index.envelopeAt(i).ifPresent(e -> after.add(e.ref()));
            for (int i = at - 1; i >= 0 && before.size() < reach; i--) index.envelopeAt(i).ifPresent(e -> before.add(e.ref()));
            return () -> afterPagerRemoval(shown, gone, after, before);
        }
        // The store's pages, read off the UI thread, sent before the removal is: rows before the shown one
        // stay where they are, and reading from its row on finds the rows after it whether or not the
        // removal has landed yet (the removed ones are skipped below).
        String account = index.account();
        String folder = index.folder();
        java.util.concurrent.CompletableFuture<List<List<MessageRef>>> neighbours = reader.submit(() -> {
            List<MessageRef> a = new java.util.ArrayList<>();
            List<MessageRef> b = new java.util.ArrayList<>();
            for (Envelope e : c.page(account, folder, at, reach + 1)) if (!e.ref().equals(shown)) a.add(e.ref());
            int from = Math.max(0, at - reach);
            List<Envelope> earlier = c.page(account, folder, from, at - from);
            for (int i = earlier.size() - 1; i >= 0; i--) b.add(earlier.get(i).ref());
            return List.of(a, b);
        });
        return () -> neighbours.whenComplete((n, err) -> loop.post(() -> {
            if (err == null) {
                after.addAll(n.get(0));
                before.addAll(n.get(1));
            }
            afterPagerRemoval(shown, gone, after, before);
        }));
    }

    /** The removal succeeded (the store no longer has the messages): the pager never stays on one of them. */
    private void afterPagerRemoval(MessageRef shown, java.util.Set<MessageRef> gone, List<MessageRef> after, List<MessageRef> before) {
        indexStale = true;
        if (!shown.equals(pager.ref())) return; // left meanwhile
        List<MessageRef> candidates = new java.util.ArrayList<>(after);
        candidates.addAll(before);
        candidates.removeAll(gone);
        // Whether the shown message is really gone and which candidate survives: store reads, off the UI thread.
        reader.read("pager-moves-on", () -> {
            if (c.envelope(shown).isPresent()) return java.util.Optional.<java.util.Optional<Envelope>>empty(); // still there
            for (MessageRef next : candidates) {
                java.util.Optional<Envelope> e = c.envelope(next);
                if (e.isPresent()) return java.util.Optional.of(e);
            }
            return java.util.Optional.of(java.util.Optional.<Envelope>empty());
        }, answer -> {
            if (answer.isEmpty() || !shown.equals(pager.ref())) return;
            boolean inPager = mode == Mode.PAGER || (mode == Mode.HELP && beforeHelp == Mode.PAGER);
            if (!inPager) return; // the index shows the change on its own
            java.util.Optional<Envelope> next = answer.get();
            if (next.isPresent()) {
                index.selectRef(next.get().ref(), gone.size());
                boolean helpOpen = mode == Mode.HELP;
                openMessage(next.get());
                if (helpOpen) mode = Mode.HELP; // the help screen stays; closing it shows the next message
                return;
            }
            // Nothing left to show: back to the index (a late reply for the removed message is dropped).
            pager.loading(null, null);
            if (mode == Mode.PAGER) mode = Mode.INDEX;
            if (mode == Mode.HELP && beforeHelp == Mode.PAGER) beforeHelp = Mode.INDEX;
        });
    }

    private String keyFor(String command) {
        List<String> k = keys.keysFor(command);
        return k.isEmpty() ? ":" + command : k.get(0);
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
        c.raw(ref).whenComplete((raw, err) -> loop.post(() -> {
            if (!ref.equals(pager.ref())) return;
            if (err != null) {
                status.error(Errors.sentence(err, "Reading the headers"));
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
        c.raw(ref).thenCompose(raw -> c.read(ref)).whenComplete((msg, err) -> loop.post(() -> {
            if (!ref.equals(pager.ref())) return;
            if (err != null) {
                status.error(Errors.sentence(err, "Downloading the attachments"));
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
        MessageRef from = pager.ref();
        index.step(delta, (target, e) -> {
            if (mode != Mode.PAGER || from == null || !from.equals(pager.ref())) return; // the user went elsewhere meanwhile
            index.select(target);
            openMessage(e);
        }, () -> status.notice(delta > 0 ? "This is the last message." : "This is the first message."));
    }

    /** Never waits for the body: the reply is posted back, and a reply for a message left meanwhile is dropped. */
    private void openMessage(Envelope e) {
        linksOf = null;
        viewedFrom = null;
        MessageRef ref = e.ref();
        long request = pager.loading(ref, e);
        mode = Mode.PAGER;
        java.util.concurrent.CompletableFuture<dev.postern.render.RenderedMessage> read = c.read(ref, preview -> loop.post(() -> {
            if (pager.isCurrent(request)) pager.preview(preview); // attachments' text still being rendered
        }));
        pager.reading(request, read); // cancelled when the user leaves or opens another message first
        read.whenComplete((msg, err) -> loop.post(() -> {
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
                if (mode == Mode.PAGER && pager.isCurrent(request)) markSeen(ref);
            });
            if (pager.fullHeaders()) loadRawHeaders(ref);
        }));
    }

    /** With full headers on, the next message opens with its full headers too. */
    private void loadRawHeaders(MessageRef ref) {
        c.raw(ref).whenComplete((raw, err) -> loop.post(() -> {
            if (err == null && ref.equals(pager.ref())) pager.rawHeaders(dev.postern.render.RawHeaders.parse(raw));
        }));
    }

    private void markSeen(MessageRef ref) {
        c.markSeen(ref).whenComplete((v, err) -> loop.post(() -> {
            if (err != null) status.error(Errors.sentence(err, "Marking the message read"));
            else if (index.isCurrent(ref.account(), ref.folder())) indexStale = true;
        }));
    }

    private void search(String text) {
        if (text.isEmpty()) return;
        index.searchForward(text, found -> {
            if (!found) status.notice("Not found: " + text);
        });
    }

    private void changeFolder(String name) {
        String wanted = unquote(name);
        if (wanted.isEmpty()) return;
        if (c.isAllInboxes(wanted)) {
            openFolder(MailController.UNIFIED, MailController.ALL_INBOXES);
            return;
        }
        String account = index.account();
        List<Folder> known = sidebar.folders(account);
        for (Folder f : known) {
            if (f.name().equals(wanted) || f.name().equalsIgnoreCase(wanted)) {
                openFolder(account, f.name());
                return;
            }
        }
        if (known.isEmpty()) {
            openFolder(account, wanted); // folder list not loaded yet: let the controller decide
        } else {
            status.error("No folder named " + Sanitizer.oneLine(wanted) + " in " + Sanitizer.oneLine(account) + ".");
        }
    }

    /**
     * Index rows above the message in the split view: the setting's, but never more than a third of the rows, so
     * the message keeps at least two thirds (at 80x24: 6 index rows, a rule, 15 message rows); 0 when off.
     */
    private int splitRows(int contentRows) {
        if (!split || linksOf != null || viewedFrom != null || pager.ref() == null) return 0;
        int above = Math.min(splitLines, (contentRows - 1) / 3);
        return above >= 1 ? above : 0;
    }

    @Override
    public void draw(Screen screen) {
        if (indexStale) {
            indexStale = false;
            index.reload();
            // A built order is rebuilt when messages came or went (also as many in as out, which leaves the
            // count as it was); flag changes only re-read visible rows. Many events make one rebuild.
            if (index.usesOrder() && membershipChanged) {
                arranger.forget();
                rearrange(true);
            } else if (index.usesOrder()) {
                String account = index.account();
                String folder = index.folder();
                IndexView.Arrangement a = index.arrangement();
                reader.read("arranged-count", () -> c.count(account, folder), n -> {
                    if (n != arrangedCount && index.isCurrent(account, folder) && index.arrangement().equals(a)) {
                        arrangedCount = n;
                        arranger.forget();
                        rearrange(true);
                    }
                });
            }
            membershipChanged = false;
        }
        if (sidebarStale) {
            sidebarStale = false;
            sidebar.reload();
        }
        size = screen.getTerminalSize();
        int w = size.getColumns();
        int h = size.getRows();
        screen.clear();
        TextGraphics g = screen.newTextGraphics();
        // A long error is wrapped over as many rows as it needs (up to half the screen), never cut off.
        int messageRows = prompt.active() || compose.inputActive() ? 1 : status.rows(w, Math.max(1, (h - 2) / 2));
        int contentRows = Math.max(0, h - 1 - messageRows);
        switch (mode) {
            case HELP -> help.draw(g, palette, 0, w, contentRows);
            case COMPOSE -> compose.draw(g, palette, w, contentRows);
            case PAGER -> {
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
            default -> {
                int col = 0;
                if (sidebarShown && sidebar.fits(w)) {
                    sidebar.draw(g, palette, 0, contentRows, index.account(), index.folder(), mode == Mode.SIDEBAR);
                    col = sidebar.width() + 1;
                } else if (mode == Mode.SIDEBAR) {
                    mode = Mode.INDEX;
                }
                index.setRows(contentRows);
                index.draw(g, palette, col, 0, w - col, contentRows);
            }
        }
        if (h >= 1 + messageRows) {
            String position = mode == Mode.PAGER ? (index.selected() + 1) + "/" + index.total() + " " + pager.position()
                    : (index.total() == 0 ? 0 : index.selected() + 1) + "/" + index.total();
            boolean barCurrent = index.account() != null && index.account().equals(barAccount);
            status.drawBar(g, palette, h - 1 - messageRows, w, index.account(), index.folder(), position,
                    barCurrent ? barState : null, barCurrent ? barQueued : 0);
        }
        TerminalPosition cursor = null;
        if (prompt.active()) cursor = prompt.draw(g, palette, h - 1, w);
        else if (compose.inputActive()) cursor = compose.drawInput(g, palette, h - 1, w);
        else status.drawMessage(g, palette, h - messageRows, w, messageRows);
        screen.setCursorPosition(cursor);
    }
}
