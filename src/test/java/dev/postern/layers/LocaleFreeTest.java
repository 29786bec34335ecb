package dev.postern.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * postern's own text does not take the JVM's default locale, which Java takes from LANG: String.format's %d writes
 * Arabic-Indic digits under ar_EG and fa_IR (a queue key so written was never found by a cron run under LANG=C, and
 * the message was sent again on every flush), %f a comma under de_DE, and toUpperCase() a dotted İ under tr_TR. Every
 * String.format names its locale, and no case change or formatted() leans on the default. Comments are not read.
 */
class LocaleFreeTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/postern");
    private static final Pattern COMMENTS = Pattern.compile("/\\*.*?\\*/|(?m)^\\s*//.*$|\\s//\\s.*$", Pattern.DOTALL);
    private static final Pattern DEFAULT_LOCALE = Pattern.compile(
            "String\\.format\\((?!\\s*(?:java\\.util\\.)?Locale\\.)|\\.formatted\\(|\\.to(?:Upper|Lower)Case\\(\\s*\\)"
                    + "|new\\s+(?:java\\.util\\.)?Formatter\\(\\s*\\)|String\\.valueOf\\(\\s*\\(float\\)");

    static List<String> defaultLocaleUses(String source) {
        List<String> found = new ArrayList<>();
        Matcher m = DEFAULT_LOCALE.matcher(COMMENTS.matcher(source).replaceAll(" "));
        while (m.find()) found.add(m.group());
        return found;
    }

    @Test
    void noSourceLeansOnTheDefaultLocale() throws IOException {
        List<String> uses = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                for (String u : defaultLocaleUses(Files.readString(f))) uses.add(SOURCES.relativize(f) + ": " + u);
            }
        }
        assertEquals(List.of(), uses);
    }

    @Test
    void theCheckSeesEachShapeAndPassesTheLocaleForms() {
        assertEquals(4, defaultLocaleUses("a = String.format(\"%d\", 1); b = \"%s\".formatted(x); c = s.toUpperCase();"
                + " d = s.toLowerCase( );").size());
        assertTrue(defaultLocaleUses("String.format(Locale.ROOT, \"%d\", 1); String.format(java.util.Locale.ROOT, \"x\");"
                + " s.toUpperCase(Locale.ROOT); // String.format(\"%d\") in a comment\n /* s.toLowerCase() */").isEmpty());
    }
}
