package dev.postern.cli;

import dev.postern.app.AppContext;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code postern}: with no subcommand, the full-screen reader. */
@Command(name = "postern", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "A terminal mail client for people who live in a shell.",
        subcommands = {FoldersCommand.class, ListCommand.class, ReadCommand.class, DemoCommand.class,
                FlagCommand.class, TransferCommands.Move.class, TransferCommands.Copy.class,
                TransferCommands.Delete.class, FolderCommand.class, SyncCommand.class, SearchCommand.class,
                FetchCommand.class, AttachmentCommand.class, QueueCommand.class, StoreCommand.class,
                ExportCommand.class, ImportCommand.class, RetentionCommand.class,
                ShellCommand.class},
        exitCodeListHeading = "%nExit codes (sysexits):%n",
        exitCodeList = {"0:success", "64:usage error", "65:bad data", "66:no such folder or message",
                "69:server unavailable", "70:internal error", "74:I/O error", "75:temporary failure, try again",
                "78:configuration error"})
public final class PosternCommand implements Callable<Integer> {

    @Option(names = "--config", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Config file (default: $XDG_CONFIG_HOME/postern/config.toml).")
    Path config;

    @Option(names = {"-a", "--account"}, scope = ScopeType.INHERIT, paramLabel = "NAME",
            description = "Account to use (default: the first in the config).")
    String account;

    @Parameters(arity = "0..1", paramLabel = "FOLDER", description = "Folder to open (default: INBOX).")
    String folder;

    @Spec
    CommandSpec spec;

    private final Map<String, String> env;
    private final UiLauncher ui;
    private AppContext context;

    public PosternCommand(Map<String, String> env, UiLauncher ui) {
        this.env = env;
        this.ui = ui;
    }

    /** One context per process, made on first use so that --help never reads the config. */
    public AppContext context() {
        if (context == null) {
            context = new AppContext(env, config);
            context.setPasswordPrompt(passwordPrompt);
        }
        return context;
    }

    private java.io.InputStream in = System.in;
    private boolean inIsTerminal;
    private dev.postern.config.PasswordPrompt passwordPrompt;

    /** Standard input, and whether it is a terminal (the shell reads a script from it when it is not). */
    public void setIn(java.io.InputStream in, boolean terminal) {
        this.in = in;
        this.inIsTerminal = terminal;
    }

    java.io.InputStream in() { return in; }

    boolean inIsTerminal() { return inIsTerminal; }

    /** How passwords of accounts without a source are asked; null when nobody can be asked (not a terminal). */
    public void setPasswordPrompt(dev.postern.config.PasswordPrompt prompt) {
        this.passwordPrompt = prompt;
        if (context != null) context.setPasswordPrompt(prompt);
    }

    public AppContext existingContext() { return context; }

    UiLauncher ui() { return ui; }

    PrintWriter out() { return spec.commandLine().getOut(); }

    PrintWriter err() { return spec.commandLine().getErr(); }

    private java.io.OutputStream rawOut = System.out;

    /** Where byte-exact output (read --raw) goes. */
    java.io.OutputStream rawOut() { return rawOut; }

    public void setRawOut(java.io.OutputStream rawOut) { this.rawOut = rawOut; }

    @Override
    public Integer call() {
        AppContext ctx = context();
        String acct = ctx.account(account);
        ctx.askPasswords(); // before the screen takes the terminal
        if (ctx.controller().isAllInboxes(folder)) { // `postern "All Inboxes"` opens the merged view
            ui.run(ctx.controller(), dev.postern.controller.MailController.UNIFIED, dev.postern.controller.MailController.ALL_INBOXES);
            return 0;
        }
        ui.run(ctx.controller(), acct, folder == null ? "INBOX" : folder);
        return 0;
    }

    /** Starts the full-screen UI; separate so tests and the demo can supply their own. */
    @FunctionalInterface
    public interface UiLauncher {
        void run(dev.postern.controller.MailController controller, String account, String folder);
    }
}
