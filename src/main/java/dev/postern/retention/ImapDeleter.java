package dev.postern.retention;

import dev.postern.backend.FolderManager;
import dev.postern.backend.MailSession;
import dev.postern.backend.Mover;
import dev.postern.backend.Searcher;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.model.QueryParser;
import dev.postern.model.SpecialFolders;
import java.time.LocalDate;
import java.util.List;
import java.util.SortedSet;

/** Server deletion over IMAP: UID SEARCH BEFORE (and the rule's keep_* flags as the server has them), then \Deleted + UID EXPUNGE (UIDPLUS), or MOVE to \Trash. */
public final class ImapDeleter implements Retention.ServerDeleter {
    private final String account;
    private final MailSession session;
    private final Searcher searcher;
    private final Mover mover;
    private final FolderManager folders;

    /** @throws IllegalArgumentException when the session cannot search, move and name its trash (not IMAP) */
    public ImapDeleter(String account, MailSession session) {
        if (!(session instanceof Searcher s) || !(session instanceof Mover m) || !(session instanceof FolderManager f)) {
            throw new IllegalArgumentException("retention on the server needs SEARCH, MOVE and folder names");
        }
        this.account = account;
        this.session = session;
        this.searcher = s;
        this.mover = m;
        this.folders = f;
    }

    @Override
    public SortedSet<Long> before(String folder, LocalDate day) {
        return searcher.search(folder, QueryParser.parse("before:" + day));
    }

    /** One SEARCH: {@code before:DAY}, and {@code -flagged} and {@code seen} for what the rule keeps. */
    @Override
    public SortedSet<Long> before(String folder, LocalDate day, boolean keepFlagged, boolean keepUnread) {
        return searcher.search(folder, QueryParser.parse("before:" + day + (keepFlagged ? " -flagged" : "")
                + (keepUnread ? " seen" : "")));
    }

    @Override
    public void expunge(String folder, long uidValidity, List<Long> uids) {
        mover.expunge(folder, uidValidity, uids);
    }

    @Override
    public void toTrash(String folder, long uidValidity, List<Long> uids) {
        String trash = folders.specialUse().get("\\Trash");
        if (trash == null) {
            // The name `delete` would create: under the server's personal namespace (INBOX.Trash on Courier and Cyrus),
            // where a plain "Trash" would be refused.
            String name = SpecialFolders.newName(SpecialFolders.Role.TRASH, folders.personalPrefix());
            throw new PosternException(ExitCode.UNAVAILABLE, "account " + account + " has no Trash folder; create one"
                    + " (postern folder create " + dev.postern.model.Names.shell(name) + " -a " + dev.postern.model.Names.shell(account) + ") or set trash = false in the retention rule.");
        }
        mover.move(folder, uidValidity, uids, trash);
    }

    @Override
    public SortedSet<Long> present(String folder, long belowUid) {
        return session instanceof dev.postern.backend.DeltaSource d ? d.uidsBelow(folder, belowUid) : null;
    }

    @Override
    public void close() {
        session.close();
    }
}
