package dev.postern.config.toml;

/**
 * A strict TOML 1.0 parser: one hand-written recursive-descent pass over the String, no generated grammar
 * and no regular expressions, so that reading a ten-line config costs next to nothing on a cold JVM (tomlj's
 * ANTLR runtime cost a quarter of postern's start-up before the network).
 *
 * <p>Parsing stops at the first error, reported with a 1-based line and column and one short sentence.
 * A "\r\n" inside a multi-line string reads as "\n" (the spec allows normalising newlines; tomlj did the same). Times keep at most nanosecond
 * precision (further digits are truncated, as the spec allows); a leap second (:60) is refused because
 * java.time cannot hold it.
 *
 * <p>The parts, all package-private: {@link TomlCursor} (the text, the position, whitespace, comments,
 * newlines, errors with line and column), {@link TomlStrings} (the four string kinds and escapes),
 * {@link TomlNumbers} (integers, floats, dates and times) and {@link TomlDocument} (keys, tables, arrays of
 * tables, arrays, inline tables and the rules on defining a table twice), which drives the other three.
 */
public final class Toml {
    /** Arrays and inline tables nested deeper than this are refused (one sentence, not a StackOverflowError). */
    static final int MAX_NESTING = 100;

    private Toml() {
    }

    public static TomlParseResult parse(String text) {
        try {
            return new TomlParseResult(new TomlDocument(text).parse(), null);
        } catch (TomlParseError e) {
            return new TomlParseResult(null, e);
        }
    }
}
