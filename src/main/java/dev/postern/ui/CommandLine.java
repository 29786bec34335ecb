package dev.postern.ui;

import dev.postern.command.Commands;
import dev.postern.command.FlagCommand;
import dev.postern.command.Option;
import dev.postern.controller.AddressBook;
import dev.postern.controller.MailController;
import dev.postern.model.Folder;
import dev.postern.model.MessageRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The ':' prompt and the batch side of a command line: the line split as a shell would, Tab completion
 * (command names, options, flags, accounts, folders, addresses), and a batch or typed command run on the
 * messages the view offers ({@link Mode#targets}), off the UI thread, its result on the status line.
 */
final class CommandLine {
    private final MailUi ui;
    private final MailController c;
    private final CommandRegistry registry;
    private final StatusLine status;
    private final History history;
    private final Supplier<AddressBook> addressSource;
    /** History saving and the address book scan: disk work that must not run on the UI thread. */
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "postern-ui-background");
        t.setDaemon(true);
        return t;
    });
    private AddressBook addresses;
    private boolean addressesRequested;

    CommandLine(MailUi ui, MailController c, CommandRegistry registry, StatusLine status, TuiOptions options) {
        this.ui = ui;
        this.c = c;
        this.registry = registry;
        this.status = status;
        this.history = History.load(options.historyFile(), background);
        this.addressSource = options.addresses();
    }

    /** The ':' key: the prompt, with history and completion; the address book starts being gathered. */
    void prompt() {
        requestAddresses();
        ui.prompt().start(":", this::runLine, history, this::complete);
    }

    /** Stops the background thread; the UI loop has ended. */
    void close() {
        background.shutdown();
    }

    /** The ':' prompt's line: split like a shell would (quotes, no expansion), then run. */
    private void runLine(String line) {
        String text = line.strip();
        if (text.startsWith(":")) text = text.substring(1).strip();
        if (text.isEmpty()) return;
        List<String> words;
        try {
            words = CommandWords.split(text, false, TypedPath.home(ui.loop().terminal()));
        } catch (IllegalArgumentException e) {
            status.error(dev.postern.render.Sanitizer.sentence(e.getMessage()));
            return;
        }
        if (words.isEmpty()) return;
        ui.run(words);
    }

    /**
     * A batch command. One that acts on messages gets the message in the pager, or under the cursor, or the
     * tagged ones after ';' (one run per account and folder, as the merged inbox spans accounts). Runs off
     * the UI thread against this process's controller; the result or error lands on the status line.
     */
    void runBatch(List<String> commandLine) {
        String name = commandLine.get(0);
        IndexView index = ui.index();
        if (!registry.takesMessages(name)) {
            String account = MailController.UNIFIED.equals(index.account()) ? null : index.account();
            // read, attachment: the message shown or under the cursor, used when the line names none (hunt 32-V, G9).
            List<MessageRef> own = registry.namesItsMessage(name) ? ui.mode().targets() : null;
            List<MessageRef> shown = own != null ? own : registry.namesItsMessage(name) ? ui.actions().takeTargets() : List.of();
            MessageRef first = shown.isEmpty() ? null : shown.get(0); // several (tagged, after ';'): the command says it takes one
            List<Long> uids = first == null ? null : shown.stream().map(MessageRef::uid).sorted().toList();
            status.notice("Running " + name + "…");
            registry.run(c, commandLine, first == null ? account : first.account(), first == null ? null : first.folder(),
                    first == null ? 0 : first.uidValidity(), uids).whenComplete((r, err) -> ui.loop().post(() -> {
                if (!finishedByScreen(name, r, err)) showResult(r, err);
            }));
            return;
        }
        Mode mode = ui.mode();
        List<MessageRef> own = mode.targets();
        List<MessageRef> targets = own != null ? own : ui.actions().takeTargets();
        if (targets.isEmpty()) {
            status.notice("There is no message to " + name + ".");
            return;
        }
        Map<String, List<MessageRef>> byFolder = new LinkedHashMap<>();
        for (MessageRef r : targets) byFolder.computeIfAbsent(r.account() + "\u0000" + r.folder() + "\u0000" + r.uidValidity(), k -> new ArrayList<>()).add(r);
        status.notice("Running " + name + " on " + targets.size() + " message(s)…");
        // What changes messages goes to the server as FOLDER UID: one shown from before its folder was made again under a
        // new UIDVALIDITY is gone, and must not reach the message that took its UID (hunt 43-R, R9). Read off the UI thread.
        boolean changes = Set.of(Commands.FLAG.name(), Commands.MOVE.name(), Commands.COPY.name(), Commands.DELETE.name()).contains(name);
        CompletableFuture<CommandOutcome> chain = !changes ? CompletableFuture.completedFuture(null) : ui.reader().submit(() -> {
            if (targets.stream().anyMatch(t -> c.envelope(t).isEmpty())) throw new dev.postern.model.MessageGone("not in its folder");
            return null;
        });
        for (List<MessageRef> group : byFolder.values()) {
            MessageRef first = group.get(0);
            List<Long> uids = group.stream().map(MessageRef::uid).sorted().toList();
            chain = chain.thenCompose(prev -> prev != null && prev.exitCode() != 0
                    ? CompletableFuture.completedFuture(prev)
                    : registry.run(c, commandLine, first.account(), first.folder(), first.uidValidity(), uids));
        }
        Runnable movesOn = mode.removing(targets);
        // Keys typed ahead on a message being deleted or moved wait until the index has read its rows again.
        boolean removes = name.equals(Commands.DELETE.name()) || name.equals(Commands.MOVE.name());
        if (removes) index.going(targets);
        chain.whenComplete((r, err) -> ui.loop().post(() -> {
            if (removes) index.settled(targets);
            if (finishedByScreen(name, r, err)) {
                ui.actions().untag(targets);
                return;
            }
            boolean ok = err == null && r != null && r.exitCode() == 0;
            if (ok) ui.actions().untag(targets);
            if (err != null && targets.size() == 1) status.failedOnShown(err, "Running the command"); // the one shown: GONE
            else showResult(r, err);
            if (ok) movesOn.run();
        }));
    }

    /** A typed result a screen finishes (reply's or forward's draft, recall's drafts) goes there, not to the status line. */
    private boolean finishedByScreen(String name, CommandOutcome r, Throwable err) {
        return err == null && r != null && r.typed() != null && ui.compose().takes(name, r.typed());
    }

    private void showResult(CommandOutcome r, Throwable err) {
        if (err != null) {
            status.failed(err, "Running the command");
        } else if (r.exitCode() != 0) {
            status.error(r.summary().isEmpty() ? "The command failed (exit " + r.exitCode() + ")." : r.summary());
        } else {
            status.notice(r.summary().isEmpty() ? "Done." : r.summary());
        }
        ui.indexMode().stale(false);
        ui.sidebarMode().stale();
    }

    /**
     * Tab in the ':' prompt: command names for the first word; a batch command's options after '-'; then
     * folder names of the current account; then addresses seen in the store (or when the word has an '@').
     */
    private List<String> complete(List<String> words, String partial) {
        String p = partial.toLowerCase(Locale.ROOT);
        String account = ui.index().account();
        List<String> out = new ArrayList<>();
        if (words.isEmpty()) {
            for (String n : registry.names()) if (n.startsWith(p) && registry.availableFor(n, c, account)) out.add(n);
            return out;
        }
        if (p.startsWith("-")) {
            for (String o : registry.options(words.get(0))) if (o.startsWith(p)) out.add(o);
            return out;
        }
        Option.Value value = registry.valueOf(words.get(0), words.get(words.size() - 1));
        if (value == Option.Value.FLAG) {
            for (String f : FlagCommand.flagNames()) if (f.startsWith(p)) out.add(f);
            return out;
        }
        if (value == Option.Value.ACCOUNT) {
            for (String a : c.accounts()) if (a.toLowerCase(Locale.ROOT).startsWith(p)) out.add(a);
            return out;
        }
        if (!p.contains("@")) {
            Set<String> folders = new TreeSet<>();
            List<String> accounts = MailController.UNIFIED.equals(account) ? c.accounts() : List.of(account);
            for (String a : accounts) for (Folder f : ui.sidebar().folders(a)) folders.add(f.name());
            for (String f : folders) if (f.toLowerCase(Locale.ROOT).startsWith(p)) out.add(f);
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
                AddressBook book = addressSource.get();
                ui.loop().post(() -> addresses = book);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(MailUi.class).warn("address book", e);
                ui.loop().post(() -> status.failed(e, "Gathering addresses"));
            }
        });
    }
}
