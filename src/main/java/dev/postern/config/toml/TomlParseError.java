package dev.postern.config.toml;

/** The first problem in a TOML document: where it is and one short sentence saying what is wrong. */
public final class TomlParseError extends RuntimeException {
    private final TomlPosition position;

    TomlParseError(String message, TomlPosition position) {
        super(message, null, false, false); // no stack trace: this is a user's typo, not a bug
        this.position = position;
    }

    public TomlPosition position() {
        return position;
    }

    /** "line 4, column 9: expected '=' after the key". */
    @Override
    public String toString() {
        return position + ": " + getMessage();
    }
}
