package dev.postern.cli;

import dev.postern.model.ExitCode;
import dev.postern.model.LogFile;
import dev.postern.model.PosternException;
import dev.postern.render.Sanitizer;
import java.io.PrintWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** How every door that runs the command tree (a command line, a request to an owner, the shell) reports a failure. */
public final class CommandErrors {
    private CommandErrors() {}

    /**
     * Wires picocli to postern's error rules: a usage error and a {@link PosternException} are one sentence
     * and their sysexits code; anything else is a bug (70), its stack trace to the log only.
     */
    public static void handle(CommandLine cl, PrintWriter out, PrintWriter err) {
        cl.setOut(out);
        cl.setErr(err);
        // Classes, not lambdas: picocli's interfaces are Java 5 class files, which JDK 17's archive dump drops
        // (with every class implementing them) once a lambda made it link them; then a short command loads them
        // from the shaded jar, and reading that jar's directory costs more than the rest of picocli's set-up.
        cl.setParameterExceptionHandler(new CommandLine.IParameterExceptionHandler() {
            @Override
            public int handleParseException(CommandLine.ParameterException ex, String[] a) {
                java.nio.file.InvalidPathException path = unusablePathValue(ex);
                if (path != null) return failed(dev.postern.model.UnusablePath.of(path), err); // --config, an --out DIR
                err.println("postern: " + Sanitizer.diagnostic(ex.getMessage()));
                err.println("Try 'postern " + commandPath(ex.getCommandLine()) + "--help' for usage.");
                err.flush();
                return ExitCode.USAGE.code();
            }
        });
        cl.setExecutionStrategy(new OutputChecked(cl.getExecutionStrategy()));
        cl.setExecutionExceptionHandler(new CommandLine.IExecutionExceptionHandler() {
            @Override
            public int handleExecutionException(Exception ex, CommandLine c, CommandLine.ParseResult parsed) {
                return failed(ex, err);
            }
        });
    }

    /**
     * picocli's strategy, with a failed write of its own (the help, the version) handed to the execution handler
     * like a command's: picocli would print the exception's stack trace for it.
     */
    static final class OutputChecked implements CommandLine.IExecutionStrategy {
        private final CommandLine.IExecutionStrategy usual;

        OutputChecked(CommandLine.IExecutionStrategy usual) { this.usual = usual; }

        @Override
        public int execute(CommandLine.ParseResult parsed) {
            try {
                FolderSpelling.spell(parsed); // a folder typed composed, of one the server keeps decomposed (hunt 39-I, I6)
                return usual.execute(parsed);
            } catch (dev.postern.model.OutputFailed f) {
                throw new CommandLine.ExecutionException(parsed.commandSpec().commandLine(), f.getMessage(), f);
            }
        }
    }

    /** A command that threw: a {@link PosternException} is its sentence and code, anything else a bug (70). */
    public static int failed(Throwable ex, PrintWriter err) {
        Logger log = LoggerFactory.getLogger(CommandErrors.class);
        dev.postern.model.OutputFailed output = CheckedOutput.outputFailed(ex);
        if (output != null) return CheckedOutput.told(output, err);
        java.nio.file.InvalidPathException path = invalidPath(ex);
        if (path != null && !(ex instanceof PosternException)) ex = dev.postern.model.UnusablePath.of(path);
        OutOfMemoryError memory = dev.postern.model.OutOfMemory.in(ex);
        if (memory != null && !(ex instanceof PosternException)) ex = dev.postern.model.OutOfMemory.of(memory);
        if (ex instanceof PosternException p) {
            log.info("command failed: {}", p.getMessage(), p);
            err.println("postern: " + Sanitizer.diagnostic(p.getMessage()));
            err.flush();
            return p.exitCode().code();
        }
        log.error("internal error", ex);
        err.println("postern: internal error (" + Sanitizer.diagnostic(String.valueOf(ex))
                + "); details are in " + LogFile.where() + ".");
        err.flush();
        return ExitCode.SOFTWARE.code();
    }

    /**
     * The path the locale's charset could not encode (no LANG, as under cron, and no launcher to set a UTF-8 one) that
     * {@code e} is or was caused by: wherever a command met it, one sentence and 78, not an internal error; null when none.
     */
    static java.nio.file.InvalidPathException invalidPath(Throwable e) {
        for (int depth = 0; e != null && depth < 20; depth++, e = e.getCause()) {
            if (e instanceof java.nio.file.InvalidPathException p) return p;
        }
        return null;
    }

    /** The value picocli could not convert to a path because the locale's charset cannot encode it; null when not that. */
    static java.nio.file.InvalidPathException unusablePathValue(CommandLine.ParameterException ex) {
        java.nio.file.InvalidPathException cause = invalidPath(ex);
        if (cause != null) return cause;
        if (ex.getValue() == null || ex.getArgSpec() == null) return null;
        Class<?> type = ex.getArgSpec().type();
        if (type != java.nio.file.Path.class && type != java.io.File.class) return null;
        try {
            java.nio.file.Path.of(ex.getValue());
            return null;
        } catch (java.nio.file.InvalidPathException e) {
            return e;
        }
    }

    static String commandPath(CommandLine c) {
        StringBuilder sb = new StringBuilder();
        for (CommandLine p = c; p != null && p.getParent() != null; p = p.getParent()) sb.insert(0, p.getCommandName() + " ");
        return sb.toString();
    }
}
