package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SaveTargetTest {
    @TempDir Path home;

    @Test
    void numberDirectoryOrBoth() throws Exception {
        Path sub = Files.createDirectory(home.resolve("sub"));
        Map<String, String> env = Map.of("HOME", home.toString());
        assertEquals(new SaveTarget(null, home), SaveTarget.parse("", home, 3, env));
        assertEquals(new SaveTarget(2, home), SaveTarget.parse(" 2 ", home, 3, env));
        assertEquals(new SaveTarget(3, sub), SaveTarget.parse("3 ~/sub", home, 3, env));
        assertEquals(new SaveTarget(null, sub), SaveTarget.parse(sub.toString(), home, 3, env));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SaveTarget.parse("4", home, 3, env))
                .getMessage().contains("There is no attachment 4"));
        assertThrows(IllegalArgumentException.class, () -> SaveTarget.parse("0", home, 3, env));
        assertThrows(IllegalArgumentException.class, () -> SaveTarget.parse("99999999999999", home, 3, env));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SaveTarget.parse("1 ~/nope", home, 3, env))
                .getMessage().startsWith("No such directory"));
    }

    @Test
    void defaultsToDownloadsWhenItExists() throws Exception {
        Map<String, String> env = Map.of("HOME", home.toString());
        assertEquals(home, SaveTarget.defaultDirectory(env));
        Path downloads = Files.createDirectory(home.resolve("Downloads"));
        assertEquals(downloads, SaveTarget.defaultDirectory(env));
    }
}
