package dev.postern.ui;

import dev.postern.controller.MailController;
import dev.postern.model.Folder;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/** The folder prompts (c, M, C): what Tab offers and what an answer names. */
final class FolderPrompts {
    private FolderPrompts() {}

    /**
     * Tab: the folder names of {@code account} that start with {@code partial}; in the unified view every account's,
     * bare and as ACCOUNT/FOLDER (what {@link #target} takes), so a folder of any account can be named.
     */
    static List<String> complete(dev.postern.controller.Reading c, Sidebar sidebar, String account, String partial) {
        String p = composedLower(partial);
        Set<String> out = new TreeSet<>();
        boolean unified = MailController.UNIFIED.equals(account);
        for (String a : unified ? c.accounts() : List.of(account)) {
            for (Folder f : sidebar.folders(a)) {
                if (!f.selectable()) continue;
                if (composedLower(f.name()).startsWith(p)) out.add(f.name());
                if (unified && composedLower(a + "/" + f.name()).startsWith(p)) out.add(a + "/" + f.name());
            }
        }
        return List.copyOf(out);
    }

    /** Where an answer to c leads: the account and folder to open, or (folder null) the sentence that says why none. */
    record Target(String account, String folder, String problem) {}

    /**
     * The folder {@code wanted} names, seen from {@code account}'s view: one of that account's (case aside), then
     * ACCOUNT/FOLDER, then, from the unified view (whose account is an internal name, never shown), the first account
     * that has a folder of that name. A real account whose folders are not listed yet opens it as typed (the controller
     * decides).
     */
    static Target target(dev.postern.controller.Reading c, Sidebar sidebar, String account, String wanted) {
        return target(c, sidebar::folders, account, wanted);
    }

    /** As above, over the folder lists {@code foldersOf} gives (the sidebar's, or the server's just read). */
    private static Target target(dev.postern.controller.Reading c, Function<String, List<Folder>> foldersOf, String account,
            String wanted) {
        boolean unified = MailController.UNIFIED.equals(account);
        if (!unified) {
            String f = named(foldersOf.apply(account), wanted);
            if (f != null) return new Target(account, f, null);
        }
        for (String a : c.accounts()) {
            if (wanted.length() <= a.length() + 1 || !wanted.regionMatches(true, 0, a + "/", 0, a.length() + 1)) continue;
            String f = named(foldersOf.apply(a), wanted.substring(a.length() + 1));
            if (f != null) return new Target(a, f, null);
        }
        if (unified) {
            for (String a : c.accounts()) {
                String f = named(foldersOf.apply(a), wanted);
                if (f != null) return new Target(a, f, null);
            }
            return new Target(null, null, "No folder named " + dev.postern.render.Sanitizer.oneLine(wanted)
                    + " in any account; Tab lists them (ACCOUNT/FOLDER names one account's).");
        }
        if (foldersOf.apply(account).isEmpty()) return new Target(account, wanted, null);
        return new Target(null, null, "No folder named " + dev.postern.render.Sanitizer.oneLine(wanted) + " in "
                + dev.postern.render.Sanitizer.oneLine(account) + ".");
    }

    /**
     * An answer the reader's folder lists do not name: the server's lists are read again (as the sidebar's relist; the
     * account shown, or every account from the unified view, and one an ACCOUNT/ prefix names) and the answer decided on
     * them, so a folder another client made since the reader started opens (hunt 34-A, A2: it was "No folder named").
     * {@code answer} gets the target on the UI thread ({@code post}); a list that could not be read adds why to the
     * problem.
     */
    static void askServer(MailController c, Sidebar sidebar, String account, String wanted, Consumer<Runnable> post,
            Consumer<Target> answer) {
        Set<String> accounts = new java.util.LinkedHashSet<>();
        for (String a : c.accounts()) {
            if (MailController.UNIFIED.equals(account) || a.equals(account)
                    || wanted.regionMatches(true, 0, a + "/", 0, a.length() + 1)) accounts.add(a);
        }
        Map<String, CompletableFuture<List<Folder>>> asked = new java.util.LinkedHashMap<>();
        for (String a : accounts) asked.put(a, c.refreshFolders(a));
        CompletableFuture.allOf(asked.values().toArray(CompletableFuture[]::new)).whenComplete((v, e) -> post.accept(() -> {
            Map<String, List<Folder>> fresh = new java.util.HashMap<>();
            String unread = null;
            for (Map.Entry<String, CompletableFuture<List<Folder>>> f : asked.entrySet()) {
                try {
                    fresh.put(f.getKey(), f.getValue().join());
                } catch (RuntimeException failed) {
                    if (unread == null) unread = Errors.sentence(failed, "Listing folders of " + f.getKey());
                }
            }
            Target t = target(c, a -> fresh.containsKey(a) ? fresh.get(a) : sidebar.folders(a), account, wanted);
            if (t.folder() == null && unread != null) {
                t = new Target(null, null, t.problem() + " The server's folder list could not be read: " + unread);
            }
            answer.accept(t);
        }));
    }

    private static String named(List<Folder> folders, String wanted) {
        for (Folder f : folders) if (f.name().equals(wanted)) return f.name();
        for (Folder f : folders) if (f.name().equalsIgnoreCase(wanted)) return f.name();
        // The name as shown (composed) of a folder the server keeps decomposed, or the reverse (hunt 39-I, I6).
        List<String> names = folders.stream().map(Folder::name).toList();
        String spelled = Folder.spelledAs(wanted, names);
        return names.contains(spelled) ? spelled : null;
    }

    /** {@code s} composed (NFC) and in lower case: how Tab compares what is typed with a folder's name. */
    private static String composedLower(String s) {
        return java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
    }

    /** An answer: a name Tab completed is quoted when it has spaces; the quotes are not part of it. */
    static String unquote(String answer) {
        String t = answer.strip();
        if (t.startsWith("\"") || t.startsWith("'")) {
            try {
                List<String> w = CommandWords.split(t);
                if (w.size() == 1) return w.get(0);
            } catch (IllegalArgumentException ignored) {
                // an unclosed quote: taken as typed
            }
        }
        return t;
    }
}
