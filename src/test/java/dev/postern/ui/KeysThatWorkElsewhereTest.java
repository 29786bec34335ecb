package dev.postern.ui;

import com.googlecode.lanterna.input.KeyType;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.app.AppContext;
import dev.postern.e2e.PosternConfig;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hunt 43-R, R5: a key bound to a command that works in another view (s, v, h, U in the index; o, T, l in the pager;
 * N, d, t with the sidebar focused) did nothing and said nothing, where mutt says why. Each now says where it works.
 */
class KeysThatWorkElsewhereTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;

    @Test
    void aKeyOfAnotherViewSaysWhereItWorks() throws Exception {
        GreenMailUser alice = greenMail.setUser("alice@localhost", "alice", "secret");
        String raw = "From: Bob <bob@localhost>\r\nTo: alice@localhost\r\nSubject: lunch\r\nMessage-ID: <lunch@localhost>\r\n"
                + "Date: Mon, 7 Dec 2026 10:00:00 +0000\r\n\r\nNoon?\r\n";
        alice.deliver(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8))));
        Path config = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("test", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "alice", "secret", 8, null));
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), config);
             TuiHarness h = new TuiHarness(ctx.controller(), "test", "INBOX", 120, 24, Palette.defaults())) {
            h.awaitText("[1/1]");
            h.type("s");
            h.awaitText("s works on an open message; <Enter> opens it.");
            h.type("h");
            h.awaitText("h works on an open message; <Enter> opens it.");
            h.press(KeyType.Enter);
            h.awaitText("Noon?");
            h.type("o");
            h.awaitText("o works in the index; i goes back to it.");
            h.type("i");
            h.awaitGone("Noon?");
            h.press(KeyType.Tab); // the sidebar
            h.type("N");
            h.awaitText("N works on the messages; <Tab> goes back to them.");
            h.press(KeyType.Tab);
            h.type("q");
            h.awaitExit();
        }
    }
}
