package dev.postern.cli;

import dev.postern.config.AccountConfig;
import dev.postern.config.PasswordPrompt;
import dev.postern.render.Sanitizer;
import java.io.IOException;
import java.util.function.Supplier;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * Asks for an account's password with JLine, echoing '*' per character, never the password. The batch CLI
 * opens the terminal only for the question (on stderr when stdout is a pipe); the shell asks through its
 * own line reader. Ctrl-D cancels the question (null: "no password was typed", 78); Ctrl-C interrupts it
 * (exit 130, as Ctrl-C anywhere else), whatever had been typed.
 */
public final class TerminalPasswordPrompt implements PasswordPrompt {
    public static final char MASK = '*';

    /** Gives a line reader for one question and takes it back (closing what it opened) afterwards. */
    interface Readers {
        LineReader open() throws IOException;

        default void done(LineReader reader) throws IOException {}
    }

    private final Readers readers;

    TerminalPasswordPrompt(Readers readers) {
        this.readers = readers;
    }

    /** Asks on the given reader (the shell's). */
    public static TerminalPasswordPrompt on(Supplier<LineReader> reader) {
        return new TerminalPasswordPrompt(reader::get);
    }

    /** Asks on the process's own terminal, opened for each question and closed after it. */
    public static TerminalPasswordPrompt system() {
        return new TerminalPasswordPrompt(new Readers() {
            @Override
            public LineReader open() throws IOException {
                Terminal t = TerminalBuilder.builder().system(true)
                        .systemOutput(TerminalBuilder.SystemOutput.SysErrOrSysOut).build();
                return LineReaderBuilder.builder().terminal(t).build();
            }

            @Override
            public void done(LineReader reader) throws IOException {
                reader.getTerminal().close();
            }
        });
    }

    /** "Password for work (alice@imap.example.org): " */
    public static String question(AccountConfig a) {
        return "Password for " + Sanitizer.oneLine(a.name()) + " (" + Sanitizer.oneLine(a.user()) + "@"
                + Sanitizer.oneLine(a.host()) + "): ";
    }

    @Override
    public String ask(AccountConfig account) {
        LineReader reader;
        try {
            reader = readers.open();
        } catch (IOException | RuntimeException e) {
            throw new dev.postern.model.PosternException(dev.postern.model.ExitCode.IOERR, "account "
                    + account.name() + ": cannot open the terminal to ask for its password (" + e.getMessage()
                    + "); set password_command or password_env in the config.", e);
        }
        try {
            // Masked lines are not added to the history (LineReaderImpl skips history when a mask is set).
            return reader.readLine(question(account), MASK);
        } catch (UserInterruptException e) {
            throw new dev.postern.model.PosternException(dev.postern.model.ExitCode.INTERRUPTED, "interrupted: the "
                    + "password for account " + account.name() + " was not typed.");
        } catch (EndOfFileException e) {
            return null;
        } finally {
            try {
                readers.done(reader);
            } catch (IOException e) {
                // the question was answered; a terminal that will not close changes nothing
            }
        }
    }
}
