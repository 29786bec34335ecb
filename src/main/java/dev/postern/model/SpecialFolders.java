package dev.postern.model;

import java.util.List;
import java.util.Locale;

/**
 * Which folder plays a special role (trash, sent, drafts, junk, archive) on a server, the one rule every part of
 * postern follows: the user's setting (taken by the caller), else the folder the server marks with the SPECIAL-USE
 * attribute (RFC 6154), else an existing folder with a well-known name (as Thunderbird, aerc and mutt look for them:
 * "Deleted Messages", "Sent Items"...), case-insensitively and also under the personal namespace prefix
 * ({@code INBOX.Trash} on Courier and Cyrus) or under INBOX; only then the default name to create, under the
 * personal namespace prefix when the server has one.
 */
public final class SpecialFolders {
    /** A special folder's role: its SPECIAL-USE attribute, the names it goes by (the first made when missing), its setting. */
    public enum Role {
        TRASH("\\Trash", "trash", "Trash", "Deleted Messages", "Deleted Items", "Deleted", "Bin"),
        SENT("\\Sent", "sent_folder", "Sent", "Sent Messages", "Sent Items", "Sent Mail"),
        DRAFTS("\\Drafts", "drafts_folder", "Drafts", "Draft"),
        JUNK("\\Junk", null, "Junk", "Spam", "Junk E-mail", "Junk Email", "Bulk Mail"),
        ARCHIVE("\\Archive", null, "Archive", "Archives");

        private final String attribute;
        private final String setting;
        private final List<String> names;

        Role(String attribute, String setting, String... names) {
            this.attribute = attribute;
            this.setting = setting;
            this.names = List.of(names);
        }

        /** {@code \Trash}, {@code \Sent}... */
        public String attribute() { return attribute; }

        /** The config key that names this folder ({@code trash}, {@code sent_folder}, {@code drafts_folder}), or null. */
        public String setting() { return setting; }

        /** The well-known names, the default (the one created when none exists) first. */
        public List<String> names() { return names; }

        /** The role of a SPECIAL-USE attribute ({@code \Sent}), or null. */
        public static Role of(String attribute) {
            for (Role r : values()) if (r.attribute.equalsIgnoreCase(attribute)) return r;
            return null;
        }
    }

    private SpecialFolders() {}

    /**
     * The existing folder for {@code role} among {@code folders}: the one marked with its attribute (of several, the
     * one with a well-known name, else the first by name), else the first well-known name found as it is or under
     * {@code prefix} (the personal namespace, e.g. "INBOX."), else under INBOX; null when none. The answer does not
     * depend on the order the folders come in, so every caller finds the same one (hunt 29-J, J2 and J3).
     */
    public static String find(Role role, List<Folder> folders, String prefix) {
        List<Folder> sorted = folders.stream().sorted(java.util.Comparator.comparing(Folder::name)).toList();
        List<Folder> marked = sorted.stream()
                .filter(f -> f.attributes().stream().anyMatch(a -> a.equalsIgnoreCase(role.attribute()))).toList();
        if (!marked.isEmpty()) {
            String named = named(role, marked, prefix, false);
            if (named == null) named = named(role, marked, prefix, true);
            return named != null ? named : marked.get(0).name();
        }
        String named = named(role, sorted, prefix, false);
        return named != null ? named : named(role, sorted, prefix, true);
    }

    /** The first of {@code role}'s names found among {@code folders}: as it is or under {@code prefix}, or under INBOX. */
    private static String named(Role role, List<Folder> folders, String prefix, boolean underInbox) {
        String p = prefix == null ? "" : prefix.toLowerCase(Locale.ROOT);
        for (String name : role.names()) {
            String want = name.toLowerCase(Locale.ROOT);
            for (Folder f : folders) {
                if (!f.selectable()) continue;
                String n = f.name().toLowerCase(Locale.ROOT);
                boolean found = underInbox ? f.separator() != 0 && n.equals("inbox" + f.separator() + want)
                        : n.equals(want) || (!p.isEmpty() && n.equals(p + want));
                if (found) return f.name();
            }
        }
        return null;
    }

    /** The name to create for {@code role} when no folder has it: the default name under the personal prefix. */
    public static String newName(Role role, String prefix) {
        return (prefix == null ? "" : prefix) + role.names().get(0);
    }

    /**
     * What to add to a refusal to create {@code refused} for {@code role}: the setting that names another folder, e.g.
     * {@code ; set sent_folder = "INBOX.Sent" in [accounts.t]} when the server keeps its folders under {@code prefix}
     * ("INBOX.") and the refused name was not there, else {@code "FOLDER"} and where the folders are listed.
     */
    public static String hint(Role role, String account, String refused, String prefix) {
        if (role == null || role.setting() == null) return under(refused, prefix);
        boolean outside = prefix != null && !prefix.isEmpty() && refused != null
                && !refused.toLowerCase(Locale.ROOT).startsWith(prefix.toLowerCase(Locale.ROOT));
        return "; set " + role.setting() + " = \"" + (outside ? prefix + refused : "FOLDER") + "\" in [accounts." + Names.tomlKey(account)
                + "]" + (outside ? "" : " to a folder `postern folders --account " + Names.shell(account) + "` lists");
    }

    /** For any refused CREATE: "; this server keeps folders under 'INBOX.': try 'INBOX.Archive'", or "". */
    public static String under(String refused, String prefix) {
        if (prefix == null || prefix.isEmpty() || refused == null
                || refused.toLowerCase(Locale.ROOT).startsWith(prefix.toLowerCase(Locale.ROOT))) return "";
        return "; this server keeps folders under '" + prefix + "': try '" + prefix + refused + "'";
    }
}
