package dev.postern.controller;

import dev.postern.config.Config;
import dev.postern.model.Capability;
import dev.postern.render.Sanitizer;
import dev.postern.store.MailStore;
import java.util.List;

/**
 * What the store knows about a folder, for the commands that read the store alone ({@code list --cached},
 * {@code export}, {@code search}): an empty answer must say whether the folder is empty, was never synced (and why sync
 * leaves it out), does not exist, or cannot be told because the folders were never listed.
 */
public final class FolderKnowledge {
    public enum Kind { SYNCED, NEVER_SYNCED, MISSING, NEVER_LISTED }

    /**
     * @param reason why sync leaves the folder out ("not subscribed"), or null when sync did not say
     * @param pop3 whether the account is POP3 (its one folder is filled by fetch, not sync)
     */
    public record State(Kind kind, String reason, boolean pop3) {}

    /** The {@link State#reason} of a MISSING folder the server lists as one that holds only other folders. */
    public static final String NO_MESSAGES = "only holds other folders";

    private FolderKnowledge() {}

    /** What a MISSING folder is: none of that name, or one that holds only folders (66 either way). */
    public static String missing(String account, String folder, State st) {
        String a = Sanitizer.oneLine(account);
        String f = Sanitizer.oneLine(folder);
        if (NO_MESSAGES.equals(st.reason())) return "folder '" + f + "' of " + a + " only holds other folders, no messages.";
        if (st.pop3()) return maildropOnly(account, folder);
        return "account " + a + " has no folder '" + f + "' (as the server last listed them)";
    }

    /** A POP3 account (a maildrop) asked for a folder other than INBOX: the one sentence list, read and search say. */
    public static String maildropOnly(String account, String folder) {
        return "account " + Sanitizer.oneLine(account) + " is POP3, whose only folder is INBOX; there is no folder '"
                + Sanitizer.oneLine(folder) + "'";
    }

    static State of(MailStore store, Config config, String account, String folder) {
        boolean pop3 = config.account(account)
                .map(a -> a.capabilities().contains(Capability.MAILDROP)).orElse(false);
        if (store.folderState(account, folder).isPresent() || store.count(account, folder) > 0) {
            return new State(Kind.SYNCED, null, pop3);
        }
        if (!pop3 && store.folder(account, folder).filter(f -> !f.selectable()).isPresent()) {
            // Listed \\Noselect (Gmail's "[Gmail]"): no sync could ever fill it.
            return new State(Kind.MISSING, NO_MESSAGES, false);
        }
        if (pop3) {
            // A POP3 maildrop is one folder, INBOX, filled by postern fetch.
            return new State(folder.equalsIgnoreCase("INBOX") ? Kind.NEVER_SYNCED : Kind.MISSING, null, true);
        }
        SyncNotes notes = SyncNotes.in(config.dataDir());
        var why = notes.reason(account, folder);
        if (why.isPresent()) return new State(Kind.NEVER_SYNCED, why.get(), false);
        List<String> listed = store.folders(account).stream().map(f -> f.name()).toList();
        // Every IMAP account has an INBOX, listed or not.
        if (listed.contains(folder) || folder.equalsIgnoreCase("INBOX")) return new State(Kind.NEVER_SYNCED, null, false);
        if (!listed.isEmpty() || notes.knows(account)) return new State(Kind.MISSING, null, false);
        return new State(Kind.NEVER_LISTED, null, false);
    }

    /** How to bring a folder that was never synced into the store (and into every sync when sync leaves it out). */
    public static String howToSync(String account, String folder, State st) {
        String a = Sanitizer.oneLine(account);
        String f = Sanitizer.oneLine(folder);
        if (st.pop3()) return "run `postern fetch -a " + dev.postern.model.Names.shell(a) + "` to download it";
        String once = "`postern sync -a " + dev.postern.model.Names.shell(a) + " --folder " + quoted(f) + "` syncs it once";
        if (st.reason() == null) return once;
        return once + ", and sync_folders in [accounts." + dev.postern.model.Names.tomlKey(a) + "] (e.g. sync_folders = [\"*\"])"
                + (st.reason().equals("not subscribed") ? " or `postern folder subscribe " + quoted(f) + "`" : "")
                + " makes every sync include it";
    }

    /** "of work has not been synced (sync leaves it out: not subscribed)". */
    public static String neverSynced(String account, String folder, State st) {
        return Sanitizer.oneLine(folder) + " of " + Sanitizer.oneLine(account) + " has not been synced"
                + (st.reason() == null ? "" : " (sync leaves it out: " + Sanitizer.oneLine(st.reason()) + ")");
    }

    private static String quoted(String folder) {
        return folder.matches("[A-Za-z0-9._/@+-]+") ? folder : "'" + folder.replace("'", "'\\''") + "'";
    }
}
