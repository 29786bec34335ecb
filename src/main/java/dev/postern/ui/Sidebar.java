package dev.postern.ui;

import com.googlecode.lanterna.graphics.TextGraphics;
import dev.postern.compose.Outgoing;
import dev.postern.controller.MailController;
import dev.postern.model.Folder;
import dev.postern.render.Sanitizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Accounts and their folders with unread/total counts. Folder lists are read from the store only when the
 * controller says they changed, not on every frame, and then on the {@link StoreReader}'s thread: the UI
 * thread paints the last list it was handed.
 */
final class Sidebar {
    static final int DEFAULT_WIDTH = 20;
    /** Columns of the folder list (the separator is one more); sidebar_width sets it. */
    private int width = DEFAULT_WIDTH;
    /** Below this terminal width the index needs every column more than the folder list does. */
    static final int MIN_SCREEN_WIDTH = 60;

    /** An account heading ({@code folder == null}) or one of its folders. */
    record Entry(String account, Folder folder) {}

    private final MailController c;
    private final StoreReader reader;
    private List<Entry> entries = List.of();
    /** "account\0folder" of every folder listed: a nested folder is shown by its name under the nearest one listed. */
    private java.util.Set<String> listed = java.util.Set.of();
    /** The lengths of the names listed: only a prefix of such a length can be a listed folder (so looked up). */
    private java.util.Set<Integer> listedLengths = java.util.Set.of();
    /**
     * Each entry's row text at {@link #labelsWidth}, made once per folder list: the UI thread draws the list at
     * every frame, and a server's folder name is as long as it likes (hunt 34-E).
     */
    private final java.util.IdentityHashMap<Entry, String> labels = new java.util.IdentityHashMap<>();
    private int labelsWidth = -1;
    private int cursor;
    private int top;
    /** Where the cursor was asked to be before the first list came (moveTo on an empty list). */
    private Entry wanted;

    Sidebar(MailController c, StoreReader reader) {
        this.c = c;
        this.reader = reader;
    }

    void width(int columns) { this.width = Math.max(8, columns); }

    int width() { return width; }

    /** Marks the sidebar's outbox lines: messages waiting to be sent or set aside, not a folder on any server. */
    static final String OUTBOX = "\\PosternOutbox";

    private Outgoing.Counts outboxCounts(String account) {
        try {
            return c.outgoing() == null ? new Outgoing.Counts(0, 0, 0) : c.outgoing().counts(account);
        } catch (RuntimeException e) {
            return new Outgoing.Counts(0, 0, 0); // a store problem shows up elsewhere; the sidebar just has no outbox line
        }
    }

    /**
     * The account's outbox lines: "Outbox (N)", every message in it, then one line per kind set aside, which no
     * flush sends again by itself and the user must see: "! N refused" (the server refused it for good) and
     * "? N maybe sent" (its data went out with no answer). Enter on any of them opens the outbox.
     */
    private static void outboxLines(String account, Outgoing.Counts n, List<Entry> list) {
        if (n.total() == 0) return;
        list.add(outboxLine(account, "Outbox (" + n.total() + ")", n.total()));
        if (n.refused() > 0) list.add(outboxLine(account, "  ! " + n.refused() + " refused", n.refused()));
        if (n.unconfirmed() > 0) list.add(outboxLine(account, "  ? " + n.unconfirmed() + " maybe sent", n.unconfirmed()));
    }

    private static Entry outboxLine(String account, String label, int count) {
        return new Entry(account, new Folder(account, label, '/', count, 0, java.util.Set.of("\\Noselect", OUTBOX)));
    }

    /** Whether a terminal this wide has room for the folder list beside an index of at least 40 columns. */
    boolean fits(int screenWidth) { return screenWidth >= Math.max(MIN_SCREEN_WIDTH, width + 1 + 39); }

    /** Asks for the folder lists again; the sidebar shows the old ones until the answer comes. */
    void reload() {
        reader.read("sidebar", this::read, this::apply);
    }

    /** The entries as the store has them now. Read thread. */
    private List<Entry> read() {
        List<Entry> list = new ArrayList<>();
        // "All Inboxes" first, when unified_inbox names accounts: one entry, the merged counts.
        if (!c.unifiedInbox().isEmpty()) {
            for (Folder f : c.folders(MailController.UNIFIED)) list.add(new Entry(MailController.UNIFIED, f));
        }
        for (String account : c.accounts()) {
            list.add(new Entry(account, null));
            for (Folder f : c.folders(account)) list.add(new Entry(account, f));
            outboxLines(account, outboxCounts(account), list);
        }
        return List.copyOf(list);
    }

    /** Hands the sidebar a list read from the store (UI thread). */
    void apply(List<Entry> list) {
        Optional<Entry> at = entries.isEmpty() ? Optional.ofNullable(wanted) : cursorEntry();
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Entry e : list) if (e.folder() != null) names.add(e.account() + "\u0000" + e.folder().name());
        listed = names;
        java.util.Set<Integer> lengths = new java.util.HashSet<>();
        for (Entry e : list) if (e.folder() != null) lengths.add(e.folder().name().length());
        listedLengths = lengths;
        labels.clear();
        entries = list;
        cursor = 0;
        at.ifPresent(e -> moveTo(e.account(), e.folder() == null ? null : e.folder().name()));
    }

    /** Cached folders of one account (for the change-folder prompt). */
    List<Folder> folders(String account) {
        List<Folder> out = new ArrayList<>();
        for (Entry e : entries) {
            if (e.folder() != null && e.account().equals(account) && !e.folder().attributes().contains(OUTBOX)) out.add(e.folder());
        }
        return out;
    }

    void moveTo(String account, String folder) {
        if (entries.isEmpty()) wanted = new Entry(account, folder == null ? null : new Folder(account, folder, '/', 0, 0, null));
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            boolean same = e.account().equals(account)
                    && (folder == null ? e.folder() == null : e.folder() != null && e.folder().name().equals(folder));
            if (same) {
                cursor = i;
                return;
            }
        }
    }

    void move(int delta) {
        if (entries.isEmpty()) return;
        cursor = Math.max(0, Math.min(entries.size() - 1, cursor + delta));
    }

    void first() { cursor = 0; }

    void last() { cursor = Math.max(0, entries.size() - 1); }

    Optional<Entry> cursorEntry() {
        return cursor < entries.size() ? Optional.of(entries.get(cursor)) : Optional.empty();
    }

    void draw(TextGraphics g, Palette palette, int row0, int height, String account, String folder, boolean focused) {
        if (cursor < top) top = cursor;
        if (cursor >= top + height) top = cursor - height + 1;
        for (int r = 0; r < height; r++) {
            int i = top + r;
            String text = "";
            String role = Palette.SIDEBAR;
            if (i < entries.size()) {
                Entry e = entries.get(i);
                text = label(e);
                boolean current = e.folder() != null && e.account().equals(account) && e.folder().name().equals(folder);
                if (focused && i == cursor) role = Palette.SIDEBAR_CURSOR;
                else if (current) role = Palette.SIDEBAR_SELECTED;
            }
            palette.apply(g, role);
            Cells.put(g, 0, row0 + r, text, width);
            palette.apply(g, Palette.SIDEBAR);
            g.putString(width, row0 + r, "│");
        }
    }

    String label(Entry e) {
        if (labelsWidth != width) {
            labels.clear();
            labelsWidth = width;
        }
        String label = labels.get(e);
        if (label == null) {
            label = makeLabel(e);
            labels.put(e, label);
        }
        return label;
    }

    private String makeLabel(Entry e) {
        if (e.folder() == null) return Sanitizer.oneLine(e.account());
        Folder f = e.folder();
        if (f.attributes().contains(OUTBOX)) return "  " + Cells.fit(Sanitizer.oneLine(f.name()), width - 2);
        // One that only holds folders (\\Noselect: Gmail's [Gmail]) has no counts, and its name ends in its separator.
        if (!f.selectable()) return "  " + shortName(e, f.separator() == 0 ? "" : String.valueOf(f.separator()), width - 2);
        String counts = f.unread() + "/" + f.total();
        // "All Inboxes" is no path to cut from the left ("…l Inboxes"): when it does not fit beside unread/total,
        // it keeps its name and shows the unread count alone (hunt33-Z Z12).
        if (MailController.UNIFIED.equals(e.account()) && Cells.width(Sanitizer.oneLine(f.name())) > width - 3 - Cells.width(counts)) {
            counts = String.valueOf(f.unread());
        }
        int nameWidth = Math.max(4, width - 2 - 1 - Cells.width(counts));
        return "  " + shortName(e, "", nameWidth) + " " + Cells.fitRight(counts, width - 2 - nameWidth - 1);
    }

    /**
     * A folder's name in {@code cols} columns as mutt's sidebar_short_path and sidebar_folder_indent show it: below
     * a folder listed above it ({@code Deep.a.b}), only the rest of the name ({@code b}), indented a column for each
     * listed ancestor (at most half the columns); a name still too long is cut from the left, "…" first, so that
     * siblings whose names differ at the end (hunt 32-V, G10) do not look alike.
     */
    private String shortName(Entry e, String suffix, int cols) {
        String name = e.folder().name();
        char sep = e.folder().separator();
        int depth = 0;
        String shown = name;
        if (sep != 0) {
            for (int at = name.lastIndexOf(sep); at > 0; at = name.lastIndexOf(sep, at - 1)) {
                if (!listedLengths.contains(at) || !listed.contains(e.account() + "\u0000" + name.substring(0, at))) continue;
                if (depth == 0) shown = name.substring(at + 1);
                depth++;
            }
        }
        int indent = Math.min(depth, cols / 2);
        int room = cols - indent;
        // A name longer than a row's worth is cut before it is sanitised: its end is what is shown (hunt 34-E).
        int most = Math.max(1, room) * Cells.CHARS_A_COLUMN;
        boolean cut = shown.length() > most;
        if (cut) {
            int from = shown.length() - most;
            if (Character.isLowSurrogate(shown.charAt(from)) && Character.isHighSurrogate(shown.charAt(from - 1))) from++;
            shown = shown.substring(from);
        }
        String text = Sanitizer.oneLine(shown + suffix);
        if ((cut || Cells.width(text) > room) && room > 1) text = "…" + text.substring(Cells.tailFrom(text, room - 1));
        return Cells.fit(" ".repeat(indent) + text, cols);
    }
}
