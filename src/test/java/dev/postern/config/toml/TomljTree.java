package dev.postern.config.toml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Both parsers' results as plain ordered maps and lists, so that two trees compare with equals(). */
final class TomljTree {
    private TomljTree() {
    }

    static Object ours(Object v) {
        if (v instanceof TomlTable t) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (String k : t.keySet()) m.put(k, ours(t.get(k)));
            return m;
        }
        if (v instanceof TomlArray a) {
            List<Object> l = new ArrayList<>();
            for (int i = 0; i < a.size(); i++) l.add(ours(a.get(i)));
            return l;
        }
        return v;
    }

    static Object tomlj(Object v) {
        if (v instanceof org.tomlj.TomlTable t) {
            Map<String, Object> m = new LinkedHashMap<>();
            // keySet() and get(List) take each key literally; get(String) would parse "a.b" as a path
            for (String k : t.keySet()) m.put(k, tomlj(t.get(List.of(k))));
            return m;
        }
        if (v instanceof org.tomlj.TomlArray a) {
            List<Object> l = new ArrayList<>();
            for (int i = 0; i < a.size(); i++) l.add(tomlj(a.get(i)));
            return l;
        }
        return v;
    }

    /** Key order too: LinkedHashMap.equals ignores it, but the config keeps accounts in file order. */
    static String ordered(Object v) {
        if (v instanceof Map<?, ?> m) {
            StringBuilder b = new StringBuilder("{");
            m.forEach((k, x) -> b.append(k).append('=').append(ordered(x)).append(", "));
            return b.append('}').toString();
        }
        if (v instanceof List<?> l) {
            StringBuilder b = new StringBuilder("[");
            for (Object x : l) b.append(ordered(x)).append(", ");
            return b.append(']').toString();
        }
        return v == null ? "null" : v.getClass().getSimpleName() + ":" + v;
    }
}
