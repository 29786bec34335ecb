package dev.postern.cli;

import dev.postern.app.AppContext;
import dev.postern.model.Protocol;
import dev.postern.render.Sanitizer;
import dev.postern.store.MailStore;
import java.util.List;

/**
 * What the store knows about a folder, for the commands that read the store alone ({@code list --cached},
 * {@code export}): an empty answer must say whether the folder is empty, was never synced (and why sync
 * leaves it out), does not exist, or cannot be told because the folders were never listed.
 */
final class FolderKnowledge {
    enum Kind { SYNCED, NEVER_SYNCED, MISSING, NEVER_LISTED }

    /** @param reason why sync leaves the folder out ("not subscribed"), or null when sync did not say */
    record State(Kind kind, String reason) {}

    private FolderKnowledge() {}

    static State of(AppContext ctx, String account, String folder) {
        MailStore store = ctx.store();
        if (store.folderState(account, folder).isPresent() || store.count(account, folder) > 0) {
            return new State(Kind.SYNCED, null);
        }
        boolean pop3 = ctx.config().account(account).map(a -> a.protocol() == Protocol.POP3).orElse(false);
        if (pop3) {
            // A POP3 maildrop is one folder, INBOX, filled by postern fetch.
            return new State(folder.equalsIgnoreCase("INBOX") ? Kind.NEVER_SYNCED : Kind.MISSING, null);
        }
        SyncNotes notes = SyncNotes.in(ctx.config().dataDir());
        var why = notes.reason(account, folder);
        if (why.isPresent()) return new State(Kind.NEVER_SYNCED, why.get());
        List<String> listed = store.folders(account).stream().map(f -> f.name()).toList();
        // Every IMAP account has an INBOX, listed or not.
        if (listed.contains(folder) || folder.equalsIgnoreCase("INBOX")) return new State(Kind.NEVER_SYNCED, null);
        if (!listed.isEmpty() || notes.knows(account)) return new State(Kind.MISSING, null);
        return new State(Kind.NEVER_LISTED, null);
    }

    /** How to bring a folder that was never synced into the store (and into every sync when sync leaves it out). */
    static String howToSync(AppContext ctx, String account, String folder, State st) {
        String a = Sanitizer.oneLine(account);
        String f = Sanitizer.oneLine(folder);
        boolean pop3 = ctx.config().account(account).map(x -> x.protocol() == Protocol.POP3).orElse(false);
        if (pop3) return "run `postern fetch -a " + a + "` to download it";
        String once = "`postern sync -a " + a + " --folder " + quoted(f) + "` syncs it once";
        if (st.reason() == null) return once;
        return once + ", and sync_folders in [accounts." + a + "] (e.g. sync_folders = [\"*\"])"
                + (st.reason().equals("not subscribed") ? " or `postern folder subscribe " + quoted(f) + "`" : "")
                + " makes every sync include it";
    }

    /** "of work has not been synced (sync leaves it out: not subscribed)". */
    static String neverSynced(String account, String folder, State st) {
        return Sanitizer.oneLine(folder) + " of " + Sanitizer.oneLine(account) + " has not been synced"
                + (st.reason() == null ? "" : " (sync leaves it out: " + Sanitizer.oneLine(st.reason()) + ")");
    }

    private static String quoted(String folder) {
        return folder.matches("[A-Za-z0-9._/@+-]+") ? folder : "'" + folder.replace("'", "'\\''") + "'";
    }
}
