package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.app.AppContext;
import dev.postern.e2e.PosternConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader follows the account's capabilities: on a POP3 maildrop, M, C and d say at once that the
 * account cannot (no question first), and ':' completion leaves out what it cannot run.
 *
 * <p>The maildrop is a real POP3 server the account logs in to. Against an unreachable one (as this test once
 * was, a closed port) the reader's two start-up tasks, the folder's refresh and the folder list, each fail on
 * their own connection attempt, and each failure is an error on the message line: one could land after the
 * first "offline" showed and after M, replacing its notice (reproduced with busy threads on a 2-core machine:
 * 9 of 40 runs), which is why it failed only inside the loaded full surefire run. A port found closed can
 * also be taken by another fork's server meanwhile. Online, nothing in the background writes to that line.
 */
class CapabilitiesInTheReaderTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.POP3.dynamicPort());

    @TempDir Path dir;

    @Test
    void aMaildropSaysItCannotMoveCopyOrDelete() throws Exception {
        greenMail.setUser("u@localhost", "u", "pw");
        Path config = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("drop", "pop3", "127.0.0.1", greenMail.getPop3().getPort(), "plain", "u", "pw", 5, null));
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), config);
             TuiHarness h = new TuiHarness(ctx.controller(), "drop", "INBOX", 100, 24, Palette.defaults())) {
            // Logged in: the start-up refresh went through. Its error, had it failed, would replace the notices below.
            h.awaitText("online");
            h.type("M");
            h.awaitText("account drop cannot move messages (POP3 has one folder, INBOX).");
            h.type("C");
            h.awaitText("account drop cannot copy messages (POP3 has one folder, INBOX).");
            h.type("d");
            h.awaitText("account drop cannot delete messages (POP3: a fetch deletes");
            h.type(":fl");
            h.press(com.googlecode.lanterna.input.KeyType.Tab);
            h.awaitText(":flag"); // flags are kept in the store for a maildrop: offered
            h.press(com.googlecode.lanterna.input.KeyType.Escape);
            h.type(":mo");
            h.press(com.googlecode.lanterna.input.KeyType.Tab);
            h.type("x");
            h.awaitText(":mox"); // Tab offered nothing: move is not completed for a maildrop
            assertFalse(h.screen().contains(":move"), h.screen());
        }
    }
}
