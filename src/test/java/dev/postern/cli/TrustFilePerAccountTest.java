package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.cli.CliRun.Result;
import dev.postern.e2e.PosternConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * hunt38-M M16: one account's tls_trust_cert that cannot be read failed every command of every account at load (78,
 * "config ...: [accounts.work] tls_trust_cert ... cannot be read"). It is that account's matter: read when it connects,
 * 78 with its own sentence in fetch's list, while the other accounts are fetched and their commands run.
 */
class TrustFilePerAccountTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;

    @Test
    void anUnreadableTrustFileFailsItsAccountAlone() throws Exception {
        greenMail.setUser("alice@localhost", "alice", "secret");
        Path missing = dir.resolve("nosuch.pem");
        Path cfg = CliRun.writeConfig(dir.resolve("config.toml"), dir.resolve("data"),
                CliRun.account("home", "imap", greenMail.getImap().getPort(), "alice", "secret"),
                PosternConfig.account("work", "imap", "127.0.0.1", 1, "tls", "bob", "secret", 5, missing));
        Result list = CliRun.run(dir, cfg, "-a", "home", "list", "INBOX");
        assertEquals(0, list.code(), list.err());

        Result fetch = CliRun.run(dir, cfg, "fetch", "--json");
        assertEquals(78, fetch.code(), fetch.err());
        assertTrue(fetch.out().contains("{\"account\":\"home\",\"protocol\":\"imap\",\"ok\":true"), fetch.out());
        assertTrue(fetch.out().contains("\"account\":\"work\""), fetch.out());
        assertTrue(fetch.out().contains("account work: tls_trust_cert " + missing + " cannot be read (it does not exist);"
                + " check the path in the config."), fetch.out() + fetch.err());

        Result work = CliRun.run(dir, cfg, "-a", "work", "list", "INBOX");
        assertEquals(78, work.code(), work.err());
        assertTrue(work.err().contains("tls_trust_cert " + missing + " cannot be read"), work.err());
    }
}
