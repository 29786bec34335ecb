package dev.postern.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.cli.CommandNames;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code postern help [COMMAND]} (hunt 32-W, W1): no `help` command is registered, so as a first word it opened the
 * reader on a folder called "help" (or, with an owner running, was refused as "the reader needs a terminal"). It is
 * the command's --help now, in process; the thin clients leave it to this process.
 */
class HelpWordTest {
    @TempDir Path dir;

    @Test
    void helpIsTheUsageAndHelpCommandIsThatCommandsUsage() {
        assertArrayEquals(new String[] {"--help"}, CommandNames.withHelp(new String[] {"help"}));
        assertArrayEquals(new String[] {"--config", "c.toml", "sync", "--help"},
                CommandNames.withHelp(new String[] {"--config", "c.toml", "help", "sync"}));
        assertArrayEquals(new String[] {"list", "help"}, CommandNames.withHelp(new String[] {"list", "help"}), "a folder named help");
        String[] top = run("help");
        assertEquals("0", top[0], top[2]);
        assertTrue(top[1].startsWith("Usage: postern "), top[1]);
        String[] sync = run("help", "sync");
        assertEquals("0", sync[0], sync[2]);
        assertTrue(sync[1].startsWith("Usage: postern sync "), sync[1]);
    }

    /** Hunt 37-J, J18: `help nosuch` printed the root's usage and ended with 0; a slip says what it is a slip of. */
    @Test
    void helpOfNoCommandIsAUsageError() {
        String[] none = run("help", "nosuch");
        assertEquals("64", none[0], none[1]);
        assertEquals("", none[1]);
        assertEquals("postern: there is no command named 'nosuch'; `postern --help` lists them.", none[2].strip());
        String[] slip = run("--config", "c.toml", "help", "fecth");
        assertEquals("64", slip[0], slip[1]);
        assertTrue(slip[2].contains("did you mean fetch?"), slip[2]);
        String[] daemon = run("daemon");
        assertEquals("64", daemon[0]);
        assertEquals("", daemon[1], "a usage error's text goes to stderr");
        assertTrue(daemon[2].startsWith("Usage: postern daemon "), daemon[2]);
    }

    private String[] run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = Map.of("HOME", dir.toString(), "XDG_STATE_HOME", dir.resolve("state").toString());
        int code = Main.run(args, env, new ByteArrayInputStream(new byte[0]), false, out, new PrintStream(err, true, StandardCharsets.UTF_8),
                (c, a, f) -> { throw new AssertionError("help opened the reader on folder " + f); }, false);
        return new String[] {String.valueOf(code), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }
}
