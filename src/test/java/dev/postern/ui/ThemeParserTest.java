package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TextColor;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class ThemeParserTest {
    @Test
    void shippedThemesDefineEveryRole() throws IOException {
        for (String name : new String[] {"default", "monochrome", "light", "high-contrast"}) {
            var roles = ThemeParser.parse(name, Files.readString(Path.of("themes", name + ".theme")));
            assertEquals(ThemeParser.ROLES, roles.keySet(), name);
        }
    }

    @Test
    void builtInPaletteComesFromTheThemeFile() {
        Palette p = Palette.defaults();
        assertEquals(new Palette.Style(TextColor.ANSI.BLACK, TextColor.ANSI.CYAN, EnumSet.noneOf(SGR.class)),
                p.style(Palette.INDEX_SELECTED));
        assertEquals(EnumSet.of(SGR.REVERSE), Palette.monochrome().style(Palette.INDEX_SELECTED).modifiers());
        assertEquals(TextColor.ANSI.DEFAULT, Palette.monochrome().style(Palette.STATUS).bg());
    }

    @Test
    void readsEveryColourForm() {
        var roles = ThemeParser.parse("t", "status = #ff8000 on color236 bold underline\npager.quote = green_bright\n");
        Palette.Style s = roles.get("status");
        assertEquals(new TextColor.RGB(255, 128, 0), s.fg());
        assertEquals(new TextColor.Indexed(236), s.bg());
        assertEquals(EnumSet.of(SGR.BOLD, SGR.UNDERLINE), s.modifiers());
        assertEquals(TextColor.ANSI.GREEN_BRIGHT, roles.get("pager.quote").fg());
    }

    @Test
    void unknownRoleOrColourIsAClearConfigError() {
        PosternException role = assertThrows(PosternException.class, () -> ThemeParser.parse("mine", "# c\nindex.unred = red\n"));
        assertEquals(ExitCode.CONFIG, role.exitCode());
        assertTrue(role.getMessage().startsWith("theme mine, line 2: unknown colour role 'index.unred'"), role.getMessage());
        PosternException colour = assertThrows(PosternException.class, () -> ThemeParser.parse("mine", "status = purple\n"));
        assertTrue(colour.getMessage().contains("line 1: unknown colour 'purple'"), colour.getMessage());
        assertThrows(PosternException.class, () -> ThemeParser.parse("mine", "status = red on\n"));
        assertThrows(PosternException.class, () -> ThemeParser.parse("mine", "status = red blue\n"));
        assertThrows(PosternException.class, () -> ThemeParser.parse("mine", "status red\n"));
    }
}
