package dev.postern.cli;

import dev.postern.config.AccountConfig;
import dev.postern.config.PasswordResolver;
import dev.postern.controller.AddressBook;
import dev.postern.controller.Event;
import dev.postern.model.ExitCode;
import dev.postern.model.Folder;
import dev.postern.model.PosternException;
import dev.postern.model.Capability;
import dev.postern.render.Sanitizer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;
import org.jline.reader.SyntaxError;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import picocli.CommandLine;

/**
 * The REPL behind {@code postern shell}: each line is a batch command line run by the same picocli
 * {@link CommandLine} (so the same exit codes and one-sentence errors) against the one {@link Wiring}
 * of the process. Interactive on a JLine terminal (completion, history, new-mail notices above the
 * prompt), or reading a script line by line.
 */
final class Shell {
    static final String PROMPT = "postern> ";

    private final CommandLine cl;
    private final Wiring ctx;
    private final PrintWriter out;
    private final PrintWriter err;
    private final DefaultParser parser = new DefaultParser();
    private AddressBook addresses;
    private volatile boolean addressesStale;
    private volatile LineReader reader;
    /** Held by whoever reads from the terminal: the prompt, or a password question (never both). */
    private final java.util.concurrent.locks.ReentrantLock terminalInput = new java.util.concurrent.locks.ReentrantLock();

    private volatile boolean commandRunning;

    /** Set by {@code exit}. */
    private boolean done;
    private int exitCode;

    Shell(CommandLine cl, Wiring ctx, PrintWriter out, PrintWriter err) {
        this.cl = cl;
        this.ctx = ctx;
        this.out = out;
        this.err = err;
    }

    /** Reads commands from {@code in} until its end or {@code exit}; prints only what the commands print. */
    int script(BufferedReader in) throws IOException {
        String line;
        while (!done && (line = in.readLine()) != null) {
            List<String> words;
            try {
                words = parser.parse(line, line.length(), Parser.ParseContext.ACCEPT_LINE).words();
            } catch (SyntaxError e) {
                say("cannot read the line '" + line + "' (" + e.getMessage() + ").");
                continue;
            }
            run(words);
        }
        return exitCode;
    }

    /** The prompt on a terminal; returns when the user types {@code exit} or Ctrl-D. */
    int interactive(Terminal terminal, Path historyFile) {
        LineReader r = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("postern")
                .parser(parser)
                .completer(new ShellCompleter(cl.getCommandSpec(), sources()))
                .variable(LineReader.HISTORY_FILE, historyFile)
                .option(LineReader.Option.CASE_INSENSITIVE, true)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true) // '!' is a query word, not history
                .build();
        reader = r;
        try {
            dev.postern.model.OwnerOnly.directories(historyFile.getParent());
        } catch (IOException e) {
            say("cannot create " + historyFile.getParent() + " for the history (" + e.getMessage() + ").");
        }
        // Passwords are asked through this reader, and only while it is not waiting at the prompt.
        ctx.setPasswordPrompt(account -> {
            // A background connection (the INBOX watch) must not ask while the prompt waits: it tries again later.
            if (!terminalInput.tryLock()) return null;
            try {
                return TerminalPasswordPrompt.on(() -> r).ask(account);
            } finally {
                terminalInput.unlock();
            }
        });
        // reply/forward: the confirmation through this reader, the editor with this terminal's input paused.
        if (cl.getCommand() instanceof PosternCommand root) {
            root.setTerminalHandoff(new PosternCommand.TerminalHandoff() {
                @Override
                public String ask(String question) {
                    terminalInput.lock();
                    try {
                        return r.readLine(question);
                    } catch (UserInterruptException | EndOfFileException e) {
                        return "";
                    } finally {
                        terminalInput.unlock();
                    }
                }

                @Override
                public void released(Runnable work) {
                    // The prompt is not reading now (the command runs on its thread), so the editor has the keys.
                    // Not terminal.pause(): on a terminal with an input pump, resuming it lost the next keys.
                    terminalInput.lock();
                    try {
                        work.run();
                    } finally {
                        terminalInput.unlock();
                    }
                }
            });
        }
        List<String> watched = askPasswords();
        Thread main = Thread.currentThread();
        // Ctrl-C while a command runs interrupts it (its wait for the server ends with "interrupted.");
        // at the prompt the line reader handles it, and a late signal must not cancel the next command.
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, s -> {
            if (commandRunning) main.interrupt();
        });
        try (MailNotices notices = new MailNotices(ctx.controller(), this::notice)) {
            notices.watch(watched);
            // A long-lived owner of the store, as the reader and the daemon: an index left behind (a crash, a short
            // command's set-aside catch-up) catches up on the index's own worker while the prompt waits.
            ctx.controller().catchUpSearchIndex();
            while (!done) {
                String line;
                terminalInput.lock();
                try {
                    line = r.readLine(PROMPT);
                } catch (UserInterruptException e) { // Ctrl-C: the line is dropped, the shell goes on
                    Thread.interrupted();
                    continue;
                } catch (EndOfFileException e) { // Ctrl-D
                    break;
                } finally {
                    terminalInput.unlock();
                }
                Thread.interrupted(); // a Ctrl-C seen by the line reader must not cancel the next command
                commandRunning = true;
                try {
                    run(r.getParsedLine().words());
                } finally {
                    commandRunning = false;
                }
                Thread.interrupted(); // a Ctrl-C that ended the command must not end the next one
            }
        } finally {
            terminal.handle(Terminal.Signal.INT, previous);
            try {
                r.getHistory().save();
            } catch (IOException e) {
                say("cannot save the history to " + historyFile + " (" + e.getMessage() + ").");
            }
            out.flush();
        }
        return exitCode;
    }

    /**
     * Asks now for every password that has no source, so nothing asks later while the prompt waits.
     * Returns the IMAP accounts whose INBOX can be watched (a refused question leaves its account out).
     */
    private List<String> askPasswords() {
        List<String> watched = new ArrayList<>();
        for (AccountConfig a : ctx.config().accounts()) {
            // Only a server that keeps the mail's state has new mail to watch for (as the controller's watch says).
            if (!ctx.controller().capabilities(a.name()).contains(Capability.SERVER_FLAGS)) continue;
            if (PasswordResolver.asks(a)) {
                try {
                    ctx.passwords().resolve(a);
                } catch (PosternException e) {
                    say(e.getMessage());
                    continue;
                }
            }
            watched.add(a.name());
        }
        return watched;
    }

    private void notice(String text) {
        LineReader r = reader;
        if (r != null) r.printAbove(text);
    }

    /** Runs one parsed line and returns its exit code; `exit` marks the shell done. */
    int run(List<String> words) {
        List<String> w = new ArrayList<>();
        for (String s : words) if (!s.isEmpty()) w.add(s);
        if (w.isEmpty() || w.get(0).startsWith("#")) return 0;
        String first = w.get(0);
        int code;
        switch (first) {
            case "exit", "quit" -> {
                done = true;
                if (w.size() > 1) {
                    try {
                        exitCode = Integer.parseInt(w.get(1));
                    } catch (NumberFormatException e) {
                        return usage("exit takes a number, not '" + w.get(1) + "'.");
                    }
                }
                return 0;
            }
            case "help", "?" -> {
                if (w.size() == 1) {
                    cl.usage(out);
                    out.println("In the shell: every command above without `postern`, plus `help COMMAND` and `exit`.");
                    out.flush();
                    return 0;
                }
                CommandLine sub = cl.getSubcommands().get(w.get(1));
                if (sub == null) return usage("there is no command '" + w.get(1) + "'; `help` lists them.");
                sub.usage(out);
                out.flush();
                return 0;
            }
            default -> { }
        }
        if (!first.startsWith("-") && !cl.getSubcommands().containsKey(first)) {
            return usage("there is no command '" + first + "'; `help` lists them.");
        }
        if (first.startsWith("-") && w.stream().noneMatch(cl.getSubcommands()::containsKey)
                && w.stream().noneMatch(s -> List.of("-h", "--help", "-V", "--version").contains(s))) {
            // Without a command the root would open the full-screen reader.
            return usage("name a command after the options (e.g. `-a work list`); `help` lists them.");
        }
        // What a line did (a send) is that line's: a failed output before or after it is the shell's own failure (74),
        // which ends the shell; the line said what it did when its report could not be printed.
        CheckedOutput checked = cl.getCommand() instanceof PosternCommand root && root.rawOut() instanceof CheckedOutput c ? c : null;
        if (checked != null) checked.nextCommand();
        try {
            code = cl.execute(w.toArray(String[]::new));
        } catch (Error e) {
            // picocli hands an Error on: it ended the shell. The line's bug: logged, one sentence, 70; the shell, which may
            // own the data directory for others, goes on (hunt 38-Q, Q14).
            code = CommandErrors.failed(e, err);
        }
        if (checked != null) checked.nextCommand();
        out.flush();
        err.flush();
        // A configuration error may be a mistyped password: ask again on the next connection, not never.
        if (code == ExitCode.CONFIG.code()) ctx.passwords().forgetTyped();
        return code;
    }

    private int usage(String sentence) {
        say(sentence);
        return ExitCode.USAGE.code();
    }

    private void say(String sentence) {
        err.println("postern: " + Sanitizer.diagnostic(sentence));
        err.flush();
    }

    private ShellCompleter.Sources sources;

    /** Completion values from the store and config of this process (never the network). */
    synchronized ShellCompleter.Sources sources() {
        if (sources == null) sources = makeSources();
        return sources;
    }

    private ShellCompleter.Sources makeSources() {
        ctx.controller().subscribe(e -> {
            if (e instanceof Event.EnvelopesLoaded) addressesStale = true;
        });
        return new ShellCompleter.Sources() {
            @Override
            public List<String> accounts() { return ctx.controller().accounts(); }

            @Override
            public String defaultAccount() { return ctx.account(null); }

            @Override
            public List<String> folders(String account) {
                if (!ctx.controller().accounts().contains(account)) return List.of();
                List<String> names = new ArrayList<>();
                for (Folder f : ctx.controller().folders(account)) names.add(f.name());
                if (!ctx.controller().unifiedInbox().isEmpty()) names.add(dev.postern.controller.MailController.ALL_INBOXES);
                return names;
            }

            @Override
            public List<String> addresses(String prefix) {
                return addressBook().complete(prefix, 50);
            }
        };
    }

    private synchronized AddressBook addressBook() {
        if (addresses == null || addressesStale) {
            addressesStale = false;
            addresses = ctx.controller().addressBook(ctx.controller().accounts());
        }
        return addresses;
    }
}
