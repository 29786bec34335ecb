package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.app.AppContext;
import dev.postern.e2e.PosternConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * abort_nosubject in the reader's compose screen, the rule the batch door follows too (cli/AbortNoSubjectTest): "ask"
 * (the default) is TuiComposeTest's question; "yes" never sends a message with an empty Subject, "no" sends it at y
 * without a question. The real reader (TuiHarness) on GreenMail, m and a scripted $EDITOR that fills in To only.
 */
class ComposeNoSubjectTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(
            new ServerSetup[] {ServerSetupTest.IMAP.dynamicPort(), ServerSetupTest.SMTP.dynamicPort()});

    @TempDir Path dir;

    @BeforeEach
    void seed() throws Exception {
        greenMail.setUser("alice@localhost", "alice", "secret");
        greenMail.setUser("bob@localhost", "bob", "bob");
        GreenMailUtil.sendTextEmail("alice@localhost", "carol@localhost", "Hello there", "Hi.", greenMail.getSmtp().getServerSetup());
        assertTrue(greenMail.waitForIncomingEmail(5000, 1));
    }

    private Path config(String setting) throws Exception {
        Path p = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("test", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "alice", "secret", 10, null),
                "[accounts.test.smtp]\nhost = \"127.0.0.1\"\nport = " + greenMail.getSmtp().getPort()
                + "\nsecurity = \"plain\"\nfrom = \"Alice <alice@localhost>\"\n");
        Files.writeString(p, "abort_nosubject = \"" + setting + "\"\n" + Files.readString(p));
        return p;
    }

    private Path editor() throws Exception {
        Path script = dir.resolve("no-subject-editor.sh");
        Files.writeString(script, "#!/bin/sh\nsed -i 's/^To: $/To: bob@localhost/' \"$1\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    private int bobHas() throws Exception {
        return greenMail.getManagers().getImapHostManager()
                .getInbox(greenMail.getManagers().getUserManager().getUserByEmail("bob@localhost")).getMessageCount();
    }

    @Test
    void yesNeverSendsAMessageWithoutASubject() throws Exception {
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString(), "EDITOR", editor().toString()), config("yes"));
             TuiHarness h = new TuiHarness(ctx.controller(), "test", "INBOX", 80, 24, Palette.defaults())) {
            h.awaitText("Hello there");
            h.type("m");
            h.awaitText("To:      bob@localhost");
            h.type("y");
            String screen = h.awaitText("No subject: not sent (abort_nosubject = \"yes\"); s sets the Subject.");
            assertFalse(screen.contains("send anyway?"), screen);
            h.type("y"); // a second y is refused the same way, never taken for an answer
            h.awaitText("No subject: not sent");
            assertEquals(0, bobHas(), "sent without a subject");
            h.type("q");
        }
        assertEquals(0, bobHas());
    }

    @Test
    void noSendsItAtYWithoutAQuestion() throws Exception {
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString(), "EDITOR", editor().toString()), config("no"));
             TuiHarness h = new TuiHarness(ctx.controller(), "test", "INBOX", 80, 24, Palette.defaults())) {
            h.awaitText("Hello there");
            h.type("m");
            h.awaitText("To:      bob@localhost");
            h.type("y");
            String screen = h.awaitText("Sent to bob@localhost");
            assertFalse(screen.contains("send anyway?"), screen);
            h.type("q");
            h.awaitExit();
        }
        assertTrue(greenMail.waitForIncomingEmail(5000, 2));
        assertEquals(1, bobHas());
    }
}
