package dev.postern.backend.imap;

import dev.postern.config.AccountConfig;
import java.util.Properties;

/** The Jakarta Mail properties an IMAP session of an account is made with (for tests and diagnostics). */
public final class ImapSessionProperties {
    private ImapSessionProperties() {}

    public static Properties of(AccountConfig account) {
        return ImapSession.properties(account);
    }
}
