package dev.postern.resident;

import dev.postern.cli.PosternCommand;
import dev.postern.cli.Wiring;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;

/**
 * Runs one client's command line in the owner: the same picocli command tree as a postern process,
 * against the owner's one context (its open store, controller and logged-in accounts), with the client's
 * environment, terminal width, stdin and working directory (every path argument is resolved against it).
 */
final class Requests {
    private Requests() {}

    /**
     * What {@code r} waits for before it runs ({@link dev.postern.cli.ServedClaim}, read from the command it parses to);
     * everything when that cannot be told (a config that does not read: the command says so in its turn).
     */
    static dev.postern.cli.ServedClaim claim(Wiring ctx, Wire.Request r) {
        try {
            return dev.postern.cli.ServedClaim.of(ctx, Map.of(), r.args);
        } catch (RuntimeException e) {
            return dev.postern.cli.ServedClaim.ALL;
        }
    }

    /** The path {@code s} of a client's command line, relative to its working directory {@code cwd}, as {@link #ownPath}. */
    static Path clientPath(String cwd, String s, java.nio.charset.Charset clientNames) {
        Path p = ownPath(s, clientNames, s);
        return p.isAbsolute() ? p : ownPath(cwd, clientNames, s).resolve(p);
    }

    /**
     * {@code s}, a path a client's JVM decoded from its bytes in {@code clientNames}, as this owner names the same bytes:
     * a client under de_DE.ISO-8859-1 typed "Gr\u00fc\u00dfe.txt" as the bytes {@code Gr FC DF e.txt}, which this owner
     * (under a UTF-8 locale) would have opened as {@code Gr C3 BC C3 9F e.txt}, another file, and said it does not exist
     * (hunt 39-I, I13). Bytes this owner's file names cannot hold (those are not UTF-8) are one sentence naming both
     * charsets, exit 78, as a path the locale cannot encode is ({@code given}: the path as typed, for it).
     */
    static Path ownPath(String s, java.nio.charset.Charset clientNames, String given) {
        java.nio.charset.Charset mine = dev.postern.model.FileNameCharset.of();
        if (clientNames.equals(mine) || s.chars().allMatch(c -> c < 0x80)) return Path.of(s);
        byte[] typed = s.getBytes(clientNames);
        String same = new String(typed, mine);
        if (java.util.Arrays.equals(same.getBytes(mine), typed)) return Path.of(same);
        throw new java.nio.file.InvalidPathException(given, "its name is " + clientNames.name() + " bytes, your locale's"
                + " charset, and the postern serving this command (pid " + ProcessHandle.current().pid() + ") names files in "
                + mine.name() + ", which cannot hold them; stop it (postern daemon stop) so the command runs on its own, or"
                + " start it under your locale");
    }

    /** The client's working directory, as {@link #ownPath} names it where it can (else as it was: a path under it says so). */
    private static Path clientDirectory(String cwd, java.nio.charset.Charset clientNames) {
        try {
            return ownPath(cwd, clientNames, cwd);
        } catch (java.nio.file.InvalidPathException e) {
            return Path.of(cwd);
        }
    }

    static int run(Wiring ctx, Owner owner, Wire.Request r, InputStream stdin, OutputStream stdout, OutputStream stderr) {
        return run(ctx, owner, r, stdin, stdout, stderr, what -> false);
    }

    /**
     * As {@link #run(Wiring, Owner, Wire.Request, InputStream, OutputStream, OutputStream)}; {@code handBack} is asked,
     * with what changed, when the config changed in a way the owner cannot apply: true, and the command is not run and
     * nothing is written (the owner hands it back to its client), else it is refused (75).
     */
    static int run(Wiring ctx, Owner owner, Wire.Request r, InputStream stdin, OutputStream stdout, OutputStream stderr,
                   java.util.function.Predicate<String> handBack) {
        return run(ctx, owner, r, stdin, stdout, stderr, (controller, account, folder) -> {
            throw new PosternException(ExitCode.USAGE, "the reader needs a terminal of its own.");
        }, new NoTerminal(owner), handBack);
    }

    /**
     * As {@link #run(Wiring, Owner, Wire.Request, InputStream, OutputStream, OutputStream)}, with the reader
     * (no subcommand) opened by {@code ui} and commands that would use the terminal going through {@code handoff}.
     */
    static int run(Wiring ctx, Owner owner, Wire.Request r, InputStream stdin, OutputStream stdout, OutputStream stderr,
                   PosternCommand.UiLauncher ui, PosternCommand.TerminalHandoff handoff) {
        return run(ctx, owner, r, stdin, stdout, stderr, ui, handoff, what -> false);
    }

    private static int run(Wiring ctx, Owner owner, Wire.Request r, InputStream stdin, OutputStream stdout, OutputStream stderr,
                   PosternCommand.UiLauncher ui, PosternCommand.TerminalHandoff handoff, java.util.function.Predicate<String> handBack) {
        // A write to a client that went away fails: the command stops there, quietly (the client says its own failures).
        // What a command has done goes to the client before it is printed: the client's own output may fail on it.
        stdout = dev.postern.cli.CheckedOutput.toClient(stdout, stdout instanceof Frames.Stream s ? s::done : null);
        // As in process (app/Main): UTF-8, but the client's terminal's charset on its terminal.
        Map<String, String> clientEnv = new LinkedHashMap<>();
        for (int i = 0; i + 1 < r.env.length; i += 2) clientEnv.put(r.env[i], r.env[i + 1]);
        clientEnv = new LinkedHashMap<>(dev.postern.model.HomeEnv.of(clientEnv)); // as the client took HOME (an older one)
        String names = clientEnv.remove(Wire.FILE_NAMES);
        java.nio.charset.Charset clientNames = names == null ? dev.postern.model.FileNameCharset.of()
                : dev.postern.model.FileNameCharset.named(names);
        PrintWriter out = new PrintWriter(dev.postern.ui.TerminalText.writer(stdout,
                dev.postern.model.TerminalCharset.output(clientEnv, (r.flags & Wire.FLAG_STDOUT_TTY) != 0)), true);
        PrintWriter err = new PrintWriter(dev.postern.ui.TerminalText.writer(stderr,
                dev.postern.model.TerminalCharset.output(clientEnv, (r.flags & Wire.FLAG_STDERR_TTY) != 0)), true);
        // The notes this command adds (a move that left some behind, a server's [ALERT], the offline queue's replays) are
        // its client's to read, as app/Main prints them in process; those of earlier commands are not.
        java.util.Set<String> noted = new java.util.HashSet<>(ctx.queueNotes());
        // Times in the client's zone, as the command in its own process would print and write them (hunt 34-C, C4).
        dev.postern.model.Zones.serve(dev.postern.model.Zones.of(clientEnv));
        // Paths typed in a served reader (':', the save prompt) are the client's too, as its argv's are (hunt 38-A, A9).
        dev.postern.model.ClientDirectory.serve(r.cwd == null || r.cwd.isEmpty() ? null : clientDirectory(r.cwd, clientNames));
        try {
            String mine = ctx.config().source().toAbsolutePath().normalize().toString();
            // The same file named another way (a symbolic link to it, an XDG_CONFIG_HOME that is a link) is the same config
            // (hunt 37-J, J14: refused 78 "another config" while the daemon ran, so a crontab naming it through a link failed).
            if (!mine.equals(r.config) && !sameFile(ctx.config().source(), r.config)) {
                // Two configs over one data directory: the user's to settle, not a passing state to retry (hunt 33-Z,
                // Z18: 75 had cron retry for ever), so the config's 78.
                err.println("postern: " + (owner == null ? "the postern that owns the data directory" : owner.role().words())
                        + " (pid " + ProcessHandle.current().pid() + ") owns "
                        + (owner == null ? "the data directory" : owner.dataDir()) + " with the config " + mine + ", not " + r.config
                        + "; use that config, or stop it first.");
                return ExitCode.CONFIG.code();
            }
            // An edited config is read again, as the command run in its own process would read it (hunt 33-Z, Z1: a
            // retention rule just added matched nothing); daemon stop|status are how one gets rid of the owner, whatever
            // the file says now.
            String kept = DaemonLine.stopOrStatus(r.args) ? null : ctx.rereadConfig();
            if (kept != null && handBack.test(kept)) return ExitCode.TEMPFAIL.code(); // not run here: its client runs it
            if (kept != null) {
                err.println("postern: " + mine + " changed since " + (owner == null ? "the postern that owns the data directory"
                        : owner.role().words()) + " (pid " + ProcessHandle.current().pid() + ") read it, and " + dev.postern.render.Sanitizer.oneLine(kept)
                        + " cannot change while it runs; stop it (postern daemon stop, or quit the reader or shell) and run the"
                        + " command again.");
                return ExitCode.TEMPFAIL.code();
            }
            Map<String, String> env = clientEnv;
            PosternCommand root = PosternCommand.sharing(ctx, env, ui);
            root.setRawOut(stdout);
            // Prompts are not forwarded: a command that would ask (a y/N, a password) says what to pass instead.
            root.setIn(stdin, false);
            root.setOutColumns((r.flags & Wire.FLAG_STDOUT_TTY) != 0 ? r.columns : 0);
            root.setClientTerminals((r.flags & Wire.FLAG_STDIN_TTY) != 0, (r.flags & Wire.FLAG_STDOUT_TTY) != 0,
                    (r.flags & Wire.FLAG_STDERR_TTY) != 0);
            root.setTerminalHandoff(handoff);
            // postern help [COMMAND] is [COMMAND] --help here as in process: picocli alone took "help" for the reader's
            // FOLDER and ran the command after it (hunt 33-Z, Z0: `help retention` deleted mail).
            String unknownTopic = dev.postern.cli.CommandNames.unknownHelpTopic(r.args);
            if (unknownTopic != null) {
                err.println(dev.postern.cli.CommandNames.noHelpTopic(unknownTopic));
                return ExitCode.USAGE.code();
            }
            String[] args = dev.postern.cli.CommandNames.withHelp(r.args);
            CommandLine cl = PosternCommand.commandLine(root, args);
            // The owner's working directory is not the client's: paths on the command line are the client's, and the
            // bytes its user typed (ownPath). Classes, not lambdas, for picocli's interfaces: see cli/CommandErrors.
            cl.registerConverter(Path.class, new CommandLine.ITypeConverter<Path>() {
                @Override
                public Path convert(String s) {
                    return clientPath(r.cwd, s, clientNames);
                }
            });
            cl.registerConverter(java.io.File.class, new CommandLine.ITypeConverter<java.io.File>() {
                @Override
                public java.io.File convert(String s) {
                    return clientPath(r.cwd, s, clientNames).toFile();
                }
            });
            dev.postern.cli.CommandErrors.handle(cl, out, err);
            CommandLine.IExecutionExceptionHandler usual = cl.getExecutionExceptionHandler();
            cl.setExecutionExceptionHandler(new CommandLine.IExecutionExceptionHandler() {
                @Override
                public int handleExecutionException(Exception ex, CommandLine c, CommandLine.ParseResult parsed) throws Exception {
                    if (ex instanceof dev.postern.store.StoreLockedException) {
                        // A command that must open the store by itself (store compact) cannot run beside its owner.
                        err.println("postern: this command needs the store closed, but " + owner.role().words() + " (pid "
                                + ProcessHandle.current().pid() + ") has it open; stop it (postern daemon stop, or quit it)"
                                + " and run the command again.");
                        return ExitCode.TEMPFAIL.code();
                    }
                    return usual.handleExecutionException(ex, c, parsed);
                }
            });
            return dev.postern.cli.CheckedOutput.settled(stdout, cl.execute(args), err);
        } catch (dev.postern.model.OutputFailed e) {
            return dev.postern.cli.CommandErrors.failed(e, err);
        } catch (PosternException e) {
            err.println("postern: " + dev.postern.render.Sanitizer.oneLine(e.getMessage()));
            return e.exitCode().code();
        } catch (Error e) {
            // picocli hands an Error on: it went to the owner's uncaught handler, over the reader's screen, and the client,
            // with no exit frame, said "the owner stopped; run it again" (75) though it ran on (hunt 38-Q, Q13, Q14). The
            // client's bug report: logged, "internal error" and 70 to the client; the owner goes on.
            return dev.postern.cli.CommandErrors.failed(e, err);
        } finally {
            dev.postern.model.Zones.serve(null);
            dev.postern.model.ClientDirectory.serve(null);
            try {
                out.flush();
            } catch (RuntimeException clientGone) {
                // the command's end said so
            }
            for (String note : ctx.queueNotes()) {
                if (noted.add(note)) err.println("postern: " + dev.postern.render.Sanitizer.diagnostic(note));
            }
            err.flush();
        }
    }

    /** An editor or a question on the terminal: the owner has none to lend to a client. */
    record NoTerminal(Owner owner) implements PosternCommand.TerminalHandoff {
        @Override
        public String ask(String question) {
            // Not "" (a no): a served `folder delete` at a terminal said "nothing deleted" without ever asking.
            throw new PosternException(ExitCode.TEMPFAIL, "this command asks a question on your terminal, but " + servedBy()
                    + ", and cannot ask it there; nothing was done; answer it on the command line (--yes), or " + elsewhere());
        }

        @Override
        public void released(Runnable work) {
            throw new PosternException(ExitCode.TEMPFAIL, "the editor needs your terminal, but " + servedBy()
                    + ", and cannot lend it one; pass --body-file FILE, or " + elsewhere());
        }

        /** Where the command can run with a terminal of its own. */
        private String elsewhere() {
            return owner != null && owner.role() == Owner.Role.DAEMON ? "stop it (postern daemon stop) and run the command again."
                    : "run the command at its ':' prompt.";
        }

        @Override
        public String servedBy() {
            return owner.role().words() + " (pid " + ProcessHandle.current().pid() + ") owns the data directory and runs"
                    + " this command for you";
        }
    }

    /** Whether {@code config} names the file {@code mine} is (device and inode, through links); false when either cannot be read. */
    static boolean sameFile(java.nio.file.Path mine, String config) {
        try {
            return java.nio.file.Files.isSameFile(mine, java.nio.file.Path.of(config));
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }
}
