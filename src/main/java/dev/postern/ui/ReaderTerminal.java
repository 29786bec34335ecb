package dev.postern.ui;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The terminal a reader runs on, as the reader's code sees it when a program must run there ($EDITOR for a
 * draft, $BROWSER for a link) or for the person at it (a pipe's command, in their directory and environment).
 * The process's own terminal ({@link #OWN}), or the terminal of a client the owner of the mail serves a reader
 * to (resident.ServedReader): the reader's code asks here and never knows which it has.
 */
public interface ReaderTerminal {
    /**
     * Runs {@code argv} with this terminal given over to it (the caller has stepped the screen aside: {@link
     * UiLoop#runAtTerminal}), in the environment and directory of the person at it; its exit status.
     */
    int run(List<String> argv) throws IOException, InterruptedException;

    /**
     * Runs {@code argv} off the terminal for the person at it: standard input from {@code input}, standard output
     * and error into {@code output} (both files on this machine); its exit status.
     */
    int runCaptured(List<String> argv, Path input, Path output) throws IOException, InterruptedException;

    /** The environment of the person at this terminal: where $EDITOR, $BROWSER, TERM and LANG come from. */
    Map<String, String> environment();

    /**
     * The working directory of the person at this terminal, where a relative path they type is: a served reader's
     * client's (the wire carries it), not the owner's (hunt 38-A, A9).
     */
    default Path directory() {
        return Path.of("").toAbsolutePath();
    }

    /** Whether this reader is served to another postern's terminal (it is not this process's own). */
    boolean served();

    /**
     * The reader on this terminal ended showing {@code folder} of {@code account} (either null when it cannot tell;
     * {@code MailController.UNIFIED} for All Inboxes): a served reader started again after a handover opens there.
     */
    default void ended(String account, String folder) {}

    /**
     * As {@link #ended(String, String)}, with the message the pager showed ({@code shown}; null when none): a reader
     * started again after a handover opens it.
     */
    default void ended(String account, String folder, dev.postern.model.MessageRef shown) {
        ended(account, folder);
    }

    /**
     * Where the reader that ran on this terminal before was when the postern serving it stopped: {account, folder} or
     * {account, folder, UIDVALIDITY, UID}; null when this reader was not started by such a handover.
     */
    default String[] handedOver() { return null; }

    /**
     * One line for the person at this terminal once the reader's screen is put away (a draft left unsent): the
     * process's standard error, or the served client's.
     */
    default void tell(String line) {
        System.err.println(line);
    }

    /**
     * Whether nobody sees this terminal: a daemon's warm-up (resident.ReaderWarmUp) draws one screen to load what a
     * reader needs. Such a reader ends once its first screen with the store's rows is drawn, before anything that
     * waits behind it (server sessions, the folder's sync and read-ahead) starts.
     */
    default boolean offScreen() { return false; }

    /**
     * The sentence for {@code what} (a capitalised noun phrase: "Signing in") where only the process's own terminal
     * will do; null on that terminal.
     */
    default String onlyInOwner(String what) {
        if (!served()) return null;
        return what + " runs only in the postern that owns the mail (pid " + ProcessHandle.current().pid() + ").";
    }

    /** This process's own terminal: programs inherit its standard input, output and error. */
    ReaderTerminal OWN = new ReaderTerminal() {
        @Override
        public int run(List<String> argv) throws IOException, InterruptedException {
            return dev.postern.model.SecretEnv.scrub(new ProcessBuilder(argv)).inheritIO().start().waitFor();
        }

        @Override
        public int runCaptured(List<String> argv, Path input, Path output) throws IOException, InterruptedException {
            return dev.postern.model.SecretEnv.scrub(new ProcessBuilder(argv)).redirectInput(input.toFile()).redirectOutput(output.toFile())
                    .redirectErrorStream(true).start().waitFor();
        }

        @Override
        public Map<String, String> environment() { return dev.postern.model.HomeEnv.process(); }

        @Override
        public boolean served() { return false; }

        @Override
        public String[] handedOver() { return Tui.handedOverHere(); }
    };
}
