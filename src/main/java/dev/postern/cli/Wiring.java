package dev.postern.cli;

import dev.postern.config.AccountConfig;
import dev.postern.config.Config;
import dev.postern.controller.MailController;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the command tree receives from the process's wiring ({@code app/AppContext}, which {@code app/Main}
 * makes through a {@link Factory}): the config, the controller (its capability interfaces are what a
 * command takes: see {@link PosternCommand}'s accessors), sending without the store, and the process's
 * password and start-up hooks. Never the store, a session or the wiring's own class: {@code LayersTest}
 * keeps {@code cli} and {@code ui} from naming {@code store} and {@code app.AppContext}.
 */
public interface Wiring extends AutoCloseable {
    /** Makes the wiring of one process (one config, one store, one controller). */
    @FunctionalInterface
    interface Factory {
        Wiring make(Map<String, String> env, Path configOverride);

        /** Starts the demo server of {@code postern demo}; a tree made without the process's wiring has none. */
        default DemoMail demo() throws java.io.IOException {
            throw new PosternException(ExitCode.UNAVAILABLE, "this postern was built without its demo server.");
        }
    }

    Map<String, String> env();

    /** The config, read on first use. */
    Config config();

    /**
     * For an owner, before each command it serves: reads the config file again when it changed since it was read
     * (its time, size or file), so a served command sees an edit as one run in its own process would. Returns null when
     * the config is current (re-read or unchanged); else names what changed that cannot change under a running owner
     * (its accounts, unified_inbox...), in which case nothing of the edit is applied. A mistake in the edited file throws
     * the config's own error (78), as in process.
     */
    default String rereadConfig() { return null; }

    /**
     * The controller, made on first use (which opens the store: a store held by another postern fails with
     * the model's {@link dev.postern.model.StoreInUseException}, 75).
     */
    MailController controller();

    /**
     * Writing and sending for every account without the controller: {@code send} takes it, because it still sends
     * (without outbox or local Sent copy) while another postern holds the store, which the controller cannot.
     */
    dev.postern.controller.Composing sending();

    /** The OAuth2 accounts' saved sign-ins without the controller: {@code auth status|logout} work while the store is held. */
    dev.postern.controller.SigningIn signIns();

    /** Attachment text (Tika in its own JVM, cached by content). */
    dev.postern.render.AttachmentTextExtractor attachmentText();

    /** The process's one password resolver (a typed password is asked once per account). */
    dev.postern.config.PasswordResolver passwords();

    /** Who asks for passwords of accounts without a source; null: nobody can be asked. */
    void setPasswordPrompt(dev.postern.config.PasswordPrompt prompt);

    /** Asks now for every password that has no source (before a screen or a prompt takes the terminal). */
    void askPasswords();

    /** Config, store and login of {@code account} (null: the first) started ahead: see {@code AppContext.prestart}. */
    void prestart(String account);

    /** Config and store opened ahead on a thread of their own (the reader's first screen). */
    void prestartStore();

    /**
     * The reader's start ahead: config and store as {@link #prestartStore}, and the login of {@code account} (null:
     * the first) when {@code folder} (null: INBOX) has nothing in the store; see {@code AppContext.prestartReader}.
     */
    default void prestartReader(String account, String folder) {
        prestartStore();
    }

    /**
     * The listing of the reader's folder asked now, before its first screen, when {@link #prestartReader} logged in
     * ahead for it (nothing of it stored); see {@code AppContext.refreshReaderAhead}. Returns whether it was asked.
     */
    default boolean refreshReaderAhead(String account, String folder) {
        return false;
    }

    /** The store and its search index opened ahead, for {@code search --local}: see {@code AppContext.prestartSearch}. */
    void prestartSearch();

    /**
     * The names of the account's folders as last listed into the store, in the store's order, without making
     * the controller: what {@code postern complete folders} prints for a Tab (never the network).
     */
    List<String> cachedFolderNames(String account);

    /** As {@link #cachedFolderNames}, only the folders that can hold messages (no \\Noselect): move/copy targets. */
    default List<String> cachedTargetNames(String account) { return cachedFolderNames(account); }

    /**
     * Who owns the data directory, and a daemon started, stopped or run here: what {@code postern daemon} acts on
     * (the wiring hands out the resident owner's side, which the command tree cannot name).
     */
    dev.postern.command.DataDirOwner owner();

    /** What opening the store and replays of the offline queue had to say in this process. */
    List<String> queueNotes();

    @Override
    void close();

    /**
     * Whether the last {@link #close} stopped work under way that says so when it ends (a compaction, a job): only then
     * does the process's shutdown hook wait for the command's last line (Ctrl-C must answer at once otherwise).
     */
    default boolean stoppedWork() { return false; }

    /** The account a command acts on: the one named, or the first in the config. */
    default String account(String requested) {
        Config c = config();
        if (requested != null) {
            if (c.account(requested).isEmpty()) {
                // The name typed decomposed (pasted from a macOS file name) of an account the config spells composed, or the
                // reverse: that account (hunt 39-I, I6; the two printed alike in the sentence below).
                String same = dev.postern.model.Folder.spelledAs(requested, c.accounts().stream().map(AccountConfig::name).toList());
                if (c.account(same).isPresent()) return same;
                throw new PosternException(ExitCode.USAGE, "there is no account '" + requested + "' in "
                        + c.source() + "; known: " + String.join(", ",
                        c.accounts().stream().map(AccountConfig::name).toList()) + ".");
            }
            return requested;
        }
        return c.accounts().get(0).name();
    }
}
