package dev.postern.config.toml;

/** A place in a TOML document: 1-based line and column (the column counts UTF-16 chars from the line's start). */
public record TomlPosition(int line, int column) {
    @Override
    public String toString() {
        return "line " + line + ", column " + column;
    }
}
