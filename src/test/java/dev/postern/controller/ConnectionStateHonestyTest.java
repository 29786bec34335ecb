package dev.postern.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.app.AppContext;
import dev.postern.e2e.PosternConfig;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The connection state is the connection's: a command the account cannot do or the server refuses leaves it online. */
class ConnectionStateHonestyTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(
            new com.icegreen.greenmail.util.ServerSetup[] {ServerSetupTest.POP3.dynamicPort(), ServerSetupTest.IMAP.dynamicPort()});

    @TempDir Path dir;

    private static PosternException failure(java.util.concurrent.CompletableFuture<?> f) {
        ExecutionException e = assertThrows(ExecutionException.class, f::get);
        return assertInstanceOf(PosternException.class, e.getCause());
    }

    @Test
    void aCommandsFailureNeverShowsTheAccountOffline() throws Exception {
        greenMail.setUser("carol@localhost", "carol", "pw");
        Path cfg = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("box", "pop3", "127.0.0.1", greenMail.getPop3().getPort(), "plain", "carol", "pw", 10, null),
                PosternConfig.account("real", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "carol", "pw", 10, null));
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), cfg)) {
            MailController c = ctx.controller();
            List<Event.ConnectionChanged> changes = new CopyOnWriteArrayList<>();
            c.subscribe(e -> {
                if (e instanceof Event.ConnectionChanged cc) changes.add(cc);
            });
            // A POP3 maildrop has no folders to move to: a wrong request (64), not "server unavailable" (69).
            PosternException pop = failure(c.move("box", "INBOX", List.of(1L), "Archive"));
            assertEquals(ExitCode.USAGE, pop.exitCode(), pop.getMessage());
            assertEquals(ConnectionState.ONLINE, c.connectionState("box"));
            // IMAP: a folder that is not there (66) on a live session.
            c.refreshFolder("real", "INBOX").get();
            PosternException missing = failure(c.move("real", "Nowhere", List.of(1L), "Other"));
            assertEquals(ExitCode.NOINPUT, missing.exitCode(), missing.getMessage());
            assertEquals(ConnectionState.ONLINE, c.connectionState("real"));
            assertEquals(List.of(), changes.stream().filter(cc -> cc.state() == ConnectionState.OFFLINE).toList());
        }
    }

    @Test
    void anUnreachableServerIsShownOfflineAndBackOnlineOnceItAnswers() throws Exception {
        int dead = dev.postern.ClosedPort.take(); // refused, and no other fork's server can take it
        Path cfg = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("gone", "pop3", "127.0.0.1", dead, "plain", "carol", "pw", 5, null));
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), cfg)) {
            MailController c = ctx.controller();
            PosternException e = failure(c.refreshFolder("gone", "INBOX"));
            assertEquals(ExitCode.UNAVAILABLE, e.exitCode(), e.getMessage());
            assertEquals(ConnectionState.OFFLINE, c.connectionState("gone"));
        }
    }
}
