package dev.postern.controller;

import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;

/**
 * 78: the account's config names another mailbox than the one its stored mail came from ({@link MailboxOrigins}); no
 * session of it is made until the config or the record ({@code postern store adopt}) says otherwise.
 */
final class MailboxChanged extends PosternException {
    MailboxChanged(String message) {
        super(ExitCode.CONFIG, message);
    }
}
