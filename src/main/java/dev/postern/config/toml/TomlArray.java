package dev.postern.config.toml;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A TOML array (values of any types, as TOML 1.0 allows) or an array of tables made by {@code [[name]]}. */
public final class TomlArray {
    final List<Object> items = new ArrayList<>();
    final boolean ofTables; // made by [[name]]: more elements may follow; a value array is complete as written

    TomlArray(boolean ofTables) {
        this.ofTables = ofTables;
    }

    public int size() {
        return items.size();
    }

    public boolean isEmpty() {
        return items.isEmpty();
    }

    public Object get(int i) {
        return items.get(i);
    }

    /** The element at {@code i} as a table; a ClassCastException when it is something else. */
    public TomlTable getTable(int i) {
        return (TomlTable) items.get(i);
    }

    public List<Object> toList() {
        return Collections.unmodifiableList(items);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TomlArray a && items.equals(a.items);
    }

    @Override
    public int hashCode() {
        return items.hashCode();
    }

    @Override
    public String toString() {
        return items.toString();
    }
}
