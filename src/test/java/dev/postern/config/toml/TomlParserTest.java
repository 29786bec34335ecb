package dev.postern.config.toml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Our own messages and positions (tomlj's wording differs, so the differential test cannot check them), and the API. */
class TomlParserTest {
    private static String error(String toml) {
        TomlParseResult r = Toml.parse(toml);
        assertTrue(r.hasErrors(), () -> "accepted: " + r.table());
        assertEquals(1, r.errors().size());
        return r.errors().get(0).toString();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            a = 1\\n\\n[t]\\nkey 9                | line 4, column 5: expected '=' after the key
            a =\\nb = 2                         | line 1, column 4: expected a value after '='
            a = 1\\na = 2                       | line 2, column 1: the key a is defined twice
            [t]\\nx.y = 1\\nx.y = 2             | line 3, column 3: the key x.y is defined twice
            [fruit]\\n[fruit]                  | line 2, column 2: the table [fruit] is defined twice
            [a]\\nb.c = 1\\n[a.b]               | line 3, column 4: the table a.b was already made with dotted keys; [a.b] cannot define it again
            a = {b = 1}\\na.c = 2               | line 2, column 1: a is an inline table, which cannot be extended
            a = {b = 1}\\n[a.c]                 | line 2, column 2: a is an inline table, which cannot be extended
            a = { b = 1,\\nc = 2 }              | line 1, column 13: an inline table must be on one line; close it with '}' before the line ends
            a = { b = 1, }                     | line 1, column 14: a trailing comma is not allowed in an inline table
            a = []\\n[[a]]                      | line 2, column 3: a is an array value, which [[a]] cannot extend
            [[a]]\\n[a]                         | line 2, column 2: a is an array of tables; write [[a]] to add an element
            a = "x\\\\qy"                       | line 1, column 7: \\q is not a valid escape; write \\\\ for a backslash
            a = "\\\\uD800"                     | line 1, column 6: \\uD800 is not a Unicode scalar value
            a = "\\\\u12"                       | line 1, column 6: \\u needs exactly 4 hexadecimal digits
            x = 1\\na = "abc\\nb = 1            | line 2, column 9: the string is not closed before the end of the line; use \"\"\" for a multi-line string
            a = \"\"\"abc                      | line 1, column 11: the \"\"\" string opened at line 1, column 5 is never closed
            a = 'abc                           | line 1, column 9: the literal string is never closed with '
            a = 0123                           | line 1, column 5: leading zeros are not allowed: 0123
            a = +0x1F                          | line 1, column 5: a number in base 16 cannot have a sign: +0x1F
            a = 1__0                           | line 1, column 5: 1__0 is not a valid number (an underscore must stand between two digits)
            a = 1.                             | line 1, column 5: 1. needs digits after the decimal point
            a = 9223372036854775808            | line 1, column 5: 9223372036854775808 is out of range for a 64-bit integer
            a = 0xFFFFFFFFFFFFFFFF             | line 1, column 5: 0xFFFFFFFFFFFFFFFF is too large for a 64-bit integer
            a = 2021-02-30                     | line 1, column 5: 2021-02-30 is not a valid date
            a = 1979-05-27T24:00:00            | line 1, column 16: 24:00:00 is not a valid time
            a = 07:32                          | line 1, column 5: a time is written HH:MM:SS, with seconds
            a = hello                          | line 1, column 5: 'h' does not start a value; a string needs quotes
            a = True                           | line 1, column 5: 'T' does not start a value; a string needs quotes
            a = tru                            | line 1, column 5: not a value: true, false, inf and nan are written in lower case, and a string needs quotes
            a = 1 b = 2                        | line 1, column 7: expected the end of the line after the value, found 'b'
            [a] b = 1                          | line 1, column 5: expected the end of the line after the table header, found 'b'
            a = [1 2]                          | line 1, column 8: expected ',' or ']' in the array, found '2'
            a = [1,\\n2                         | line 2, column 2: the array opened at line 1, column 5 is never closed with ']'
            [a\\nb = 1                          | line 1, column 3: expected ']' after the table name
            []                                 | line 1, column 2: ']' cannot start a key; quote the key, or use only letters, digits, '_' and '-'
            = 1                                | line 1, column 1: '=' cannot start a key; quote the key, or use only letters, digits, '_' and '-'
            a/b = 1                            | line 1, column 2: expected '=' after the key
            a = 1\\rb = 2                       | line 1, column 6: a carriage return must be followed by a line feed
            """)
    void firstErrorHasLineColumnAndASentence(String toml, String expected) {
        String doc = toml.replace("\\n", "\n").replace("\\r", "\r").replace("\\\\", "\\");
        assertEquals(expected, error(doc));
    }

    @Test
    void controlCharactersAreNamedByCodePoint() {
        assertEquals("line 1, column 7: control character U+0001 must be escaped in a string", error("a = \"x\u0001\""));
        assertEquals("line 2, column 4: control character U+007F is not allowed in a comment", error("a = 1\n# x\u007f\n"));
        assertEquals("line 1, column 7: control character U+0000 is not allowed in a literal string", error("a = 'x\u0000'"));
    }

    @Test
    void onlyTheFirstErrorIsReported() {
        assertEquals("line 2, column 5: 'x' does not start a value; a string needs quotes", error("a = 1\nb = x\nc = y\n"));
    }

    @Test
    void aKeyArgumentIsOneKeyNotADottedPath() {
        // tomlj's get("a.b") parses the argument as the path a -> b; ours takes the key literally.
        TomlTable t = Toml.parse("\"a.b\" = 1\n[a]\nb = 2\n").table();
        assertEquals(1L, t.get("a.b"));
        assertTrue(t.contains("a.b"));
        assertEquals(2L, ((TomlTable) t.get("a")).get("b"));
        assertNull(t.get("nope"));
        assertFalse(t.contains("a.c"));
    }

    @Test
    void keysKeepTheOrderOfTheFile() {
        TomlTable t = Toml.parse("[accounts.zeta]\n[accounts.alpha]\n[accounts.mid]\n").table();
        assertEquals(List.of("zeta", "alpha", "mid"), List.copyOf(((TomlTable) t.get("accounts")).keySet()));
    }

    @Test
    void arraysOfTablesAndValues() {
        TomlTable t = Toml.parse("v = [1, \"two\", 03:04:05]\n[[r]]\nn = 1\n[[r]]\n").table();
        TomlArray v = (TomlArray) t.get("v");
        assertEquals(3, v.size());
        assertEquals(List.of(1L, "two", LocalTime.of(3, 4, 5)), v.toList());
        TomlArray r = (TomlArray) t.get("r");
        assertEquals(1L, r.getTable(0).get("n"));
        assertTrue(r.getTable(1).isEmpty());
        assertThrows(ClassCastException.class, () -> v.getTable(0));
        assertThrows(UnsupportedOperationException.class, () -> t.keySet().clear());
        assertThrows(IllegalStateException.class, () -> Toml.parse("a =").table());
    }

    @Test
    void fractionalSecondsBeyondNanosecondsAreTruncated() {
        assertEquals(LocalTime.of(0, 0, 0, 123456789), Toml.parse("t = 00:00:00.1234567891").table().get("t"));
    }

    @Test
    void deepNestingIsASentenceNotAStackOverflow() {
        assertEquals(1L, ((TomlArray) Toml.parse("a = " + "[".repeat(100) + "1" + "]".repeat(100)).table().get("a")).size());
        assertEquals("line 1, column 105: arrays and inline tables nest deeper than 100 levels here",
                error("a = " + "[".repeat(100_000) + "]".repeat(100_000)));
        assertEquals("line 1, column 305: arrays and inline tables nest deeper than 100 levels here",
                error("a = " + "{b = [".repeat(50) + "{"));
    }

    @Test
    void aByteOrderMarkIsSkipped() {
        assertEquals(1L, Toml.parse("\uFEFFa = 1\n").table().get("a"));
    }
}
