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
     * The existing folder for {@code role} among {@code folders}: the one marked with its attribute, else the first
     * well-known name found as it is, under {@code prefix} (the personal namespace, e.g. "INBOX.") or under INBOX;
     * null when none.
     */
    public static String find(Role role, List<Folder> folders, String prefix) {
        for (Folder f : folders) {
            if (f.attributes().stream().anyMatch(a -> a.equalsIgnoreCase(role.attribute()))) return f.name();
        }
        for (String name : role.names()) {
            for (Folder f : folders) {
                if (!f.selectable()) continue;
                String n = f.name().toLowerCase(Locale.ROOT);
                String want = name.toLowerCase(Locale.ROOT);
                String inbox = f.separator() == 0 ? null : "inbox" + f.separator() + want;
                if (n.equals(want) || (prefix != null && !prefix.isEmpty() && n.equals(prefix.toLowerCase(Locale.ROOT) + want))
                        || n.equals(inbox)) {
                    return f.name();
                }
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
        return "; set " + role.setting() + " = \"" + (outside ? prefix + refused : "FOLDER") + "\" in [accounts." + account
                + "]" + (outside ? "" : " to a folder `postern folders --account " + account + "` lists");
    }

    /** For any refused CREATE: "; this server keeps folders under 'INBOX.': try 'INBOX.Archive'", or "". */
    public static String under(String refused, String prefix) {
        if (prefix == null || prefix.isEmpty() || refused == null
                || refused.toLowerCase(Locale.ROOT).startsWith(prefix.toLowerCase(Locale.ROOT))) return "";
        return "; this server keeps folders under '" + prefix + "': try '" + prefix + refused + "'";
    }
}
