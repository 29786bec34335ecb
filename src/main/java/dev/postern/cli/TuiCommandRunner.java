package dev.postern.cli;

import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.render.Sanitizer;
import dev.postern.ui.BatchCommands;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The batch commands not yet typed (see {@link dev.postern.command.Commands}), run from the reader: each command line is parsed by picocli exactly as
 * {@code postern ...} would parse it, then run on one background thread with a fresh root that shares the
 * process's wiring (one controller, one store lock). What it prints is captured for the status line.
 */
final class TuiCommandRunner implements BatchCommands {
    /**
     * Commands that make no sense inside the reader: they start servers, shells or the reader itself, or
     * read stdin (which is the reader's keyboard); the reader has its own compose commands for sending.
     */
    private static final Set<String> NOT_FROM_THE_READER = Set.of("demo", "shell", "help", "completion");

    private final PosternCommand root;
    private final Wiring context;
    /** What picocli's model of every command says, built on its own thread: the first screen does not wait for it. */
    private record Catalogue(Map<String, Boolean> commands, Map<String, String> descriptions,
                             Map<String, List<String>> options) {}

    /** Started by {@link #prepare} (behind the reader's first screen) or by the first question, whichever comes first. */
    private CompletableFuture<Catalogue> catalogue;
    /** One daemon thread that ends after a minute idle: a reader served to another terminal leaves none behind. */
    private final ExecutorService worker = dev.postern.ui.IdleEndingWorker.named("postern-commands");

    /**
     * Runs command lines against {@code context}, the one the reader's controller belongs to. The list of
     * commands (picocli's model of each, by reflection: about half a second on a cold JVM) is built on the
     * commands' worker once {@link #prepare} asks for it, behind the reader's first screen: on two cores,
     * building it while the screen is made delayed the first paint. Asking before it is ready waits for it.
     */
    TuiCommandRunner(PosternCommand root, Wiring context) {
        this.root = root;
        this.context = context;
    }

    @Override
    public synchronized void prepare() {
        if (catalogue == null) catalogue = CompletableFuture.supplyAsync(() -> catalogue(root), worker);
    }

    private static Catalogue catalogue(PosternCommand root) {
        Map<String, Boolean> commands = new TreeMap<>();
        Map<String, String> descriptions = new TreeMap<>();
        Map<String, List<String>> options = new TreeMap<>();
        CommandLine probe = commandLine(new PosternCommand(root.env(), root.ui(), root.wiring()));
        probe.getSubcommands().forEach((name, sub) -> {
            // Typed commands run directly on the controller (ui.CommandRegistry); this runs the rest.
            if (NOT_FROM_THE_READER.contains(name) || sub.getCommandSpec().usageMessage().hidden() || dev.postern.command.Commands.find(name).isPresent()) return;
            List<PositionalParamSpec> pos = sub.getCommandSpec().positionalParameters();
            boolean messages = pos.size() >= 2 && "FOLDER".equals(pos.get(0).paramLabel()) && "UID".equals(pos.get(1).paramLabel());
            commands.put(name, messages);
            descriptions.put(name, firstPhrase(sub.getCommandSpec().usageMessage().description()));
            List<String> longNames = new ArrayList<>();
            for (CommandLine.Model.OptionSpec o : sub.getCommandSpec().options()) {
                if (o.hidden() || o.usageHelp() || o.versionHelp()) continue;
                longNames.add(o.longestName());
            }
            Collections.sort(longNames);
            options.put(name, List.copyOf(longNames));
        });
        return new Catalogue(Collections.unmodifiableMap(commands), descriptions, options);
    }

    private Catalogue catalogue() {
        CompletableFuture<Catalogue> f;
        synchronized (this) {
            prepare();
            f = catalogue;
        }
        return f.join();
    }

    /** The same parser set-up as {@code Main}: "-seen" in a search query is a term, not an option. */
    private static CommandLine commandLine(PosternCommand r) {
        CommandLine cl = new CommandLine(r);
        PosternCommand.addAllSubcommands(cl); // the reader runs any batch command line
        CommandLine search = cl.getSubcommands().get("search");
        if (search != null) search.setUnmatchedOptionsArePositionalParams(true);
        return cl;
    }

    @Override
    public Set<String> names() { return catalogue().commands().keySet(); }

    @Override
    public List<String> options(String name) { return catalogue().options().getOrDefault(name, List.of()); }

    @Override
    public String description(String name) { return catalogue().descriptions().getOrDefault(name, ""); }

    /** "Delete messages: move them to ..." -> "Delete messages". */
    static String firstPhrase(String[] description) {
        String text = String.join(" ", description).strip();
        int end = text.length();
        for (String stop : new String[] {". ", ": ", "; "}) {
            int at = text.indexOf(stop);
            if (at > 0) end = Math.min(end, at);
        }
        if (end == text.length() && text.endsWith(".")) end--;
        return text.substring(0, Math.max(0, end));
    }

    @Override
    public boolean takesMessages(String name) { return Boolean.TRUE.equals(catalogue().commands().get(name)); }

    @Override
    public String problem(List<String> commandLine) {
        String name = commandLine.get(0);
        if (!catalogue().commands().containsKey(name)) return "unknown command '" + name + "'";
        List<String> args = arguments(commandLine, null, takesMessages(name) ? "INBOX" : null, List.of(1L));
        try {
            commandLine(new PosternCommand(root.env(), root.ui(), root.wiring())).parseArgs(args.toArray(String[]::new));
            return null;
        } catch (CommandLine.ParameterException e) {
            return name + ": " + e.getMessage();
        }
    }

    /** The account first (unless the line names one), the user's words, then "-- FOLDER UID...". */
    static List<String> arguments(List<String> commandLine, String account, String folder, List<Long> uids) {
        List<String> out = new ArrayList<>();
        out.add(commandLine.get(0));
        List<String> rest = commandLine.subList(1, commandLine.size());
        boolean named = rest.stream().anyMatch(w -> w.equals("-a") || w.equals("--account") || w.startsWith("--account="));
        if (account != null && !named) {
            out.add("--account");
            out.add(account);
        }
        out.addAll(rest);
        if (folder != null) {
            if (!rest.contains("--")) out.add("--");
            out.add(folder);
            for (Long u : uids) out.add(String.valueOf(u));
        }
        return out;
    }

    @Override
    public CompletableFuture<Result> run(List<String> commandLine, String account, String folder, List<Long> uids) {
        List<String> args = arguments(commandLine, account, takesMessages(commandLine.get(0)) ? folder : null, uids);
        return CompletableFuture.supplyAsync(() -> execute(args), worker);
    }

    private Result execute(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        AtomicReference<String> error = new AtomicReference<>();
        try {
            PosternCommand r = root.sharingContext(context);
            r.setRawOut(new ByteArrayOutputStream()); // read --raw: bytes are no use on a status line
            CommandLine cl = commandLine(r);
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            // Classes, not lambdas, for picocli's interfaces: see CommandErrors.
            cl.setParameterExceptionHandler(new CommandLine.IParameterExceptionHandler() {
                @Override
                public int handleParseException(CommandLine.ParameterException ex, String[] a) {
                    error.set(Sanitizer.oneLine(ex.getMessage()));
                    return ExitCode.USAGE.code();
                }
            });
            cl.setExecutionExceptionHandler(new CommandLine.IExecutionExceptionHandler() {
                @Override
                public int handleExecutionException(Exception ex, CommandLine c, CommandLine.ParseResult parsed) {
                    if (ex instanceof PosternException p) {
                        error.set(Sanitizer.oneLine(p.getMessage()));
                        return p.exitCode().code();
                    }
                    LoggerFactory.getLogger(TuiCommandRunner.class).error("command {} failed", args, ex);
                    error.set("internal error (" + Sanitizer.oneLine(String.valueOf(ex)) + "); see the log file.");
                    return ExitCode.SOFTWARE.code();
                }
            });
            int code = cl.execute(args.toArray(String[]::new));
            String e = error.get();
            if (e == null && code != 0) e = Sanitizer.oneLine(err.toString().strip());
            return new Result(code, out.toString(), e);
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(TuiCommandRunner.class).error("command {} failed", args, e);
            return new Result(ExitCode.SOFTWARE.code(), out.toString(), "internal error (" + Sanitizer.oneLine(String.valueOf(e)) + ").");
        }
    }
}
