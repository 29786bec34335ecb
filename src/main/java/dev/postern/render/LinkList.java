package dev.postern.render;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The links of one message in order of first use, with {@link #indexOf} in constant time: an HTML part
 * with 100,000 anchors numbers each by looking it up, and a list's linear indexOf made that quadratic.
 * Append-only ({@link #add}); duplicates are the caller's to avoid (HtmlToText looks up first).
 */
final class LinkList extends AbstractList<String> {
    private final List<String> items = new ArrayList<>();
    private final Map<String, Integer> first = new HashMap<>();

    @Override
    public String get(int index) { return items.get(index); }

    @Override
    public int size() { return items.size(); }

    @Override
    public boolean add(String link) {
        first.putIfAbsent(link, items.size());
        items.add(link);
        modCount++;
        return true;
    }

    @Override
    public int indexOf(Object o) {
        Integer at = first.get(o);
        return at == null ? -1 : at;
    }
}
