package dev.postern.config.toml;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A TOML table: keys in the order of the document. Values are String, Long, Double, Boolean, OffsetDateTime,
 * LocalDateTime, LocalDate, LocalTime, {@link TomlTable} or {@link TomlArray}. Read-only for callers.
 *
 * <p>Unlike tomlj, {@link #get(String)} and {@link #contains(String)} take ONE key literally: {@code get("a.b")}
 * is the key {@code "a.b"} (written {@code "a.b" = 1} in TOML), not the path a → b.
 */
public final class TomlTable {
    final Map<String, Object> map = new LinkedHashMap<>();
    // Redefinition bookkeeping (TOML 1.0 "Table" section), used only while parsing.
    boolean headerDefined; // by [this] or as an element of [[this]]
    boolean dotted;        // made or extended through dotted keys
    int dottedSection;     // the header section those dotted keys were in
    boolean frozen;        // an inline table: complete as written

    TomlTable() {
    }

    public boolean contains(String key) {
        return map.containsKey(key);
    }

    /** The value of this one key, or null. */
    public Object get(String key) {
        return map.get(key);
    }

    public Set<String> keySet() {
        return Collections.unmodifiableSet(map.keySet());
    }

    public int size() {
        return map.size();
    }

    public boolean isEmpty() {
        return map.isEmpty();
    }

    /** The entries as an unmodifiable map (values as described above). */
    public Map<String, Object> toMap() {
        return Collections.unmodifiableMap(map);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TomlTable t && map.equals(t.map);
    }

    @Override
    public int hashCode() {
        return map.hashCode();
    }

    @Override
    public String toString() {
        return map.toString();
    }
}
