package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.app.AppContext;
import dev.postern.compose.Draft;
import dev.postern.compose.MessageBuilder;
import dev.postern.compose.Postman;
import dev.postern.e2e.PosternConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The reader's start says what the store holds of an account the config no longer names (hunt 38-M, M4 and M5). */
class TuiRenamedAccountTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(
            new ServerSetup[] {ServerSetupTest.IMAP.dynamicPort(), ServerSetupTest.SMTP.dynamicPort()});

    @TempDir Path dir;

    private Path config(String name, int smtpPort) throws Exception {
        return PosternConfig.write(dir.resolve(name + ".toml"), dir.resolve("data"),
                PosternConfig.account(name, "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "alice", "secret", 5, null),
                "[accounts." + name + ".smtp]\nhost = \"127.0.0.1\"\nport = " + smtpPort
                + "\nsecurity = \"plain\"\nfrom = \"alice@localhost\"\n");
    }

    @Test
    void theReaderSaysAtItsStartThatARenamedAccountsOutboxWaits() throws Exception {
        greenMail.setUser("alice@localhost", "alice", "secret");
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), config("home", dev.postern.ClosedPort.take()))) {
            Postman.Result r = ctx.postman().send("home", new MessageBuilder().build(new Draft("alice@localhost",
                    List.of("bob@localhost"), null, null, "waiting", "body", null, null, null, false)));
            assertEquals(Postman.Outcome.QUEUED, r.outcome());
        }
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), config("casa", greenMail.getSmtp().getPort()));
             TuiHarness h = new TuiHarness(ctx.controller(), "casa", "INBOX", 240, 24, Palette.defaults())) {
            h.awaitText("The store holds 1 message waiting in the outbox of account 'home', which the config no longer names;");
            h.type("q");
            h.awaitExit();
        }
    }
}
