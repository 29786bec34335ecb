package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.input.KeyType;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.app.AppContext;
import dev.postern.e2e.PosternConfig;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hunt 43-R: J in the pager. R1: another client expunged the message shown; the index's cursor stays on its row, which
 * then holds the message that followed it, and J stepped past that one. R6: J typed ahead while a step was still being
 * read were dropped (five J moved three messages).
 */
class PagerStepsTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;

    private static void await(String what, BooleanSupplier cond) throws InterruptedException {
        long deadline = System.nanoTime() + TuiHarness.DEADLINE.toNanos();
        while (!cond.getAsBoolean() && System.nanoTime() < deadline) Thread.sleep(50);
        assertTrue(cond.getAsBoolean(), what);
    }

    private AppContext context(GreenMailUser alice, int messages) throws Exception {
        for (int i = 1; i <= messages; i++) {
            String raw = "From: Bob <bob@localhost>\r\nTo: alice@localhost\r\nSubject: note " + i + "\r\nMessage-ID: <note-" + i
                    + "@localhost>\r\nDate: Mon, 7 Dec 2026 10:" + (10 + i) + ":00 +0000\r\n\r\nThis is note " + i + ".\r\n";
            alice.deliver(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8))));
        }
        Path config = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("test", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "alice", "secret", 8, null));
        return new AppContext(Map.of("HOME", dir.toString()), config);
    }

    @Test
    void jAfterAnotherClientExpungedTheMessageShownOpensTheOneThatFollowedIt() throws Exception {
        GreenMailUser alice = greenMail.setUser("alice@localhost", "alice", "secret");
        try (AppContext ctx = context(alice, 5);
             TuiHarness h = new TuiHarness(ctx.controller(), "test", "INBOX", 120, 24, Palette.defaults())) {
            h.awaitText("[1/5]"); // newest first: note 5, 4, 3, 2, 1
            h.type("j");
            h.awaitText("[2/5]");
            h.press(KeyType.Enter);
            h.awaitText("This is note 4.");
            Session other = Session.getInstance(new Properties());
            try (Store store = other.getStore("imap")) {
                store.connect("127.0.0.1", greenMail.getImap().getPort(), "alice", "secret");
                Folder inbox = store.getFolder("INBOX");
                inbox.open(Folder.READ_WRITE);
                for (Message m : inbox.getMessages()) if ("note 4".equals(m.getSubject())) m.setFlags(new Flags(Flags.Flag.DELETED), true);
                inbox.close(true);
            }
            await("the reader's store no longer lists note 4", () -> ctx.controller().count("test", "INBOX") == 4);
            h.type("J");
            h.awaitText("This is note 3."); // not note 2
            h.type("K");
            h.awaitText("This is note 5.");
            h.type("q");
            h.type("q");
            h.awaitExit();
        }
    }

    @Test
    void everyJTypedAheadMovesOneMessage() throws Exception {
        GreenMailUser alice = greenMail.setUser("alice@localhost", "alice", "secret");
        try (AppContext ctx = context(alice, 6);
             TuiHarness h = new TuiHarness(ctx.controller(), "test", "INBOX", 120, 24, Palette.defaults())) {
            h.awaitText("[1/6]");
            h.press(KeyType.Enter);
            h.awaitText("This is note 6.");
            h.type("JJJJ");
            h.awaitText("This is note 2.");
            h.awaitText("[5/6");
            h.type("KK");
            h.awaitText("This is note 4.");
            h.type("q");
            h.type("q");
            h.awaitExit();
        }
    }
}
