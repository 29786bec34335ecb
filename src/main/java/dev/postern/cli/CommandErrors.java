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
                err.println("postern: " + Sanitizer.diagnostic(ex.getMessage()));
                err.println("Try 'postern " + commandPath(ex.getCommandLine()) + "--help' for usage.");
                err.flush();
                return ExitCode.USAGE.code();
            }
        });
        cl.setExecutionExceptionHandler(new CommandLine.IExecutionExceptionHandler() {
            @Override
            public int handleExecutionException(Exception ex, CommandLine c, CommandLine.ParseResult parsed) {
                return failed(ex, err);
            }
        });
    }

    /** A command that threw: a {@link PosternException} is its sentence and code, anything else a bug (70). */
    public static int failed(Exception ex, PrintWriter err) {
        Logger log = LoggerFactory.getLogger(CommandErrors.class);
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

    static String commandPath(CommandLine c) {
        StringBuilder sb = new StringBuilder();
        for (CommandLine p = c; p != null && p.getParent() != null; p = p.getParent()) sb.insert(0, p.getCommandName() + " ");
        return sb.toString();
    }
}
