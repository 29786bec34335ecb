package dev.postern.controller;

import dev.postern.model.Envelope;
import dev.postern.model.Folder;
import dev.postern.store.MailStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every address seen in the store (From, To, Cc of cached envelopes), for completion in the compose
 * screen, the ':' prompt and {@code postern shell}. Ranked by how often an address was seen, so the
 * people one writes to most come first. Built by one pass over the store's envelopes; callers that
 * need it off the UI thread build it there.
 */
public final class AddressBook {
    private static final int PAGE = 1000;

    /** Normalised address (lower-case mailbox) -> best display form and count. */
    private final Map<String, Entry> entries = new HashMap<>();

    private static final class Entry {
        String display;
        int count;
    }

    /** Scans every folder of the given accounts. */
    public static AddressBook scan(MailStore store, Collection<String> accounts) {
        AddressBook book = new AddressBook();
        for (String account : accounts) {
            for (Folder f : store.folders(account)) {
                for (int off = 0; ; off += PAGE) {
                    List<Envelope> page = store.page(account, f.name(), off, PAGE);
                    for (Envelope e : page) {
                        book.add(e.from());
                        e.to().forEach(book::add);
                        e.cc().forEach(book::add);
                    }
                    if (page.size() < PAGE) break;
                }
            }
        }
        return book;
    }

    /** Records one address ("Name &lt;a@b&gt;" or a bare "a@b"); blanks and strings without '@' are ignored. */
    public synchronized void add(String address) {
        if (address == null) return;
        String a = address.strip();
        String key = mailbox(a);
        if (key == null) return;
        Entry e = entries.computeIfAbsent(key, k -> new Entry());
        e.count++;
        // Prefer a form with a display name over a bare address; the name quoted as needed ("Doe, John" <jd@x.org>),
        // for what completion puts in a To line is split at commas and parsed again.
        if (e.display == null || (!e.display.contains("<") && a.contains("<"))) e.display = dev.postern.compose.Addresses.quoted(a);
    }

    /**
     * Addresses whose display name or mailbox, or any word of them, starts with {@code prefix}
     * (case-insensitive); most seen first, at most {@code limit}.
     */
    public synchronized List<String> complete(String prefix, int limit) {
        String p = prefix == null ? "" : prefix.strip().toLowerCase(Locale.ROOT);
        List<Map.Entry<String, Entry>> hits = new ArrayList<>();
        for (Map.Entry<String, Entry> me : entries.entrySet()) {
            if (p.isEmpty() || matches(me.getKey(), me.getValue().display, p)) hits.add(me);
        }
        hits.sort(Comparator.comparingInt((Map.Entry<String, Entry> me) -> -me.getValue().count)
                .thenComparing(Map.Entry::getKey));
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Entry> me : hits) {
            if (out.size() >= limit) break;
            out.add(me.getValue().display);
        }
        return out;
    }

    public synchronized int size() { return entries.size(); }

    private static boolean matches(String mailbox, String display, String p) {
        if (mailbox.startsWith(p)) return true;
        String d = display.toLowerCase(Locale.ROOT);
        if (d.startsWith(p) || d.startsWith("\"" + p)) return true;
        for (String w : d.split("[\\s<>\"'.,@_-]+")) {
            if (!w.isEmpty() && w.startsWith(p)) return true;
        }
        return false;
    }

    /** The lower-case addr-spec of "Name &lt;a@b&gt;" or "a@b", or null when there is none. */
    static String mailbox(String a) {
        int lt = a.lastIndexOf('<');
        int gt = a.lastIndexOf('>');
        String m = (lt >= 0 && gt > lt) ? a.substring(lt + 1, gt) : a;
        m = m.strip();
        if (m.indexOf('@') <= 0 || m.indexOf('@') == m.length() - 1 || m.contains(" ")) return null;
        return m.toLowerCase(Locale.ROOT);
    }
}
