package dev.postern.retention;

import dev.postern.backend.imap.ImapSession;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.model.QueryParser;
import java.time.LocalDate;
import java.util.List;
import java.util.SortedSet;

/** Server deletion over IMAP: UID SEARCH BEFORE, then \Deleted + UID EXPUNGE (UIDPLUS), or MOVE to \Trash. */
public final class ImapDeleter implements Retention.ServerDeleter {
    private final String account;
    private final ImapSession session;

    public ImapDeleter(String account, ImapSession session) {
        this.account = account;
        this.session = session;
    }

    @Override
    public SortedSet<Long> before(String folder, LocalDate day) {
        return session.search(folder, QueryParser.parse("before:" + day));
    }

    @Override
    public void expunge(String folder, long uidValidity, List<Long> uids) {
        session.expunge(folder, uidValidity, uids);
    }

    @Override
    public void toTrash(String folder, long uidValidity, List<Long> uids) {
        String trash = session.specialUse().get("\\Trash");
        if (trash == null) {
            throw new PosternException(ExitCode.UNAVAILABLE, "account " + account + " has no Trash folder; create one"
                    + " (postern folder create Trash) or set trash = false in the retention rule.");
        }
        session.move(folder, uidValidity, uids, trash);
    }

    @Override
    public void close() {
        session.close();
    }
}
