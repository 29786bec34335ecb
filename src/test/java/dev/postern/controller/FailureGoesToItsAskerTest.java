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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hunt 32-W W2: every face of one process (the owner's reader, served readers, served commands) listens to the one
 * controller. A failure of work a face asked for (a served reader opened on a folder the server lacks) is that face's,
 * told by the future it holds; published as an event, it was put on the owner's reader's status line too.
 */
class FailureGoesToItsAskerTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;

    private static PosternException failure(CompletableFuture<?> f) {
        ExecutionException e = assertThrows(ExecutionException.class, f::get);
        return assertInstanceOf(PosternException.class, e.getCause());
    }

    @Test
    void aFolderTheServerLacksIsToldToTheOneWhoOpenedItOnly() throws Exception {
        greenMail.setUser("carol@localhost", "carol", "pw");
        Path cfg = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("real", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "carol", "pw", 10, null));
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), cfg)) {
            MailController c = ctx.controller();
            List<Event.Failure> ownersScreen = new CopyOnWriteArrayList<>();
            c.subscribe(e -> {
                if (e instanceof Event.Failure f) ownersScreen.add(f);
            });
            c.refreshFolder("real", "INBOX").get();
            // The served reader's opening (its refresh) and a typed `list`: each fails to its asker. A published failure
            // would be delivered before the future handed out completes (it was published in a stage ahead of it).
            PosternException missing = failure(c.refreshFolder("real", "fecth"));
            assertEquals(ExitCode.NOINPUT, missing.exitCode(), missing.getMessage());
            failure(c.refreshFolderTold("real", "fecth"));
            assertEquals(List.of(), ownersScreen.stream().map(Event.Failure::message).toList());
        }
    }
}
