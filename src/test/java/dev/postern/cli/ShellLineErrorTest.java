package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * An Error in one shell line (a StackOverflowError, as a deeply nested query threw) is that line's internal error, 70,
 * in one sentence; the shell goes on to the next line. It left the shell's loop and ended the shell, which may own the
 * data directory for other postern commands (hunt 38-Q, Q13, Q14).
 */
class ShellLineErrorTest {
    @CommandLine.Command(name = "root", subcommands = {Boom.class, Fine.class})
    static final class Root implements Callable<Integer> {
        @Override public Integer call() { return 0; }
    }

    @CommandLine.Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        @Override public Integer call() { throw new StackOverflowError(); }
    }

    @CommandLine.Command(name = "fine")
    static final class Fine implements Callable<Integer> {
        @Override public Integer call() { return 0; }
    }

    @Test
    void anErrorIsTheLinesSeventyAndTheShellGoesOn() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Shell shell = new Shell(new CommandLine(new Root()), null, new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(70, shell.run(List.of("boom")));
        String said = err.toString();
        assertTrue(said.startsWith("postern: internal error (java.lang.StackOverflowError)"), said);
        assertEquals(1, said.strip().lines().count(), said);
        assertEquals(0, shell.run(List.of("fine")));
    }
}
