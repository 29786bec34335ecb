package dev.postern.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.app.AppContext;
import dev.postern.controller.MailController;
import dev.postern.e2e.PosternConfig;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader's ':fetch' and ':sync' as it runs them: typed words into the command objects, against a real
 * controller and GreenMail; the result is typed (per account) and its sentence is what the reader shows. No argv.
 */
class TypedFetchSyncTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(
            new com.icegreen.greenmail.util.ServerSetup[] {ServerSetupTest.POP3.dynamicPort(), ServerSetupTest.IMAP.dynamicPort()});

    @TempDir Path dir;

    private static Result run(MailController c, String account, String... words) throws Exception {
        return Commands.run(c, List.of(words), account, null).get(60, TimeUnit.SECONDS);
    }

    @Test
    void fetchRunsTypedForTheReadersAccount() throws Exception {
        GreenMailUser user = greenMail.setUser("carol@localhost", "carol", "pw");
        for (int i = 0; i < 2; i++) user.deliver(GreenMailUtil.createTextEmail("carol@localhost", "bob@localhost", "s" + i, "body " + i,
                greenMail.getPop3().getServerSetup()));
        Path cfg = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("box", "pop3", "127.0.0.1", greenMail.getPop3().getPort(), "plain", "carol", "pw", 10, null),
                PosternConfig.account("real", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "carol", "pw", 10, null));
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), cfg)) {
            MailController c = ctx.controller();
            FetchCommand.Fetched f = assertInstanceOf(FetchCommand.Fetched.class, run(c, "box", "fetch"));
            assertEquals(List.of("box"), f.accounts().stream().map(a -> a.summary().account()).toList(), "the reader's account only");
            assertEquals(2, f.accounts().get(0).summary().fetched());
            assertTrue(f.text().startsWith("box: 2 new, 0 skipped, 0 deleted, "), f.text());
            assertEquals(ExitCode.OK, f.exitCode());
            assertEquals(2, c.count("box", "INBOX"));

            // Named accounts win over the reader's; a second fetch finds nothing new.
            FetchCommand.Fetched again = assertInstanceOf(FetchCommand.Fetched.class, run(c, "real", "fetch", "box"));
            assertTrue(again.text().startsWith("box: 0 new, 2 skipped"), again.text());

            ExecutionException bad = assertThrows(ExecutionException.class,
                    () -> Commands.run(c, List.of("fetch", "--headers-only", "--bodies"), "box", null).get(60, TimeUnit.SECONDS));
            assertEquals(ExitCode.USAGE, assertInstanceOf(PosternException.class, bad.getCause()).exitCode());
        }
    }

    @Test
    void syncRunsTypedForTheReadersAccountAndLeavesPop3ToFetch() throws Exception {
        GreenMailUser user = greenMail.setUser("dan@localhost", "dan", "pw");
        for (int i = 0; i < 3; i++) user.deliver(GreenMailUtil.createTextEmail("dan@localhost", "bob@localhost", "s" + i, "body " + i,
                greenMail.getImap().getServerSetup()));
        Path cfg = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("real", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "dan", "pw", 10, null),
                PosternConfig.account("box", "pop3", "127.0.0.1", greenMail.getPop3().getPort(), "plain", "dan", "pw", 10, null));
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), cfg)) {
            MailController c = ctx.controller();
            SyncCommand.Synced s = assertInstanceOf(SyncCommand.Synced.class, run(c, "real", "sync", "--folder", "INBOX"));
            assertEquals(List.of("real"), s.synced());
            assertEquals(3, s.accounts().get(0).outcome().reports().get(0).total());
            assertEquals("real: 1 folder(s), 3 messages, 3 bodies fetched", s.text());
            assertEquals(ExitCode.OK, s.exitCode());
            assertEquals(3, c.count("real", "INBOX"));

            // The reader on a POP3 account: sync leaves it to fetch and says why; named with -a, it is a mistake.
            SyncCommand.Synced pop = assertInstanceOf(SyncCommand.Synced.class, run(c, "box", "sync"));
            assertTrue(pop.text().startsWith("box is a POP3 account, which sync leaves to `postern fetch`"), pop.text());
            assertEquals(List.of(), pop.synced());
            ExecutionException named = assertThrows(ExecutionException.class,
                    () -> Commands.run(c, List.of("sync", "-a", "box"), "real", null).get(60, TimeUnit.SECONDS));
            assertEquals(ExitCode.USAGE, assertInstanceOf(PosternException.class, named.getCause()).exitCode());
        }
    }
}
