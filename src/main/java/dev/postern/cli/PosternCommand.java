package dev.postern.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code postern}: with no subcommand, the full-screen reader. */
@Command(name = "postern", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "A terminal mail client for people who live in a shell.",
        exitCodeListHeading = "%nExit codes (sysexits):%n",
        exitCodeList = {"0:success", "64:usage error", "65:bad data", "66:no such folder or message",
                "69:server unavailable", "70:internal error", "74:I/O error", "75:temporary failure, try again",
                "77:the server refused the operation (its words are quoted)", "78:configuration error"})
public final class PosternCommand implements Callable<Integer> {

    /**
     * The hand-written argv adapters, in the order {@code postern --help} lists them (not in the annotation above,
     * see {@link #commandLine}). A typed mail command in {@code Commands.ALL} that has none here gets the generic
     * {@link TypedAdapter}, listed after the command it follows in {@code Commands.ALL}: a new command needs a line
     * here only when its batch door does more than print its result (an editor, a question, a progress bar, rows
     * cut to the terminal, {@code --json}).
     */
    public static final List<Class<?>> SUBCOMMANDS = List.of(FoldersCommand.class, ListCommand.class,
            ReadCommand.class, DemoCommand.class, FlagCommand.class, TransferCommands.Move.class,
            TransferCommands.Copy.class, TransferCommands.Delete.class, FolderCommand.class, SyncCommand.class,
            SearchCommand.class, FetchCommand.class, AttachmentCommand.class, QueueCommand.class,
            StoreCommand.class, ExportCommand.class, ImportCommand.class, RetentionCommand.class,
            SendCommand.class, ShellCommand.class, AnswerCommands.Reply.class,
            AnswerCommands.Forward.class, BounceCommand.class, OutboxCommand.class, RecallCommand.class, AuthCommand.class,
            DaemonCommand.class,
            CompletionCommand.class, CompletionCommand.Names.class);

    /** Commands that run other command lines (the shell), so they need every subcommand registered. */
    private static final Set<String> RUN_OTHER_COMMANDS = Set.of("shell");

    /**
     * The picocli command line for {@code args}. Picocli builds a command's model by reflection, and on a
     * cold JVM building all of them costs more than running a `postern fetch` with nothing new; so when
     * args name a subcommand, only that one is built. Help, the reader (no subcommand), a typo and
     * commands in {@link #RUN_OTHER_COMMANDS} get all of them, so usage lists and suggestions are whole.
     */
    public static CommandLine commandLine(PosternCommand root, String[] args) {
        CommandLine cl = new CommandLine(root);
        String named = subcommandName(args);
        Class<?> only = named == null || RUN_OTHER_COMMANDS.contains(named) ? null : SUBCOMMANDS.stream()
                .filter(c -> names(c).contains(named)).findFirst().orElse(null);
        if (only != null) add(cl, only);
        else if (named != null && !RUN_OTHER_COMMANDS.contains(named) && TypedAdapter.add(cl, named)) return cl;
        else if (!opensTheReader(args, named)) addAllSubcommands(cl);
        return cl;
    }

    /**
     * Whether {@code args} open the reader (no subcommand, or a folder name that is none) with no help asked:
     * then the root alone parses them, and the reader paints its first screen without waiting for picocli's
     * model of every subcommand (half a second on a cold JVM); its ':' commands build theirs in the background.
     */
    static boolean opensTheReader(String[] args, String named) {
        if (named != null && (RUN_OTHER_COMMANDS.contains(named) || named.equals("help"))) return false;
        for (String a : args) {
            if (a.equals("--")) break;
            if (a.equals("-h") || a.equals("--help") || a.equals("-V") || a.equals("--version")) return false;
        }
        return true; // a named subcommand was found above; any other word is the reader's FOLDER
    }

    /** Registers every subcommand not registered yet (for a shell that runs any command line). */
    public static void addAllSubcommands(CommandLine cl) {
        addAllSubcommands(cl, dev.postern.command.Commands.ALL);
    }

    /**
     * Registers every hand adapter and, for each of {@code typed} without one, the generic {@link TypedAdapter},
     * after the command before it in {@code typed}: the one path a mail command's argv door is made by
     * ({@code Commands.ALL}; a test gives its own list).
     */
    static void addAllSubcommands(CommandLine cl, List<dev.postern.command.Command<?, ?>> typed) {
        Set<String> hand = new java.util.HashSet<>();
        for (Class<?> c : SUBCOMMANDS) hand.addAll(names(c));
        TypedAdapter.addRun(cl, typed, hand, 0);
        for (Class<?> c : SUBCOMMANDS) {
            add(cl, c);
            TypedAdapter.addRun(cl, typed, hand, TypedAdapter.indexOf(typed, names(c).get(0)) + 1);
        }
        TypedAdapter.addAll(cl, typed, hand);
    }

    private static void add(CommandLine cl, Class<?> command) {
        String name = names(command).get(0);
        CommandLine sub = cl.getSubcommands().get(name);
        if (sub == null) {
            sub = register(cl, name, new CommandLine(command));
        }
        // "-seen" in a search query is a negated term, not an unknown option.
        if (command == SearchCommand.class) sub.setUnmatchedOptionsArePositionalParams(true);
    }

    /** Adds {@code sub} under {@code name}, answering --help and printing where {@code cl} prints. */
    static CommandLine register(CommandLine cl, String name, CommandLine sub) {
        withHelp(sub);
        // Subcommands added after setOut/setErr would otherwise print usage to System.out/err.
        sub.setOut(cl.getOut());
        sub.setErr(cl.getErr());
        cl.addSubcommand(name, sub);
        return sub;
    }

    /**
     * A command's description as picocli should wrap it: the first line (the summary) alone, then the lines of each
     * sentence joined into one paragraph. The lines are broken for the source's width, and picocli wraps each element
     * on its own: given as they are, a 100-column line came out as 80 columns and a stub of 20.
     */
    static String[] paragraphs(List<String> help) {
        List<String> out = new java.util.ArrayList<>();
        StringBuilder p = new StringBuilder();
        for (int i = 0; i < help.size(); i++) {
            String line = help.get(i).strip();
            if (!p.isEmpty()) p.append(' ');
            p.append(line);
            boolean ends = i == 0 || line.isEmpty() || line.endsWith(".") || line.endsWith(":") || line.endsWith("?")
                    || line.endsWith("!");
            if (ends) {
                out.add(p.toString().strip());
                p.setLength(0);
            }
        }
        if (!p.isEmpty()) out.add(p.toString().strip());
        return out.toArray(new String[0]);
    }

    /**
     * Every command answers -h/--help (and -V/--version), its own subcommands too; its description reaches picocli as
     * paragraphs ({@link #paragraphs}).
     */
    private static void withHelp(CommandLine cl) {
        if (cl.getCommandSpec().optionsMap().get("--help") == null) cl.getCommandSpec().mixinStandardHelpOptions(true);
        CommandLine.Model.UsageMessageSpec usage = cl.getCommandSpec().usageMessage();
        if (usage.description().length > 1) usage.description(paragraphs(Arrays.asList(usage.description())));
        for (CommandLine sub : cl.getSubcommands().values()) withHelp(sub);
    }

    private static List<String> names(Class<?> command) {
        Command c = command.getAnnotation(Command.class);
        List<String> names = new ArrayList<>();
        names.add(c.name());
        names.addAll(Arrays.asList(c.aliases()));
        return names;
    }

    /** The first argument that is not one of the root's options or their values; null when none. */
    static String subcommandName(String[] args) {
        return CommandNames.firstWord(args);
    }

    @Option(names = "--config", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Config file (default: $XDG_CONFIG_HOME/postern/config.toml).")
    Path config;

    @Option(names = {"-a", "--account"}, scope = ScopeType.INHERIT, paramLabel = "NAME",
            description = "Account to use (default: the first in the config).")
    String account;

    @Parameters(arity = "0..1", paramLabel = "FOLDER", description = "Folder to open (default: INBOX); a slip of a command (fecth) that is no folder the store knows is refused, 64.")
    String folder;

    @Spec
    CommandSpec spec;

    private final Map<String, String> env;
    private final UiLauncher ui;
    private final Wiring.Factory wiring;
    private Wiring context;

    /** A tree that runs commands: {@code wiring} (app/Main's) makes the process's one {@link Wiring} on first use. */
    public PosternCommand(Map<String, String> env, UiLauncher ui, Wiring.Factory wiring) {
        this.env = env;
        this.ui = ui;
        this.wiring = wiring;
    }

    /** A tree for its model only (help, completion scripts, option checks): a command that needs the wiring fails. */
    public PosternCommand(Map<String, String> env, UiLauncher ui) {
        this(env, ui, (e, c) -> {
            throw new IllegalStateException("this command tree was made without the wiring (app/Main makes it)");
        });
    }

    /** Commands whose work starts with logging in to an account: {@link #prestart} gets them going early. */
    private static final Set<String> CONNECTING_COMMANDS = Set.of("sync", "fetch");

    private boolean prestarted;
    private Path prestartConfig;

    /** Whether {@code args} run a command that {@link #prestart} starts ahead (before any parsing). */
    public static boolean startsAhead(String[] args) {
        String named = subcommandName(args);
        if (named == null) return false;
        // `list` asks the server unless --cached: its login is most of a listing's first second (issue 16).
        boolean list = named.equals("list");
        if (!list && !CONNECTING_COMMANDS.contains(named)) return false;
        for (String a : args) {
            if (a.equals("--")) break;
            if (a.equals("-h") || a.equals("--help") || a.equals("-V") || a.equals("--version")) return false;
            if (list && (a.equals("--cached") || a.startsWith("--cached="))) return false;
        }
        return true;
    }

    /**
     * When {@code args} run a command that logs in anyway (sync, fetch, list without --cached), starts the config, the store and
     * the login on other threads before picocli has built and parsed the command line: on a cold JVM that
     * hides most of the TLS handshake behind start-up (see {@link Wiring#prestart}). The arguments are
     * only glanced at here; {@link #context} checks the guess against picocli's parse and throws the early
     * work away when they differ. Does nothing for other commands, or when unsure.
     */
    public void prestart(String[] args) {
        if (readerStartsAhead(args)) {
            prestartReader(args);
            return;
        }
        if (localSearchStartsAhead(args)) {
            prestartLocalSearch(args);
            return;
        }
        if (!startsAhead(args)) return;
        String named = subcommandName(args);
        Path cfg = null;
        String acct = null;
        boolean seenCommand = false;
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--")) return;
                if (a.equals("--config") && i + 1 < args.length) cfg = Path.of(args[++i]);
                else if (a.startsWith("--config=")) cfg = Path.of(a.substring("--config=".length()));
                else if ((a.equals("-a") || a.equals("--account")) && i + 1 < args.length) acct = args[++i];
                else if (a.startsWith("--account=")) acct = a.substring("--account=".length());
                else if (a.startsWith("-a") && a.length() > 2) acct = a.substring(2);
                else if (!seenCommand && a.equals(named)) seenCommand = true;
                else if (a.equals("-f") || a.equals("--folder") || a.equals("--limit")) i++;
                else if (!a.startsWith("-")) return; // accounts named as arguments (fetch): leave it to the command
            }
        } catch (java.nio.file.InvalidPathException e) {
            return;
        }
        if (acct != null) acct = acct.split(",", -1)[0].strip();
        prestarting(cfg);
        context().prestart(acct == null || acct.isEmpty() ? null : acct);
    }

    /**
     * For a start ahead that needs only the config (the reader, {@code search --local}): takes the last
     * {@code --config} before {@code --} and marks this root prestarted with it; false (nothing marked) when that
     * path cannot be a path, which picocli then reports.
     */
    private boolean prestartingWithConfigOf(String[] args) {
        Path cfg = null;
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--")) break;
                if (a.equals("--config") && i + 1 < args.length) cfg = Path.of(args[++i]);
                else if (a.startsWith("--config=")) cfg = Path.of(a.substring("--config=".length()));
            }
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
        prestarting(cfg);
        return true;
    }

    /** This root's config is {@code cfg}, and what {@link #context} makes was started ahead with it. */
    private void prestarting(Path cfg) {
        config = cfg;
        prestarted = true;
        prestartConfig = cfg;
    }

    /** Whether {@code args} open the reader, with no help asked: see {@link #prestartReader}. */
    static boolean readerStartsAhead(String[] args) {
        String named = subcommandName(args);
        // The command words as CommandNames spells them (CommandNamesTest holds them to SUBCOMMANDS and the typed
        // commands): reading them from the classes' annotations cost the reader of a named folder (postern Small) the
        // reflection over 29 classes and its annotation proxies before its first screen (issue 16).
        if (CommandNames.isCommand(named)) return false;
        return opensTheReader(args, named);
    }

    /**
     * Paint first: the reader's first screen is the store's copy of the folder, so the config is read and the
     * store opened on another thread while picocli parses the command line and the screen is set up. The
     * accounts' sessions start behind the painted screen, but for a folder the store has nothing of (a first run):
     * then its account logs in ahead too, since its first rows can only come from the server.
     */
    private void prestartReader(String[] args) {
        if (!prestartingWithConfigOf(args)) return;
        Wiring ctx = context();
        ReaderLine line = readerLine(args);
        if (line != null) ctx.prestartReader(line.account(), line.folder());
        else ctx.prestartStore();
        try {
            // No password is asked at the terminal first: then the terminal can be set up now.
            if (ctx.config().accounts().stream().noneMatch(dev.postern.config.PasswordResolver::asks)) ui.prepare();
        } catch (RuntimeException e) {
            // The reader reads the config again and says what is wrong.
        }
    }

    /** The reader's command line as {@link #readerLine} read it: the config file, the account and the folder (nulls: defaults). */
    public record ReaderLine(Path config, String account, String folder) {}

    /**
     * Paint first: the reader's command line read without picocli, whose model (by reflection, with its own
     * classes) cost a fifth of the time to the first screen. Only the plain forms are read here:
     * {@code --config FILE}, {@code --config=FILE}, {@code -a NAME}, {@code --account NAME}, {@code --account=NAME}
     * and one FOLDER (after {@code --} too); anything else (help, a subcommand, another option, a second word,
     * a missing value) is null and goes through picocli as before, which says what is wrong with it.
     */
    public static ReaderLine readerLine(String[] args) {
        if (!readerStartsAhead(args)) return null;
        Path cfg = null;
        String acct = null;
        String fold = null;
        boolean words = false;
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (!words && a.equals("--")) {
                    words = true;
                } else if (!words && (a.equals("--config") || a.equals("-a") || a.equals("--account"))) {
                    if (i + 1 >= args.length || args[i + 1].startsWith("-")) return null;
                    String v = args[++i];
                    if (a.equals("--config")) {
                        if (cfg != null) return null;
                        cfg = Path.of(v);
                    } else {
                        if (acct != null) return null;
                        acct = v;
                    }
                } else if (!words && a.startsWith("--config=")) {
                    if (cfg != null) return null;
                    cfg = Path.of(a.substring("--config=".length()));
                } else if (!words && a.startsWith("--account=")) {
                    if (acct != null) return null;
                    acct = a.substring("--account=".length());
                } else if (!words && a.startsWith("-")) {
                    return null;
                } else {
                    if (fold != null) return null;
                    fold = a;
                }
            }
        } catch (java.nio.file.InvalidPathException e) {
            return null;
        }
        return new ReaderLine(cfg, acct, fold);
    }

    /** Runs the reader for a line {@link #readerLine} read, as picocli would have run this root for it. */
    public int openReader(ReaderLine line) {
        config = line.config();
        account = line.account();
        folder = line.folder();
        return call();
    }

    /** Whether {@code args} run {@code search --local} (no help asked): see {@link #prestartLocalSearch}. */
    static boolean localSearchStartsAhead(String[] args) {
        if (!"search".equals(subcommandName(args))) return false;
        boolean local = false;
        for (String a : args) {
            if (a.equals("--")) break;
            if (a.equals("-h") || a.equals("--help") || a.equals("-V") || a.equals("--version")) return false;
            if (a.equals("--local")) local = true;
        }
        return local;
    }

    /**
     * {@code search --local} reads only the store and its index: both are opened on another thread (the index's
     * last commit, Lucene's classes with it) while picocli parses the command line. Nothing connects.
     */
    private void prestartLocalSearch(String[] args) {
        if (!prestartingWithConfigOf(args)) return;
        context().prestartSearch();
    }

    /**
     * The process's one wiring, made on first use so that --help never reads the config. Commands take what they
     * need of it through the accessors below (the config, or the controller as the capability they use).
     */
    public Wiring context() {
        if (prestarted) {
            prestarted = false;
            if (!java.util.Objects.equals(prestartConfig, config) && context != null) {
                context.close(); // started on a misread command line: start again on picocli's reading
                context = null;
            }
        }
        if (context == null) {
            context = wiring.make(env, config);
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

    /**
     * How a command that runs an editor and asks a question shares the terminal: the shell lends its line
     * reader and pauses its input for the editor; the batch CLI (null) uses stdin and the terminal as they are.
     */
    public interface TerminalHandoff {
        /** One line typed in answer to {@code question} (shown on the terminal); "" when cancelled. */
        String ask(String question);

        /** Runs {@code work} (an editor) with the terminal released to it. */
        void released(Runnable work);

        /**
         * Null where this command has a terminal to lend (in process, the shell); for a command served by an owner, who
         * runs it: "the reader (pid N) owns the data directory and runs this command for you".
         */
        default String servedBy() {
            return null;
        }
    }

    private TerminalHandoff handoff;
    private boolean stdinIsScript;

    /** Stdin holds the shell's script: a command must not read its own input from it. */
    void setStdinIsScript(boolean v) { this.stdinIsScript = v; }

    boolean stdinIsScript() { return stdinIsScript; }

    public void setTerminalHandoff(TerminalHandoff h) { this.handoff = h; }

    TerminalHandoff terminalHandoff() { return handoff; }

    boolean inIsTerminal() { return inIsTerminal; }

    /** How passwords of accounts without a source are asked; null when nobody can be asked (not a terminal). */
    public void setPasswordPrompt(dev.postern.config.PasswordPrompt prompt) {
        this.passwordPrompt = prompt;
        if (context != null) context.setPasswordPrompt(prompt);
    }

    public Wiring existingContext() { return context; }

    /**
     * A fresh root for one more command line run in this process (a key binding or the reader's ':'
     * prompt), sharing this root's one wiring: the store is locked per process, so never a second.
     */
    PosternCommand sharingContext(Wiring shared) {
        PosternCommand p = new PosternCommand(env, ui, wiring);
        p.config = config;
        p.context = shared;
        p.handoff = handoff; // a reader served to another terminal: an editor never opens on the owner's
        return p;
    }

    /**
     * A root for a command line another process sent to this one (the resident owner): its own environment
     * (the client's), sharing this process's one wiring.
     */
    public static PosternCommand sharing(Wiring shared, Map<String, String> env, UiLauncher ui) {
        PosternCommand p = new PosternCommand(env, ui, (e, c) -> shared);
        p.context = shared;
        return p;
    }

    Map<String, String> env() { return env; }

    UiLauncher ui() { return ui; }

    /** How this tree makes its wiring (a probe tree of the reader's ':' catalogue shares it). */
    Wiring.Factory wiring() { return wiring; }

    // What a command takes of the wiring: the config, and the controller as the capability it uses.

    /** The config, read on first use. */
    dev.postern.config.Config config() { return context().config(); }

    /** The account {@code -a} names, or the first in the config. */
    String account() { return context().account(account); }

    /** {@code requested}, checked against the config, or the first account when null. */
    String account(String requested) { return context().account(requested); }

    /**
     * The whole controller, for running a typed command ({@code command.Command.run} checks what it
     * {@code needs()} of the account against it) or handing it to the reader; anything else takes a capability.
     */
    dev.postern.controller.MailController controller() { return context().controller(); }

    dev.postern.controller.Reading reading() { return context().controller(); }

    dev.postern.controller.Fetching fetching() { return context().controller(); }

    dev.postern.controller.FolderAdmin folderAdmin() { return context().controller(); }

    dev.postern.controller.MessageChanges changes() { return context().controller(); }

    dev.postern.controller.Composing composing() { return context().controller(); }

    /**
     * Whether this root runs the shell now: a line {@code shell} inside it is told so ({@link ThisProcess#shell}).
     * The process-level commands reach this root through {@link ThisProcess#of}, not through a method here: picocli
     * reflects on this class for every command line, loading the types its fields and methods name.
     */
    boolean shellRunning;

    /** The picocli command line this root was parsed by (the shell runs its lines through it). */
    CommandLine commandLine() { return spec.commandLine(); }

    PrintWriter out() { return spec.commandLine().getOut(); }

    PrintWriter err() { return spec.commandLine().getErr(); }

    private java.io.OutputStream rawOut = System.out;
    private Integer outColumns;

    /**
     * The width of the terminal stdout is, in columns, or 0 when stdout is not a terminal (a pipe, a file,
     * or a stream given in-process): batch rows are cut to it ({@link Rows}).
     */
    int outColumns() {
        if (outColumns != null) return outColumns;
        // Asked again after a second (a readlink and an ioctl), not per row: in the shell the terminal may be resized.
        long now = System.nanoTime();
        if (measuredColumns < 0 || now - measuredAt > 1_000_000_000L) {
            measuredColumns = (rawOut == System.out || rawOut instanceof CheckedOutput c && c.processStdout()) && Terminals.isTerminal(1) ? Terminals.columns(env, 1) : 0;
            measuredAt = now;
        }
        return measuredColumns;
    }

    private int measuredColumns = -1;
    private long measuredAt;

    /** Rows printed to a terminal of this width (the shell's own terminal); 0: never cut. */
    public void setOutColumns(int columns) { this.outColumns = columns; }

    /** The client's stdout and stderr are terminals (a command an owner runs for it); null: this process's fd 1 and 2. */
    private boolean[] clientTerminals;

    /**
     * Stdout and stderr are the client's (an owner runs this command for it): whether each is a terminal, as its request
     * says. A progress bar and {@code read --raw}'s refusal follow them, not the owner's own terminal (hunt 33-Y, Y3).
     */
    public void setClientTerminals(boolean stdout, boolean stderr) { this.clientTerminals = new boolean[] {stdout, stderr, false}; }

    /** As {@link #setClientTerminals(boolean, boolean)}, and whether the client's stdin is a terminal. */
    public void setClientTerminals(boolean stdin, boolean stdout, boolean stderr) {
        this.clientTerminals = new boolean[] {stdout, stderr, stdin};
    }

    /**
     * Whether stdin and stdout are a terminal, a person's to edit and answer at: the client's, for a served command (a
     * served `postern reply` at a terminal read the body from it without a word, hunt 42-H's served reply).
     */
    boolean atTerminal() { return clientTerminals != null ? clientTerminals[2] && clientTerminals[0] : inIsTerminal && Terminals.isTerminal(1); }

    /** Whether stdout is a terminal: the client's, for a served command. */
    boolean outIsTerminal() { return clientTerminals != null ? clientTerminals[0] : Terminals.isTerminal(1); }

    /** Whether stderr is a terminal: the client's, for a served command. */
    boolean errIsTerminal() { return clientTerminals != null ? clientTerminals[1] : Terminals.isTerminal(2); }

    /** Where byte-exact output (read --raw) goes. */
    java.io.OutputStream rawOut() { return rawOut; }

    public void setRawOut(java.io.OutputStream rawOut) { this.rawOut = rawOut; }

    /**
     * This command has sent, moved, deleted, flagged, imported ({@code lines}: what it is about to print) and ends with
     * {@code code}: said before it prints them, so that stdout failing now does not turn what was done into a failure
     * (CheckedOutput#done). Nothing when {@code lines} is empty (nothing was done).
     */
    void done(int code, java.util.List<String> lines) {
        if (lines.isEmpty() || !(rawOut instanceof CheckedOutput c)) return;
        c.done(dev.postern.render.Sanitizer.oneLine(String.join("; ", lines)), code);
    }

    @Override
    public Integer call() {
        // Where the reader cannot run, that is said before the store is opened: an owner holding it made a cron line
        // `postern fecth` exit 75, which a wrapper retries for ever (hunt 32-W W3).
        String refusal = ui.refusal();
        if (refusal != null) {
            // A cron line's slip (`postern fecth`) is where the hint is needed most: said first, without the store (a
            // folder of that name could not be shown here anyway) (hunt37-J J1).
            String meant = folder == null || folder.equalsIgnoreCase("INBOX") ? null : CommandNames.nearest(folder);
            if (meant != null) refusal = "no command '" + dev.postern.render.Sanitizer.oneLine(folder) + "'; did you mean " + meant + "?";
            throw new dev.postern.model.PosternException(dev.postern.model.ExitCode.USAGE, refusal);
        }
        Wiring ctx = context();
        String acct = ctx.account(account);
        dev.postern.model.StartupTrace.mark("reader: config");
        // Bindings and theme are read and checked here, so that a mistake in them exits 78 before the screen opens; and
        // before the check of a FOLDER near a command word (Sent, Lists, Small), which waits for the store's open: read
        // after it, they followed that open instead of going alongside it (issue 16: Small's first screen was 50-120 ms
        // slower than INBOX's). A slip of a command word is still said first.
        dev.postern.ui.TuiOptions options;
        try {
            options = TuiSetup.options(this, ctx);
        } catch (RuntimeException e) {
            slipOfACommand(ctx, acct, folder);
            throw e;
        }
        dev.postern.model.StartupTrace.mark("reader: options");
        slipOfACommand(ctx, acct, folder);
        ctx.askPasswords(); // before the screen takes the terminal
        ctx.controller();
        dev.postern.model.StartupTrace.mark("reader: controller");
        if (ctx.controller().isAllInboxes(folder)) { // `postern "All Inboxes"` opens the merged view
            ui.run(options, ctx.controller(), dev.postern.controller.MailController.UNIFIED, dev.postern.controller.MailController.ALL_INBOXES);
            return 0;
        }
        ctx.refreshReaderAhead(acct, folder == null ? "INBOX" : folder); // a folder with nothing stored: its rows come from the server
        ui.run(options, ctx.controller(), acct, folder == null ? "INBOX" : folder);
        return 0;
    }

    /**
     * A FOLDER that is a slip of a command word ({@link CommandNames#nearest}: {@code postern fecth}) and no folder the
     * store knows of the account is refused, as git does: a reader on an empty folder "fecth" was the answer (hunt 32-W
     * W3). A folder of that name the store has (a lowercase {@code sent}) opens as before; a store that cannot be read
     * now leaves the reader to say so.
     */
    private static void slipOfACommand(Wiring ctx, String acct, String folder) {
        String meant = CommandNames.nearest(folder);
        if (meant == null || folder.equalsIgnoreCase("INBOX")) return;
        try {
            for (String known : ctx.cachedFolderNames(acct)) {
                if (known.equalsIgnoreCase(folder)) return;
            }
        } catch (dev.postern.model.PosternException unreadable) {
            return;
        }
        throw new dev.postern.model.PosternException(dev.postern.model.ExitCode.USAGE, "no command '"
                + dev.postern.render.Sanitizer.oneLine(folder) + "'; did you mean " + meant + "?");
    }

    /** Starts the full-screen UI; separate so tests and the demo can supply their own. */
    @FunctionalInterface
    public interface UiLauncher {
        void run(dev.postern.controller.MailController controller, String account, String folder);

        /** The reader is about to run and asks nothing at the terminal first: its terminal may be set up now. */
        default void prepare() {}

        /** Why the reader cannot run here (no terminal), asked before anything is opened; null when it can. */
        default String refusal() { return null; }

        /** With the user's theme, key bindings and the batch commands they may run; old launchers ignore them. */
        default void run(dev.postern.ui.TuiOptions options, dev.postern.controller.MailController controller,
                         String account, String folder) {
            run(controller, account, folder);
        }
    }
}
