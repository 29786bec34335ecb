package dev.postern.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Flags;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hunt 43-Y, Y2: a folder whose server copy is empty but whose messages the store keeps only here (retention with
 * {@code where = "server"} deleted their server copies) was deleted by {@code postern folder delete} without a question
 * and without {@code --yes}, exit 0: the archive, the last copy of those messages anywhere, went with it. The question
 * now counts them, as it counts the server's messages.
 */
class LocalOnlyFolderDeleteGreenMailTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;
    private Path config;
    private MailFolder old;

    @BeforeEach
    void setUp() throws Exception {
        GreenMailUser user = greenMail.setUser("alice@localhost", "alice", "secret");
        old = greenMail.getManagers().getImapHostManager().createMailbox(user, "Old");
        for (int i = 1; i <= 2; i++) {
            String raw = "Date: Tue, 3 Mar 2020 10:00:00 +0000\r\nFrom: bob@example.org\r\nTo: alice@localhost\r\n"
                    + "Message-ID: <old" + i + "@example.org>\r\nSubject: old " + i + "\r\n\r\nbody " + i + "\r\n";
            old.appendMessage(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw.getBytes(UTF_8))),
                    new Flags(Flags.Flag.SEEN), Date.from(Instant.parse("2020-03-03T10:00:00Z")));
        }
        config = CliRun.writeConfig(dir.resolve("config.toml"), dir.resolve("data"),
                CliRun.account("work", "imap", greenMail.getImap().getPort(), "alice", "secret"),
                "[[retention]]\nname = \"archive\"\naccount = \"work\"\nfolders = [\"Old\"]\n"
                + "older_than_days = 365\nwhere = \"server\"\nmax_share_percent = 100\n");
        CliRun.Result sync = CliRun.run(dir, config, "sync", "-f", "Old");
        assertEquals(0, sync.code(), sync.out() + sync.err());
        CliRun.Result kept = CliRun.run(dir, config, "retention", "--yes");
        assertEquals(0, kept.code(), kept.out() + kept.err());
        assertEquals(0, old.getMessageCount(), "the server copies are gone");
        assertEquals(2, cachedRows().size(), "the store keeps both, marked local-only");
    }

    private List<String> cachedRows() {
        CliRun.Result list = CliRun.run(dir, config, "list", "Old", "--cached", "--json");
        return list.code() == 0 ? list.out().lines().filter(l -> l.contains("\"local_only\":true")).toList() : List.of();
    }

    @Test
    void aFolderHoldingMailKeptOnlyHereIsNotDeletedWithoutAsking() throws Exception {
        CliRun.Result refused = CliRun.run(dir, config, "folder", "delete", "Old");
        assertEquals(64, refused.code(), refused.toString());
        assertTrue(refused.err().contains("2 messages kept only here") && refused.err().contains("last copy")
                && refused.err().contains("nothing was deleted"), refused.err());
        assertEquals(2, cachedRows().size(), "nothing deleted: " + refused);

        // Asked at a terminal, the question names them; no keeps them.
        CliRun.Result no = CliRun.runOnTerminal(dir, config, "n\n", "folder", "delete", "Old");
        assertEquals(0, no.code(), no.toString());
        assertTrue(no.err().contains("Delete folder Old of work and 2 messages kept only here"), no.err());
        assertEquals(2, cachedRows().size());

        // The typed command (the reader's and the shell's `folder delete`) refuses the same way.
        try (dev.postern.app.AppContext ctx = new dev.postern.app.AppContext(CliRun.env(dir), config)) {
            var typed = dev.postern.command.Commands.run(ctx.controller(), List.of("folder", "delete", "Old"), "work", null);
            var failure = org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> typed.get(60, java.util.concurrent.TimeUnit.SECONDS));
            assertTrue(failure.getCause().getMessage().contains("2 messages kept only here"), failure.getCause().getMessage());
        }
        assertEquals(2, cachedRows().size());

        CliRun.Result yes = CliRun.run(dir, config, "folder", "delete", "Old", "--yes");
        assertEquals(0, yes.code(), yes.toString());
        assertEquals(List.of(), cachedRows());
    }
}
