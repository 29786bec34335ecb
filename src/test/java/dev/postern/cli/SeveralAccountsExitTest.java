package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.cli.CliRun.Result;
import dev.postern.model.ExitCode;
import jakarta.mail.Flags;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hunt 38-M, M17: fetch and sync of several accounts exited 75 ("try again later") for any partial failure, a
 * folder that is not there too, so cron retried it for ever; and when all failed the first account's code decided,
 * so the order of the names changed the class. Now 75 only when every failure is temporary, else the gravest.
 */
class SeveralAccountsExitTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;

    @Test
    void theExitIsTheGravestFailureWhateverTheOrder() throws Exception {
        GreenMailUser alice = greenMail.setUser("alice@localhost", "alice", "secret");
        greenMail.setUser("bob@localhost", "bob", "secret");
        var imap = greenMail.getManagers().getImapHostManager();
        imap.createMailbox(alice, "Only").appendMessage(TestMail.fromBob("one", "one"), new Flags(), new Date());
        int closed = dev.postern.ClosedPort.take(); // refused, and no other fork's server can take it
        int port = greenMail.getImap().getPort();
        Path cfg = CliRun.writeConfig(dir.resolve("config.toml"), dir.resolve("data"),
                CliRun.account("a", "imap", port, "alice", "secret"), CliRun.account("b", "imap", port, "bob", "secret"),
                CliRun.account("dead", "imap", closed, "carol", "secret"));

        for (String accounts : List.of("a,b", "b,a")) {
            Result r = CliRun.run(dir, cfg, "sync", "-a", accounts, "--folder", "Only", "--json");
            assertEquals(66, r.code, accounts + ": b has no folder Only, which stays so: " + r);
            assertTrue(r.out.contains("\"account\":\"a\",\"ok\":true"), r.out);
        }
        Result dead = CliRun.run(dir, cfg, "sync", "-a", "a,dead", "--folder", "Only", "--json");
        int deadAlone = CliRun.run(dir, cfg, "sync", "-a", "dead", "--json").code;
        assertEquals(deadAlone, dead.code, "a server not there beside a good account: its own class, " + dead);
        for (String accounts : List.of("b,dead", "dead,b")) {
            Result both = CliRun.run(dir, cfg, "sync", "-a", accounts, "--folder", "Only", "--json");
            assertEquals(66, both.code, accounts + ": " + both);
        }
    }

    @Test
    void temporaryOnlyWhenEveryFailureIs() {
        assertEquals(ExitCode.OK, ExitCode.gravest(List.of()));
        assertEquals(ExitCode.TEMPFAIL, ExitCode.gravest(List.of(ExitCode.TEMPFAIL, ExitCode.TEMPFAIL)));
        assertEquals(ExitCode.NOINPUT, ExitCode.gravest(List.of(ExitCode.TEMPFAIL, ExitCode.NOINPUT)));
        assertEquals(ExitCode.NOINPUT, ExitCode.gravest(List.of(ExitCode.NOINPUT, ExitCode.TEMPFAIL)));
        assertEquals(ExitCode.NOPERM, ExitCode.gravest(List.of(ExitCode.UNAVAILABLE, ExitCode.NOPERM, ExitCode.TEMPFAIL)));
        assertEquals(ExitCode.CONFIG, ExitCode.gravest(List.of(ExitCode.NOPERM, ExitCode.CONFIG, ExitCode.SOFTWARE)));
        assertEquals(ExitCode.UNAVAILABLE, ExitCode.gravest(List.of(ExitCode.TEMPFAIL, ExitCode.UNAVAILABLE)));
    }
}
