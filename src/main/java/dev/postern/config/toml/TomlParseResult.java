package dev.postern.config.toml;

import java.util.List;

/** What {@link Toml#parse} gives: the document's top-level table, or the first error. */
public final class TomlParseResult {
    private final TomlTable table;
    private final List<TomlParseError> errors;

    TomlParseResult(TomlTable table, TomlParseError error) {
        this.table = table;
        this.errors = error == null ? List.of() : List.of(error);
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    /** Empty, or the FIRST error only (parsing stops there). */
    public List<TomlParseError> errors() {
        return errors;
    }

    /** The top-level table; only when {@link #hasErrors()} is false. */
    public TomlTable table() {
        if (table == null) throw new IllegalStateException("the document has errors: " + errors.get(0));
        return table;
    }
}
