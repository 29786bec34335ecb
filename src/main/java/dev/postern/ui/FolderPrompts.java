package dev.postern.ui;

import dev.postern.controller.MailController;
import dev.postern.model.Folder;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** The folder prompts (c, M, C): what Tab offers and what an answer names. */
final class FolderPrompts {
    private FolderPrompts() {}

    /** Tab: the folder names of {@code account} (every account's in the unified view) that start with {@code partial}. */
    static List<String> complete(dev.postern.controller.Reading c, Sidebar sidebar, String account, String partial) {
        String p = partial.toLowerCase(Locale.ROOT);
        Set<String> out = new TreeSet<>();
        List<String> accounts = MailController.UNIFIED.equals(account) ? c.accounts() : List.of(account);
        for (String a : accounts) {
            for (Folder f : sidebar.folders(a)) {
                if (f.selectable() && f.name().toLowerCase(Locale.ROOT).startsWith(p)) out.add(f.name());
            }
        }
        return List.copyOf(out);
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
