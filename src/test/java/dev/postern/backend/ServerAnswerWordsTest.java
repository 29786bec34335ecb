package dev.postern.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.config.AccountConfig;
import dev.postern.config.PasswordSource;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.model.Protocol;
import dev.postern.model.Security;
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.time.Duration;
import java.util.zip.ZipException;
import org.eclipse.angus.mail.iap.ConnectionException;
import org.eclipse.angus.mail.iap.Response;
import org.junit.jupiter.api.Test;

/**
 * What the server answered is not called a lost link (hunt 27, D9): a tagged BAD to a body read, which Angus's
 * body stream flattens into an IOException of the response's text, and a stream that does not inflate after the
 * server agreed to COMPRESS=DEFLATE, which Angus turns into a made-up BYE. Both are the server's fault, 75.
 */
class ServerAnswerWordsTest {
    private static final AccountConfig A = new AccountConfig("t", Protocol.IMAP, "127.0.0.1", 1143, Security.PLAIN,
            "alice", new PasswordSource.Literal("secret"), null, false, Duration.ofSeconds(10), 0);

    @Test
    void aTaggedBadToABodyReadIsTheServersAnswerNotALostLink() {
        // As IMAPInputStream.fill throws it: new IOException(protocolException.getMessage()), no cause.
        PosternException p = ConnectionErrors.translate(A, new IOException("A5 BAD \u001b[31mno such thing"));
        assertEquals(ExitCode.TEMPFAIL, p.exitCode());
        assertFalse(p.getMessage().contains("was lost"), p.getMessage());
        assertTrue(p.getMessage().contains("answered postern's command with BAD"), p.getMessage());
        assertTrue(p.getMessage().contains("(server said: BAD \u001b[31mno such thing)"), p.getMessage());
        assertFalse(p.getMessage().contains("A5"), p.getMessage());
        // Wrapped as the folder wraps it, the same.
        PosternException q = ConnectionErrors.translate(A, new MessagingException("x", new IOException("A5 BAD no")));
        assertTrue(q.getMessage().contains("with BAD"), q.getMessage());
    }

    /** Angus's "[EOF]" (an SMTP link closed where a reply was due) is a lost link, never a refusal (hunt31-R R4). */
    @Test
    void angusEofIsALostLinkNotTheServersWords() {
        for (MessagingException e : new MessagingException[] {new jakarta.mail.AuthenticationFailedException("[EOF]"),
                new MessagingException("[EOF]")}) {
            PosternException p = ConnectionErrors.translate(A, e);
            assertEquals(ExitCode.TEMPFAIL, p.exitCode(), p.getMessage());
            assertTrue(p instanceof dev.postern.model.LinkDropped, p.getMessage());
            assertTrue(p.getMessage().contains("the connection to 127.0.0.1:1143 was lost; try again later."), p.getMessage());
            assertFalse(p.getMessage().contains("[EOF]") || p.getMessage().contains("log"), p.getMessage());
        }
    }

    @Test
    void aTaggedNoToABodyReadIsARefusalQuotingTheServer() {
        PosternException p = ConnectionErrors.translate(A, new IOException("B12 NO [SERVERBUG] cannot"));
        assertEquals(ExitCode.TEMPFAIL, p.exitCode());
        assertFalse(p.getMessage().contains("was lost"), p.getMessage());
        assertTrue(p.getMessage().contains("refused (server said: NO [SERVERBUG] cannot)"), p.getMessage());
    }

    @Test
    void aBadWithAResponseCodeThatStandsKeepsItsExitCode() {
        PosternException p = ConnectionErrors.translate(A, new IOException("A5 BAD [CLIENTBUG] no"));
        assertEquals(ExitCode.NOPERM, p.exitCode(), p.getMessage());
        assertFalse(p.getMessage().contains("was lost"), p.getMessage());
    }

    @Test
    void aLongBadIsCut() {
        PosternException p = ConnectionErrors.translate(A, new IOException("A5 BAD " + "x".repeat(5000)));
        assertTrue(p.getMessage().length() < 600, p.getMessage());
    }

    @Test
    void anIoFailureThatIsNoResponseIsStillALostLink() {
        PosternException p = ConnectionErrors.translate(A, new IOException("A5 has gone"));
        assertTrue(p.getMessage().contains("was lost"), p.getMessage());
    }

    @Test
    void garbageAfterCompressOkIsTheServersStreamNotALostLink() {
        Response bye = Response.byeResponse(new ZipException("invalid stored block lengths"));
        MessagingException e = new MessagingException(bye.toString(), new ConnectionException(null, bye));
        PosternException p = ConnectionErrors.translate(A, e);
        assertEquals(ExitCode.TEMPFAIL, p.exitCode());
        assertFalse(p.getMessage().contains("was lost"), p.getMessage());
        assertTrue(p.getMessage().contains("COMPRESS=DEFLATE") && p.getMessage().contains("could not be decompressed")
                && p.getMessage().contains("(invalid stored block lengths)") && p.getMessage().contains("server is faulty"),
                p.getMessage());
        // Where only the text is left (a flattened message).
        PosternException q = ConnectionErrors.translate(A, new MessagingException(bye.toString()));
        assertTrue(q.getMessage().contains("could not be decompressed"), q.getMessage());
    }
}
