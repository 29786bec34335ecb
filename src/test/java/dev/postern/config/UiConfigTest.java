package dev.postern.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

/** bindings, theme and colors at the top of config.toml: checked by ConfigLoader with everything else. */
class UiConfigTest {
    @TempDir Path dir;

    private static final String ACCOUNT = "[accounts.w]\nprotocol = \"imap\"\nhost = \"h\"\nuser = \"u\"\npassword_env = \"P\"\n";

    private Map<String, String> env() {
        return Map.of("HOME", dir.toString(), "XDG_CONFIG_HOME", dir.resolve("cfg").toString());
    }

    private UiConfig load(String top) throws Exception {
        Path p = dir.resolve("config.toml");
        Files.writeString(p, top + ACCOUNT);
        Config c = new ConfigLoader(env()).load(p);
        return UiConfig.load(c, env());
    }

    private String fails(String top) throws Exception {
        PosternException e = assertThrows(PosternException.class, () -> load(top));
        assertEquals(ExitCode.CONFIG, e.exitCode());
        return e.getMessage();
    }

    @Test
    void readsTheSettingsAndResolvesPaths() throws Exception {
        UiConfig none = load("");
        assertNull(none.bindings());
        assertNull(none.theme());
        assertNull(none.colors());
        UiConfig ui = load("bindings = \"keys\"\ntheme = \"~/t/mine.theme\"\ncolors = 256\n");
        assertEquals(dir.resolve("keys"), ui.bindings());
        assertTrue(ui.bindingsExplicit());
        assertEquals(dir.resolve("t/mine.theme").toString(), ui.theme());
        assertEquals("256", ui.colors());
        assertEquals("light", load("theme = \"light\"\n").theme());
        assertEquals("truecolor", load("colors = \"24bit\"\n").colors());
    }

    @Test
    void theDefaultBindingsFileIsUsedWhenItExists() throws Exception {
        Files.createDirectories(dir.resolve("cfg/postern"));
        Files.writeString(dir.resolve("cfg/postern/bindings"), "");
        UiConfig ui = load("");
        assertEquals(dir.resolve("cfg/postern/bindings"), ui.bindings());
        assertFalse(ui.bindingsExplicit());
    }

    @Test
    void wrongTypesAreConfigErrors() throws Exception {
        assertTrue(fails("theme = 3\n").contains("theme must be a string in quotes"));
        assertTrue(fails("bindings = \"\"\n").contains("bindings is empty"));
        assertTrue(fails("colors = \"8\"\n").contains("colors = 8 is not one of 16, 256 or \"truecolor\""));
        assertTrue(fails("themes = \"light\"\n").contains("unknown key 'themes'"));
    }

    @Test
    void layoutSettingsAreReadAndChecked() throws Exception {
        UiConfig none = load("");
        assertTrue(none.sidebar());
        assertEquals(20, none.sidebarWidth());
        assertNull(none.indexFormat());
        assertNull(none.dateFormat());
        assertEquals(0, none.pagerWidth());
        UiConfig ui = load("sidebar = false\nsidebar_width = 30\nindex_format = \"%D %s\"\ndate_format = \"yyyy-MM-dd\"\npager_width = 72\n");
        assertFalse(ui.sidebar());
        assertEquals(30, ui.sidebarWidth());
        assertEquals("%D %s", ui.indexFormat());
        assertEquals("yyyy-MM-dd", ui.dateFormat());
        assertEquals(72, ui.pagerWidth());
        assertNull(load("date_format = \"relative\"\n").dateFormat());
        assertTrue(fails("sidebar = \"no\"\n").contains("sidebar must be true or false"));
        assertTrue(fails("sidebar_width = 2\n").contains("sidebar_width = 2 is not between 8 and 60"));
        assertTrue(fails("date_format = \"yyyy-MM-dd {\"\n").contains("is not a date pattern"));
        assertTrue(fails("pager_width = 10\n").contains("pager_width must be 0"));
        assertEquals(0, none.pagerIndexLines());
        assertEquals(8, load("pager_index_lines = 8\n").pagerIndexLines());
        assertTrue(fails("pager_index_lines = 99\n").contains("pager_index_lines = 99 is not between 0 and 50"));
    }
}
