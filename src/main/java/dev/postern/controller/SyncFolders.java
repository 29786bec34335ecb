package dev.postern.controller;

import dev.postern.model.Folder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which folders {@code postern sync} takes, and which it leaves out and why. Without {@code sync_folders}:
 * INBOX and the subscribed folders. With it, patterns as mbsync's {@code Patterns}: {@code *} matches any
 * run of characters, {@code %} any run without the hierarchy separator, a leading {@code !} leaves the
 * matching folders out, and the last pattern that matches a folder decides; a folder no pattern matches
 * is left out. Folders the server marks {@code \Noselect} hold no mail and are neither synced nor reported.
 */
public final class SyncFolders {
    private SyncFolders() {}

    /** A selectable folder sync did not take, and the reason in words ("not subscribed"). */
    public record LeftOut(String folder, String reason) {}

    /** The folders to sync, in the server's listing order, and the ones left out. */
    public record Choice(List<String> synced, List<LeftOut> leftOut) {}

    /** The default: INBOX (always) and the folders subscribed to. */
    public static Choice subscribed(List<Folder> listed, Collection<String> subscribed) {
        Set<String> subs = new HashSet<>(subscribed);
        List<String> synced = new ArrayList<>();
        List<LeftOut> left = new ArrayList<>();
        boolean inbox = false;
        for (Folder f : listed) {
            if (!f.selectable()) continue;
            boolean isInbox = f.name().equalsIgnoreCase("INBOX");
            inbox |= isInbox;
            // Gmail's "All Mail" and Proton Bridge's hold a copy of every message of the other folders: taken by default
            // every message would be downloaded twice (hunt 29-I). sync_folders takes it when wanted.
            boolean copies = f.attributes().stream().anyMatch(x -> x.equalsIgnoreCase("\\All"));
            if (isInbox || (subs.contains(f.name()) && !copies)) synced.add(f.name());
            else left.add(new LeftOut(f.name(), copies ? "holds a copy of all mail (\\All); name it in sync_folders to take it"
                    : "not subscribed"));
        }
        if (!inbox) synced.add(0, "INBOX");
        return new Choice(synced, left);
    }

    /** {@code sync_folders}: the last pattern matching a folder decides; none matching leaves it out. */
    public static Choice byPatterns(List<Folder> listed, List<String> patterns) {
        List<String> synced = new ArrayList<>();
        List<LeftOut> left = new ArrayList<>();
        for (Folder f : listed) {
            if (!f.selectable()) continue;
            String decided = null;
            for (String p : patterns) {
                String bare = p.startsWith("!") ? p.substring(1) : p;
                if (matches(bare, f.name(), f.separator())) decided = p;
            }
            if (decided == null) left.add(new LeftOut(f.name(), "matches no sync_folders pattern"));
            else if (decided.startsWith("!")) left.add(new LeftOut(f.name(), "left out by sync_folders pattern \"" + decided + "\""));
            else synced.add(f.name());
        }
        return new Choice(synced, left);
    }

    /**
     * Whether {@code name} matches {@code pattern}: {@code *} any characters, {@code %} any but the
     * separator {@code sep} (0: the server has no hierarchy, so {@code %} is {@code *}). INBOX is matched
     * case-insensitively, as IMAP names it. Linear in pattern × name (no backtracking blow-up).
     */
    public static boolean matches(String pattern, String name, char sep) {
        if (name.equalsIgnoreCase("INBOX") && pattern.equalsIgnoreCase("INBOX")) return true;
        if (name.regionMatches(true, 0, "INBOX", 0, 5) && name.length() > 5 && name.charAt(5) == sep
                && pattern.regionMatches(true, 0, "INBOX", 0, 5)) {
            // INBOX/child: the INBOX part is case-insensitive too
            name = "INBOX" + name.substring(5);
            pattern = pattern.substring(0, 5).toUpperCase(Locale.ROOT) + pattern.substring(5);
        }
        int n = name.length();
        int m = pattern.length();
        // can[j]: the first i chars of name match the first j chars of pattern
        boolean[] can = new boolean[m + 1];
        can[0] = true;
        for (int j = 1; j <= m; j++) can[j] = can[j - 1] && (pattern.charAt(j - 1) == '*' || pattern.charAt(j - 1) == '%');
        for (int i = 1; i <= n; i++) {
            char c = name.charAt(i - 1);
            boolean[] next = new boolean[m + 1];
            for (int j = 1; j <= m; j++) {
                char p = pattern.charAt(j - 1);
                if (p == '*') next[j] = next[j - 1] || can[j];
                else if (p == '%') next[j] = next[j - 1] || (can[j] && (sep == 0 || c != sep));
                else next[j] = can[j - 1] && p == c;
            }
            can = next;
        }
        return can[m];
    }
}
