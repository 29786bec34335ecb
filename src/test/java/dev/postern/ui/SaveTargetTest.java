package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
        // Hunt 43-R, R8: a file's name is said to be a file, and the prompt's want a directory, not "No such directory".
        Files.writeString(home.resolve("report.txt"), "x");
        assertEquals(home.resolve("report.txt") + " is a file, not a directory; type the directory to save into (" + home
                + "): attachments keep their own names.", assertThrows(IllegalArgumentException.class,
                        () -> SaveTarget.parse("~/report.txt", home, 3, env)).getMessage());
    }

    @Test
    void innerBlanksAreReadInTimeLinearInThem() throws Exception {
        Map<String, String> env = Map.of("HOME", home.toString());
        Path spaced = Files.createDirectory(home.resolve("a  b"));
        assertEquals(new SaveTarget(1, spaced), SaveTarget.parse("\t1 \n" + spaced + " \r\n", home, 3, env));
        assertEquals(new SaveTarget(2, spaced), SaveTarget.parse("2" + spaced, home, 3, env)); // digits, then the path
        // 200,000 pasted spaces: the pattern it was took N^2 steps (6 s for 30,000, minutes here); a scan now.
        String pasted = "1 a" + " ".repeat(200_000) + "b";
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertTrue(assertThrows(IllegalArgumentException.class,
                () -> SaveTarget.parse(pasted, home, 3, env)).getMessage().startsWith("No such directory")));
    }

    @Test
    void defaultsToDownloadsWhenItExists() throws Exception {
        Map<String, String> env = Map.of("HOME", home.toString());
        assertEquals(home, SaveTarget.defaultDirectory(env));
        Path downloads = Files.createDirectory(home.resolve("Downloads"));
        assertEquals(downloads, SaveTarget.defaultDirectory(env));
    }
}
