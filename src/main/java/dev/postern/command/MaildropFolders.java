package dev.postern.command;

import dev.postern.controller.MailController;
import dev.postern.model.Capability;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import java.util.concurrent.CompletableFuture;

/**
 * A POP3 account (a maildrop: no folders on the server, its store holds INBOX alone) asked for another folder: not
 * there, 66, in one sentence. `list Sent` on one printed nothing and ended 0, an empty answer presented as right to a
 * script listing each account's Sent (hunt 38-M, M18); `read Sent 1` spoke of a UID.
 */
final class MaildropFolders {
    private MaildropFolders() {}

    /** The refusal for {@code folder} of {@code account}, or null when the account has folders or it is INBOX. */
    static PosternException refusal(MailController c, String account, String folder) {
        if (folder == null || folder.equalsIgnoreCase("INBOX") || MailController.ALL_INBOXES.equalsIgnoreCase(folder)) return null;
        if (c.capabilities(account).contains(Capability.FOLDERS)) return null;
        return new PosternException(ExitCode.NOINPUT, dev.postern.controller.FolderKnowledge.maildropOnly(account, folder) + ".");
    }

    /** {@link #refusal} as a failed future, or null. */
    static <T> CompletableFuture<T> refused(MailController c, String account, String folder) {
        PosternException e = refusal(c, account, folder);
        return e == null ? null : CompletableFuture.failedFuture(e);
    }
}
