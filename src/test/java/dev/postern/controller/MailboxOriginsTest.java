package dev.postern.controller;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.config.AccountConfig;
import dev.postern.config.PasswordSource;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.model.Protocol;
import dev.postern.model.Security;
import dev.postern.store.MapDbStore;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hunt38-M M1/M2: which mailbox an account's stored mail came from is host and user; a port, security or protocol change
 * alone (STARTTLS on 143 to TLS on 993) is the same mailbox, as is the host's case or a trailing dot. A store without a
 * record (an older postern's) takes the mailbox of the first login; the record outlives the process.
 */
class MailboxOriginsTest {
    @TempDir Path dir;

    private static AccountConfig account(Protocol p, String host, int port, Security sec, String user) {
        return new AccountConfig("home", p, host, port, sec, user, new PasswordSource.Literal("x"), null, false,
                Duration.ofSeconds(5), 1000);
    }

    @Test
    void theFirstLoginRecordsTheMailboxAndOnlyHostOrUserMakeAnother() {
        AccountConfig starttls = account(Protocol.IMAP, "Mail.Example.org", 143, Security.STARTTLS, "alice");
        try (MapDbStore store = MapDbStore.open(dir)) {
            MailboxOrigins origins = new MailboxOrigins(store);
            assertDoesNotThrow(() -> origins.check(account(Protocol.IMAP, "other.example", 143, Security.STARTTLS, "bob")),
                    "no record yet: nothing to compare with");
            assertTrue(store.origin("home").isEmpty(), "a check alone records nothing");
            origins.connected(starttls);
        }
        try (MapDbStore store = MapDbStore.open(dir)) {
            MailboxOrigins origins = new MailboxOrigins(store);
            assertDoesNotThrow(() -> origins.check(account(Protocol.IMAP, "mail.example.org.", 993, Security.TLS, "alice")));
            PosternException user = assertThrows(PosternException.class,
                    () -> origins.check(account(Protocol.IMAP, "mail.example.org", 993, Security.TLS, "Alice")));
            assertEquals(ExitCode.CONFIG, user.exitCode());
            assertTrue(user.getMessage().startsWith("account home now names another mailbox (user alice -> Alice)"), user.getMessage());
            // POP3 and IMAP of one login on one server reach the same INBOX (OAuth2DovecotIT moves an account between them).
            assertDoesNotThrow(() -> origins.check(account(Protocol.POP3, "mail.example.org", 995, Security.TLS, "alice")));
            origins.connected(account(Protocol.IMAP, "other.example", 993, Security.TLS, "alice"));
            assertThrows(PosternException.class, () -> origins.check(account(Protocol.IMAP, "other.example", 993, Security.TLS, "alice")),
                    "a login does not overwrite the record: only `store adopt` does");
        }
    }

    @Test
    void theRefusalNamesTheAccountAsAShellWordInTheCommandItGives() {
        AccountConfig was = new AccountConfig("pop keep", Protocol.POP3, "h", 110, Security.PLAIN, "carol",
                new PasswordSource.Literal("x"), null, false, Duration.ofSeconds(5), 1000);
        AccountConfig now = new AccountConfig("pop keep", Protocol.POP3, "h", 110, Security.PLAIN, "dave",
                new PasswordSource.Literal("x"), null, false, Duration.ofSeconds(5), 1000);
        String said = MailboxOrigins.changed(now, MailboxOrigins.of(was), MailboxOrigins.of(now)).getMessage();
        assertTrue(said.startsWith("account pop keep now names another mailbox (user carol -> dave)"), said);
        assertTrue(said.endsWith("run `postern store adopt -a 'pop keep'`."), said);
        assertEquals("'it'\\''s'", dev.postern.model.Names.shell("it's"));
        assertEquals("work.tls", dev.postern.model.Names.shell("work.tls"));
    }
}
