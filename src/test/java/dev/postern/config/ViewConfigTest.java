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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** auto_view, mailcap_path and prefer_html: checked with the rest of the file before anything connects. */
class ViewConfigTest {
    @TempDir Path dir;

    private static final String ACCOUNT = "[accounts.w]\nprotocol = \"imap\"\nhost = \"h\"\nuser = \"u\"\npassword_env = \"P\"\n";

    private ViewConfig load(String top) throws Exception {
        Path p = dir.resolve("config.toml");
        Files.writeString(p, top + ACCOUNT);
        Map<String, String> env = Map.of("HOME", dir.toString());
        return ViewConfig.load(new ConfigLoader(env).load(p), env);
    }

    @Test
    void readsTheSettings() throws Exception {
        ViewConfig none = load("");
        assertTrue(none.autoView().isEmpty());
        assertNull(none.mailcapFiles());
        assertFalse(none.preferHtml());
        ViewConfig v = load("auto_view = [\"Text/HTML\", \"text/*\"]\nmailcap_path = \"~/.mailcap:/etc/mailcap::\"\nprefer_html = true\n");
        assertEquals(List.of("text/html", "text/*"), v.autoView());
        assertEquals(List.of(dir.resolve(".mailcap"), Path.of("/etc/mailcap")), v.mailcapFiles());
        assertTrue(v.preferHtml());
    }

    @Test
    void mistakesAreOneSentenceNamingTheKey() {
        for (String[] bad : new String[][] {
                {"auto_view = \"text/html\"\n", "auto_view must be a list of types"},
                {"auto_view = [\"application/pdf\"]\n", "not a text type"},
                {"mailcap_path = 3\n", "mailcap_path must be a string"},
                {"prefer_html = \"yes\"\n", "prefer_html must be true or false"}}) {
            PosternException e = assertThrows(PosternException.class, () -> load(bad[0]));
            assertEquals(ExitCode.CONFIG, e.exitCode());
            assertTrue(e.getMessage().contains(bad[1]), e.getMessage());
        }
    }
}
