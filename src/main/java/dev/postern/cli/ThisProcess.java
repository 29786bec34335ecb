package dev.postern.cli;

import dev.postern.command.DataDirOwner;
import dev.postern.command.DemoCommand;
import dev.postern.command.ProcessControl;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The process the typed process-level commands ({@code daemon}, {@code completion}, {@code complete},
 * {@code demo}, {@code shell}) act on, as the command tree sees it: its wiring (config, the store's folder
 * names, the resident owner's side through {@link Wiring#owner()}), the command tree itself (completion
 * scripts, the shell's command lines), the demo server from the wiring's factory, and the terminal. One per
 * root's command lines ({@link #of}); the reader gets one over its own wiring ({@link TuiSetup}).
 */
final class ThisProcess implements ProcessControl {
    private final PosternCommand root;
    /** The wiring acted on; null: the root's, made on first use. */
    private final Wiring fixed;

    ThisProcess(PosternCommand root, Wiring fixed) {
        this.root = root;
        this.fixed = fixed;
    }

    /** The process of {@code root}'s command lines, over the wiring the root makes on first use. */
    static ProcessControl of(PosternCommand root) { return new ThisProcess(root, null); }

    private Wiring wiring() { return fixed != null ? fixed : root.context(); }

    @Override
    public DataDirOwner owner() { return wiring().owner(); }

    @Override
    public String completionScript(String shell) { return Completion.script(shell, Completion.tree()); }

    @Override
    public List<String> accountNames() { return Completion.accountNames(wiring().config()); }

    @Override
    public List<String> cachedFolderNames(String account) {
        // The store's list as it is, without making the controller: a Tab waits on nothing.
        return wiring().cachedFolderNames(wiring().account(account));
    }

    @Override
    public List<String> cachedTargetNames(String account) {
        return wiring().cachedTargetNames(wiring().account(account));
    }

    @Override
    public DemoCommand.Ran demo(boolean serve) {
        DemoMail server;
        try {
            server = root.wiring().demo();
        } catch (IOException e) {
            throw new PosternException(ExitCode.IOERR, "cannot start the demo server (" + e.getMessage() + ").", e);
        }
        if (serve) {
            CompletableFuture<Void> stopped = new CompletableFuture<>();
            stopped.whenComplete(new Closing(server));
            if (!dev.postern.model.ShutdownHooks.add(new Thread(new Stopping(stopped), "postern-demo-stop"))) {
                stopped.complete(null); // a signal came first: the server stops with the process
            }
            return new DemoCommand.Ran("Demo server on 127.0.0.1: IMAP " + server.imapPort() + ", POP3 " + server.pop3Port()
                    + ", SMTP " + server.smtpPort() + " (user demo, password demo).\n"
                    + "Try:  postern --config " + server.config() + " list --limit 10\n"
                    + "config: " + server.config(), stopped);
        }
        try (server; Wiring ctx = root.wiring().make(root.env(), server.config())) {
            root.ui().run(TuiSetup.options(root, ctx), ctx.controller(), ctx.account(null), "INBOX");
        }
        return new DemoCommand.Ran("", CompletableFuture.completedFuture(null));
    }

    /** Ctrl-C (or any end of the process) stops a served demo. */
    private record Stopping(CompletableFuture<Void> stopped) implements Runnable {
        @Override public void run() { stopped.complete(null); }
    }

    private record Closing(DemoMail server) implements java.util.function.BiConsumer<Void, Throwable> {
        @Override public void accept(Void v, Throwable t) { server.close(); }
    }

    @Override
    public int shell() {
        if (root.shellRunning) throw new PosternException(ExitCode.USAGE, "this is the shell already; `exit` leaves it.");
        root.shellRunning = true;
        try {
            Wiring ctx = wiring();
            ctx.controller(); // config and store now: a broken config ends the shell before its first prompt
            Shell shell = new Shell(root.commandLine(), ctx, root.out(), root.err());
            if (!root.inIsTerminal()) {
                root.setStdinIsScript(true);
                try {
                    return shell.script(new BufferedReader(new InputStreamReader(root.in(), StandardCharsets.UTF_8)));
                } catch (IOException e) {
                    throw new PosternException(ExitCode.IOERR, "cannot read the shell's commands from stdin (" + e.getMessage() + ").", e);
                }
            }
            Terminal terminal;
            try {
                terminal = TerminalBuilder.builder().system(true).build();
            } catch (IOException | RuntimeException e) {
                throw new PosternException(ExitCode.IOERR, "cannot open the terminal for the shell (" + e.getMessage()
                        + "); `postern shell < FILE` runs commands from a file.", e);
            }
            try (terminal) {
                return shell.interactive(terminal, ShellCommand.historyFile(ctx));
            } catch (IOException e) {
                throw new PosternException(ExitCode.IOERR, "the shell's terminal failed (" + e.getMessage() + ").", e);
            }
        } finally {
            root.setStdinIsScript(false);
            root.shellRunning = false;
        }
    }
}
