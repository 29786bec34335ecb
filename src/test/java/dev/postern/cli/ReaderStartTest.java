package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.app.Main;
import dev.postern.controller.MailController;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Paint first (issue 16): the reader's terminal is set up ahead, while its config, store and views are made,
 * but never when a password is to be typed at that terminal first; and the reader gets its folder and
 * account from the root's own parse (no subcommand model is built for it).
 */
class ReaderStartTest {
    @TempDir
    Path dir;

    /** What the launcher saw, in order: "prepare", then "run ACCOUNT FOLDER". */
    private List<String> start(Path cfg, boolean terminal, String... args) {
        List<String> seen = new ArrayList<>();
        PosternCommand.UiLauncher launcher = new PosternCommand.UiLauncher() {
            @Override
            public void prepare() { seen.add("prepare"); }

            @Override
            public void run(MailController c, String account, String folder) {
                seen.add("run " + account + " " + folder);
            }
        };
        String[] argv = new String[args.length + 2];
        argv[0] = "--config";
        argv[1] = cfg.toString();
        System.arraycopy(args, 0, argv, 2, args.length);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(argv, CliRun.env(dir), new ByteArrayInputStream(new byte[0]), terminal, new ByteArrayOutputStream(),
                new PrintStream(err, true, StandardCharsets.UTF_8), launcher);
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        return seen;
    }

    @Test
    void theTerminalIsPreparedBeforeTheReaderRuns() throws Exception {
        Path cfg = CliRun.writeConfig(dir.resolve("c.toml"), dir.resolve("data"),
                CliRun.account("work", "imap", 1, "u", "secret"), CliRun.account("home", "imap", 1, "u", "secret"));
        assertEquals(List.of("prepare", "run work INBOX"), start(cfg, true));
        assertEquals(List.of("prepare", "run home Lists/java"), start(cfg, true, "-a", "home", "Lists/java"));
    }

    @Test
    void notWhenAPasswordIsAskedAtTheTerminalFirst() throws Exception {
        Path cfg = CliRun.writeConfig(dir.resolve("c.toml"), dir.resolve("data"),
                CliRun.account("work", "imap", 1, "u", "secret"), CliRun.account("asks", "imap", 1, "u", null));
        List<String> seen = start(cfg, false);
        assertFalse(seen.contains("prepare"), seen::toString);
        assertTrue(seen.contains("run work INBOX"), seen::toString);
    }

    /**
     * A plain reader line is read without picocli (PosternCommand.readerLine), and reads as picocli reads it;
     * anything else is left to picocli (null), which runs the command or says what is wrong with it.
     */
    @Test
    void aPlainReaderLineIsReadWithoutPicocliAsPicocliReadsIt() throws Exception {
        assertEquals(new PosternCommand.ReaderLine(Path.of("c.toml"), "home", "Lists/java"),
                PosternCommand.readerLine(new String[] {"--config", "c.toml", "-a", "home", "Lists/java"}));
        assertEquals(new PosternCommand.ReaderLine(Path.of("c.toml"), "home", "-odd"),
                PosternCommand.readerLine(new String[] {"--config=c.toml", "--account=home", "--", "-odd"}));
        assertEquals(new PosternCommand.ReaderLine(null, null, null), PosternCommand.readerLine(new String[0]));
        for (String[] other : new String[][] {{"list"}, {"--help"}, {"-V"}, {"-a"}, {"-a", "--help"}, {"one", "two"},
                {"--config", "a", "--config", "b"}, {"-ahome"}, {"--unknown"}, {"help"}, {"shell"}}) {
            assertEquals(null, PosternCommand.readerLine(other), String.join(" ", other));
        }
        Path cfg = CliRun.writeConfig(dir.resolve("c.toml"), dir.resolve("data"),
                CliRun.account("work", "imap", 1, "u", "secret"), CliRun.account("home", "imap", 1, "u", "secret"));
        // The same reader as before, with the forms only picocli reads (-aNAME) and those it reads too.
        assertEquals(List.of("prepare", "run home Lists/java"), start(cfg, true, "-ahome", "Lists/java"));
        assertEquals(List.of("prepare", "run home Lists/java"), start(cfg, true, "--account=home", "--", "Lists/java"));
    }

    @Test
    void aReaderLineWithAMistakeIsOneSentenceAndItsCode() throws Exception {
        Path cfg = CliRun.writeConfig(dir.resolve("c.toml"), dir.resolve("data"), CliRun.account("work", "imap", 1, "u", "secret"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"--config", cfg.toString(), "-a", "nosuch"}, CliRun.env(dir),
                new ByteArrayInputStream(new byte[0]), false, new ByteArrayOutputStream(),
                new PrintStream(err, true, StandardCharsets.UTF_8), (c, a, f) -> { throw new AssertionError("no reader"); });
        String said = err.toString(StandardCharsets.UTF_8);
        assertEquals(64, code, said);
        assertEquals("postern: there is no account 'nosuch' in " + cfg + "; known: work.\n", said);
    }
}
