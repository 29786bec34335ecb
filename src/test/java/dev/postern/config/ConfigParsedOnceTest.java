package dev.postern.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The config file is read and parsed once per load: retention rules and reader settings come from that parse. */
class ConfigParsedOnceTest {
    @TempDir Path dir;

    private static final String TEXT = """
            theme = "light"
            [accounts.w]
            protocol = "imap"
            host = "h"
            user = "u"
            password = "hunter2"
            [[retention]]
            account = "w"
            folders = ["Trash"]
            older_than_days = 30
            """;

    private Map<String, String> env() {
        return Map.of("HOME", dir.toString(), "XDG_CONFIG_HOME", dir.resolve("cfg").toString());
    }

    @Test
    void retentionAndReaderSettingsDoNotReadTheFileAgain() throws Exception {
        Path p = dir.resolve("config.toml");
        Files.writeString(p, TEXT);
        Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Config c = new ConfigLoader(env()).load(p);
        assertNotNull(c.document());
        Files.delete(p); // a second read would now fail
        RetentionConfig rules = RetentionConfig.load(c);
        assertEquals(1, rules.rules().size());
        assertEquals(List.of("Trash"), rules.rules().get(0).folders());
        assertEquals("light", UiConfig.load(c, env()).theme());
        assertFalse(c.toString().contains("hunter2"), c.toString());
    }

    @Test
    void aConfigMadeInCodeStillReadsItsFile() throws Exception {
        Path p = dir.resolve("config.toml");
        Files.writeString(p, TEXT);
        Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Config loaded = new ConfigLoader(env()).load(p);
        Config made = new Config(p, loaded.dataDir(), loaded.accounts());
        assertEquals(1, RetentionConfig.load(made).rules().size());
        Files.writeString(p, "theme = \"light\n");
        PosternException e = assertThrows(PosternException.class, () -> UiConfig.load(made, env()));
        assertEquals(ExitCode.CONFIG, e.exitCode());
        assertTrue(e.getMessage().startsWith("config " + p + ": line 1, column 15: "), e.getMessage());
    }
}
