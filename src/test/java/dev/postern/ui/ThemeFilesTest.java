package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.TextColor;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThemeFilesTest {
    @TempDir Path dir;

    @Test
    void everyShippedThemeDefinesEveryRoleItself() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of("themes"))) {
            files = s.filter(p -> p.toString().endsWith(".theme")).sorted().toList();
        }
        assertEquals(List.of("default.theme", "high-contrast.theme", "light.theme", "monochrome.theme"),
                files.stream().map(p -> p.getFileName().toString()).toList());
        for (Path f : files) {
            ThemeParser.Parsed p = ThemeParser.read(f.toString(), Files.readString(f));
            assertEquals(null, p.inherit(), f + " inherits nothing");
            assertEquals(ThemeParser.ROLES, p.roles().keySet(), f.toString());
            String name = f.getFileName().toString().replace(".theme", "");
            assertEquals(ThemeParser.BUILT_IN.contains(name), true, name);
            Palette.builtInTheme(name); // and it is in the jar
        }
    }

    @Test
    void aThemeWithGapsMustSayWhereTheRestComesFrom() {
        PosternException e = assertThrows(PosternException.class, () -> Palette.fromTheme("mine", "status = red\n"));
        assertEquals(ExitCode.CONFIG, e.exitCode());
        assertTrue(e.getMessage().startsWith("theme mine does not define index.selected, index.unread, normal,"), e.getMessage());
        assertTrue(e.getMessage().contains("add 'inherit = default'"), e.getMessage());
        Palette p = Palette.fromTheme("mine", "inherit = light\nstatus = red\n");
        assertEquals(TextColor.ANSI.RED, p.style(Palette.STATUS).fg());
        assertEquals(Palette.builtInTheme("light").style(Palette.INDEX_SELECTED), p.style(Palette.INDEX_SELECTED));
        PosternException bad = assertThrows(PosternException.class, () -> Palette.fromTheme("mine", "inherit = solarised\n"));
        assertTrue(bad.getMessage().startsWith("theme mine, line 1: inherit names 'solarised'"), bad.getMessage());
    }

    /** Java's words for a file that is not UTF-8 were "Input length = 1" (hunt E, F5). */
    @Test
    void aThemeFileThatIsNotUtf8IsSaidToBeSo() throws Exception {
        Path file = dir.resolve("mine.theme");
        Files.write(file, new byte[] {(byte) 0xff, (byte) 0xfe, 'n', 'o', 'r', 'm', 'a', 'l', ' ', '=', ' ', 'r', 'e', 'd', '\n'});
        PosternException e = assertThrows(PosternException.class,
                () -> Palette.load(file.toString(), null, Map.of(), dir, "config c.toml"));
        assertEquals(ExitCode.CONFIG, e.exitCode());
        assertTrue(e.getMessage().endsWith("theme file " + file + " cannot be read (it is not UTF-8 text; save it as UTF-8)."),
                e.getMessage());
    }

    @Test
    void unknownRoleIsRejectedWithItsLine() {
        PosternException e = assertThrows(PosternException.class,
                () -> Palette.fromTheme("mine", "inherit = default\n\nindex.unred = red\n"));
        assertTrue(e.getMessage().startsWith("theme mine, line 3: unknown colour role 'index.unred'"), e.getMessage());
    }

    @Test
    void coloursAreMappedDownToWhatTheTerminalShows() {
        Map<String, String> xterm = Map.of("TERM", "xterm");
        assertEquals(Palette.Depth.ANSI16, Palette.Depth.detect(xterm, null));
        assertEquals(Palette.Depth.INDEXED256, Palette.Depth.detect(Map.of("TERM", "screen-256color"), null));
        assertEquals(Palette.Depth.TRUECOLOR, Palette.Depth.detect(Map.of("TERM", "xterm", "COLORTERM", "truecolor"), null));
        assertEquals(Palette.Depth.ANSI16, Palette.Depth.detect(Map.of("COLORTERM", "truecolor"), "16"));
        assertEquals(TextColor.ANSI.RED, Palette.down(new TextColor.RGB(250, 10, 10), Palette.Depth.ANSI16));
        assertEquals(TextColor.ANSI.BLUE_BRIGHT, Palette.down(new TextColor.Indexed(12), Palette.Depth.ANSI16));
        assertEquals(new TextColor.Indexed(196), Palette.down(new TextColor.RGB(255, 0, 0), Palette.Depth.INDEXED256));
        assertEquals(TextColor.ANSI.GREEN, Palette.down(TextColor.ANSI.GREEN, Palette.Depth.ANSI16));
        Palette light16 = Palette.load("light", null, xterm, null, "config x");
        for (String role : ThemeParser.ROLES) {
            assertTrue(light16.style(role).fg() instanceof TextColor.ANSI, role);
            assertTrue(light16.style(role).bg() instanceof TextColor.ANSI, role);
        }
        Palette light256 = Palette.load("light", "256", xterm, null, "config x");
        assertEquals(new TextColor.Indexed(24), light256.style(Palette.STATUS).bg());
    }

    @Test
    void noColorWinsAndNamesResolveToUserThemes() throws Exception {
        assertTrue(Palette.load("high-contrast", "truecolor", Map.of("NO_COLOR", "1"), null, "c").isMonochrome());
        Files.writeString(dir.resolve("ocean.theme"), "inherit = default\nstatus = blue on white\n");
        Palette ocean = Palette.load("ocean", "truecolor", Map.of(), dir, "c");
        assertEquals(TextColor.ANSI.BLUE, ocean.style(Palette.STATUS).fg());
        PosternException e = assertThrows(PosternException.class, () -> Palette.load("nope", null, Map.of(), dir, "config f"));
        assertEquals(ExitCode.CONFIG, e.exitCode());
        assertTrue(e.getMessage().startsWith("config f: theme 'nope' is neither a built-in theme"), e.getMessage());
    }

    @Test
    void theScreenDrawsWithTheThemesColours() throws Exception {
        Palette light = Palette.builtInTheme("light");
        InMemoryMailController c = new InMemoryMailController().addFolder("work", "INBOX", 3);
        try (TuiHarness h = new TuiHarness(c, "work", "INBOX", 80, 24, light)) {
            h.awaitText("[1/3");
            var bar = h.cell(2, 22);
            assertEquals(light.style(Palette.STATUS).fg(), bar.getForegroundColor());
            assertEquals(new TextColor.Indexed(24), bar.getBackgroundColor());
            var selected = h.cell(30, 0); // the first row is the selected message
            assertEquals(light.style(Palette.INDEX_SELECTED).bg(), selected.getBackgroundColor());
        }
    }
}
