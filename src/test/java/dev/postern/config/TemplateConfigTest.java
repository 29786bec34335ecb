package dev.postern.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** attribution and the template files: paths resolved (~, relative to the config), a missing file stops at load. */
class TemplateConfigTest {
    @TempDir Path dir;

    private static final String ACCOUNT = "[accounts.w]\nprotocol = \"imap\"\nhost = \"h\"\nuser = \"u\"\npassword_env = \"P\"\n";

    private TemplateConfig load(String top) throws Exception {
        Path p = dir.resolve("config.toml");
        Files.writeString(p, top + ACCOUNT);
        Map<String, String> env = Map.of("HOME", dir.toString());
        return TemplateConfig.load(new ConfigLoader(env).load(p), env);
    }

    @Test
    void readsPathsAndTheAttribution() throws Exception {
        Files.writeString(dir.resolve("r.txt"), "x");
        Files.createDirectories(dir.resolve("t"));
        Files.writeString(dir.resolve("t/f.txt"), "x");
        TemplateConfig none = load("");
        assertNull(none.attribution());
        assertNull(none.reply());
        TemplateConfig t = load("attribution = \"%n wrote:\"\nreply_template = \"r.txt\"\nforward_template = \"~/t/f.txt\"\n");
        assertEquals("%n wrote:", t.attribution());
        assertEquals(dir.resolve("r.txt"), t.reply());
        assertEquals(dir.resolve("t/f.txt"), t.forward());
        assertNull(t.fresh());
    }

    @Test
    void aMissingFileIsOneSentenceAtLoad() {
        PosternException e = assertThrows(PosternException.class, () -> load("new_template = \"~/nowhere.txt\"\n"));
        assertEquals(ExitCode.CONFIG, e.exitCode());
        assertTrue(e.getMessage().contains("new_template " + dir.resolve("nowhere.txt") + " is not a file"), e.getMessage());
    }
}
