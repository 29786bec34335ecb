package dev.postern.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.backend.Maildrop;
import dev.postern.backend.pop3.Pop3Session;
import dev.postern.config.AccountConfig;
import dev.postern.config.PasswordSource;
import dev.postern.model.LoginRefused;
import dev.postern.model.Protocol;
import dev.postern.model.Security;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hunt 32-W W6 against a POP3 server: the reader's check of a maildrop (MaildropPoll, an unattended task) logs in again
 * inside its task for a fresh view of the maildrop. A password changed on the server was sent twice before the check
 * stopped: the refusal inside the task left the account's gate open, and the check after it logged in once more.
 */
class Pop3CheckRefusedOnceTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.POP3.dynamicPort());

    @Test
    void aPasswordChangedOnTheServerIsSentOnceThenTheChecksWaitAtTheGate() throws Exception {
        greenMail.setUser("bob@localhost", "bob", "secret");
        AccountConfig a = new AccountConfig("box", Protocol.POP3, "127.0.0.1", greenMail.getPop3().getPort(), Security.PLAIN,
                "bob", new PasswordSource.Literal("secret"), null, false, Duration.ofSeconds(5), 0);
        AtomicInteger logins = new AtomicInteger(); // every login reads the password once
        try (AccountWorker w = new AccountWorker(a, () -> new Pop3Session(a, () -> {
            logins.incrementAndGet();
            return "secret";
        }, uid -> Optional.empty()), e -> { })) {
            java.util.function.Function<dev.postern.backend.MailSession, Integer> check = s -> {
                Maildrop m = (Maildrop) s;
                m.freshView(); // as the maildrop's download does
                return m.list().size();
            };
            assertEquals(0, w.submitUnattended(check).get());
            assertEquals(1, logins.get());
            greenMail.getManagers().getUserManager().getUser("bob").setPassword("changed");
            ExecutionException refused = assertThrows(ExecutionException.class, () -> w.submitUnattended(check).get());
            assertInstanceOf(LoginRefused.class, refused.getCause(), refused.getCause().getMessage());
            assertEquals(2, logins.get(), "the changed password was refused once");
            ExecutionException shut = assertThrows(ExecutionException.class, () -> w.submitUnattended(check).get());
            assertInstanceOf(LoginRefused.class, shut.getCause());
            assertEquals(2, logins.get(), "the next check waits at the gate: no second refused login");
            assertEquals(ConnectionState.REFUSED, w.state());
        }
    }
}
