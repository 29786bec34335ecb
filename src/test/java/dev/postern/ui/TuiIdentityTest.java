package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.input.KeyType;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.app.AppContext;
import dev.postern.e2e.PosternConfig;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Identities in the reader: r on a message sent to an alias starts from that identity with its signature under the
 * quote; I on the review screen switches identity (From and signature block swapped, never doubled, also after
 * editing again); the message reaches the server from the identity chosen, its copy in that identity's Sent folder.
 */
class TuiIdentityTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(
            new ServerSetup[] {ServerSetupTest.IMAP.dynamicPort(), ServerSetupTest.SMTP.dynamicPort()});

    @TempDir Path dir;
    private GreenMailUser alice;

    @BeforeEach
    void seed() throws Exception {
        alice = greenMail.setUser("alice@localhost", "alice", "secret");
        greenMail.setUser("bob@localhost", "bob", "bob");
        String raw = "From: Bob <bob@localhost>\r\nTo: sales@work.example\r\nSubject: Price list\r\n"
                + "Message-ID: <p-1@localhost>\r\n\r\nCould you send it?\r\n";
        alice.deliver(new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8))));
    }

    private Path config() throws Exception {
        Path homeSig = dir.resolve("home.sig");
        Files.writeString(homeSig, "Alice, at home\n");
        Path p = dir.resolve("config.toml");
        return PosternConfig.write(p, dir.resolve("data"),
                PosternConfig.account("test", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "alice", "secret", 10, null),
                "signature_file = \"" + homeSig + "\"\n"
                + "[accounts.test.smtp]\nhost = \"127.0.0.1\"\nport = " + greenMail.getSmtp().getPort()
                + "\nsecurity = \"plain\"\nfrom = \"Alice <alice@localhost>\"\n"
                + "[[accounts.test.identities]]\nname = \"Alice (ACME)\"\naddress = \"alice@work.example\"\n"
                + "aliases = [\"sales@work.example\"]\nsignature_command = \"echo 'ACME sales desk'\"\nsent_folder = \"WorkSent\"\n");
    }

    /** An editor that writes a line at the top of the body, once per run. */
    private Path editor() throws Exception {
        Path script = dir.resolve("editor.sh");
        Files.writeString(script, "#!/bin/sh\nsed -i '0,/^$/s//\\nHere it is./' \"$1\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    private static long count(String screen, String what) {
        return screen.lines().filter(l -> l.contains(what)).count();
    }

    /** Signature separator lines ("-- ": the screen drops the trailing space). */
    private static long separators(String screen) {
        return screen.lines().filter(l -> l.strip().equals("--")).count();
    }

    @Test
    void replyStartsFromTheIdentityItWasSentToAndISwitchesFromAndSignature() throws Exception {
        Map<String, String> env = Map.of("HOME", dir.toString(), "EDITOR", editor().toString());
        try (AppContext ctx = new AppContext(env, config());
             TuiHarness h = new TuiHarness(ctx.controller(), "test", "INBOX", 80, 30, Palette.defaults())) {
            h.awaitText("Price list");
            h.type("r");
            String review = h.awaitText("ACME sales desk");
            assertTrue(review.contains("From:    \"Alice (ACME)\" <alice@work.example>"), review);
            assertTrue(review.indexOf("> Could you send it?") < review.indexOf("ACME sales desk"), "signature under the quote: " + review);
            assertEquals(1, separators(review), review);
            h.type("I");
            review = h.awaitText("Alice, at home");
            assertTrue(review.contains("From:    Alice <alice@localhost>"), review);
            assertFalse(review.contains("ACME sales desk"), "the old signature is replaced: " + review);
            h.type("I");
            review = h.awaitText("ACME sales desk");
            assertFalse(review.contains("Alice, at home"), review);
            assertEquals(1, separators(review), review);
            h.type("e"); // editing again adds no second signature
            review = h.awaitScreen("edited twice", s -> count(s, "Here it is.") == 2);
            assertEquals(1, separators(review), review);
            h.type("y");
            h.awaitText("Sent to bob@localhost; copy in WorkSent");
            h.type("q");
            h.awaitExit();
        }
        assertTrue(greenMail.waitForIncomingEmail(5000, 1));
        MailFolder bob = greenMail.getManagers().getImapHostManager()
                .getInbox(greenMail.getManagers().getUserManager().getUserByEmail("bob@localhost"));
        MimeMessage reply = bob.getMessages().get(0).getMimeMessage();
        assertEquals("alice@work.example", ((InternetAddress) reply.getFrom()[0]).getAddress());
        String body = ((String) reply.getContent()).replace("\r\n", "\n");
        assertTrue(body.stripTrailing().endsWith("> Could you send it?\n\n-- \nACME sales desk"), body);
        assertEquals(1, greenMail.getManagers().getImapHostManager().getFolder(alice, "WorkSent").getMessageCount());
    }

    @Test
    void theAddressBookCommandCompletesInTheToPromptWithoutHoldingTheScreen() throws Exception {
        Path book = dir.resolve("book.sh");
        Path release = dir.resolve("release");
        // The command answers only once the test lets it: the key typed meanwhile shows, or the screen waits for it.
        Files.writeString(book, "#!/bin/sh\nwhile [ ! -e '" + release + "' ]; do sleep 0.05; done\n"
                + "printf 'found 1\\n%s@book.example\\tZelda Quux\\tfriend\\n' \"$1\"\n");
        Files.setPosixFilePermissions(book, PosixFilePermissions.fromString("rwx------"));
        Path p = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                "address_book_command = \"" + book + " \\\"$1\\\"\"\nhook_timeout_seconds = 120\n",
                PosternConfig.account("test", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "alice", "secret", 10, null),
                "[accounts.test.smtp]\nhost = \"127.0.0.1\"\nport = " + greenMail.getSmtp().getPort()
                + "\nsecurity = \"plain\"\nfrom = \"Alice <alice@localhost>\"\n");
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString(), "EDITOR", "true"), p);
             TuiHarness h = new TuiHarness(ctx.controller(), "test", "INBOX", 80, 24, Palette.defaults())) {
            h.awaitText("Price list");
            h.type("m");
            h.awaitText("Review the message");
            h.type("t");
            h.type("zelda");
            h.press(KeyType.Tab); // starts the query; the screen answers at once (the command has not answered)
            h.type("X");
            // The command cannot end before the release: a screen that waited for it would never show the key.
            h.awaitText("To: zeldaX");
            Files.createFile(release);
            h.press(KeyType.Backspace);
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!h.screen().contains("Zelda Quux <zelda@book.example>") && System.nanoTime() < deadline) {
                h.press(KeyType.Tab);
                Thread.sleep(300);
            }
            h.press(KeyType.Enter);
            h.awaitText("To:      Zelda Quux <zelda@book.example>");
            h.type("q");
            h.awaitText("Discard this message? (y/n)");
            h.type("y");
            h.type("q");
            h.awaitExit();
        }
    }
}
