package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.app.AppContext;
import dev.postern.e2e.DovecotServer;
import dev.postern.e2e.PosternConfig;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader against Dovecot: mail another client APPENDs appears in a scrolled index without a key and
 * one it expunges goes (real IDLE reports, not a window's refresh), the cursor staying on its message; d
 * with {@code trash = "Bin"} makes Bin on first use and moves the message there; the bar stays online.
 */
@Tag("e2e")
class TuiLiveIndexIT {
    @RegisterExtension
    static final DovecotServer DOVECOT = new DovecotServer();

    @TempDir Path home;

    private static byte[] message(String subject, int hour) {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.parse("2026-04-01T00:00:00Z")
                .plusSeconds(3600L * hour).atOffset(ZoneOffset.UTC));
        return ("From: Other <other@postern.test>\nTo: alice@postern.test\nSubject: " + subject + "\nDate: " + date
                + "\nMessage-ID: <" + subject.replace(' ', '.') + "@postern.test>\n\ntext of " + subject + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static void append(Store other, String subject, int hour) throws Exception {
        other.getFolder("INBOX").appendMessages(new Message[] {
                new MimeMessage(null, new ByteArrayInputStream(message(subject, hour)))});
    }

    private static void expunge(Store other, String subject) throws Exception {
        Folder inbox = other.getFolder("INBOX");
        inbox.open(Folder.READ_WRITE);
        for (Message m : inbox.getMessages()) if (subject.equals(m.getSubject())) m.setFlag(Flags.Flag.DELETED, true);
        inbox.close(true);
    }

    private static void awaitPosition(TuiHarness h, String position) {
        h.awaitScreen("the status bar shows [" + position + "]", s -> {
            int r = h.rowContaining("e2e: INBOX");
            return r >= 0 && h.row(r).contains("[" + position + "]");
        });
    }

    @Test
    void anotherClientsMailComesAndGoesAndDeleteMakesTheConfiguredTrash() throws Exception {
        for (int i = 1; i <= 30; i++) DOVECOT.deliver("bob", "INBOX", message(String.format("Older %02d", i), i));
        Path cfg = PosternConfig.write(home.resolve("config.toml"), home.resolve("data"),
                PosternConfig.dovecot(DOVECOT, "bob", 30) + "trash = \"Bin\"\n");
        try (AppContext ctx = new AppContext(Map.of("HOME", home.toString()), cfg);
             TuiHarness h = new TuiHarness(ctx.controller(), "e2e", "INBOX", 120, 24, Palette.defaults());
             Store other = DOVECOT.otherClient("bob")) {
            h.awaitText("Older 30");
            awaitPosition(h, "1/30");
            // A key in the folder: from now on the cursor follows its message as mail arrives. Untouched, it stays on
            // the first row until the first refresh has settled (IndexView's pin, for a first listing's newest-first
            // rows), and on a loaded machine that refresh may still be running when the mail below comes.
            h.type("j");
            awaitPosition(h, "2/30");
            h.type("k");
            awaitPosition(h, "1/30");
            Thread.sleep(500); // the watcher enters IDLE (if not yet, the refresh's catch-up finds the mail)
            long t0 = System.nanoTime();
            append(other, "Fresh one", 40);
            append(other, "Fresh two", 41);
            h.awaitText("Fresh two");
            h.awaitText("Fresh one");
            long in = (System.nanoTime() - t0) / 1_000_000;
            awaitPosition(h, "3/32");
            h.awaitScreen("a notice of the new mail", s -> s.contains("new message"));
            t0 = System.nanoTime();
            expunge(other, "Fresh one");
            h.awaitGone("Fresh one");
            long out = (System.nanoTime() - t0) / 1_000_000;
            awaitPosition(h, "2/31");
            System.out.printf("reader against Dovecot: new mail shown in %d ms, an expunge in %d ms%n", in, out);

            // d on "Older 30" (the cursor followed it): one key, Bin made on first use, online throughout.
            h.type("d");
            h.awaitText("Delete 1 message(s) to Trash? (y/n):");
            h.type("y");
            h.awaitText("Deleted 1 message(s)");
            h.awaitGone("Older 30");
            Folder bin = other.getFolder("Bin");
            assertTrue(bin.exists(), "Bin was made");
            bin.open(Folder.READ_ONLY);
            assertEquals(1, bin.getMessageCount());
            assertEquals("Older 30", bin.getMessage(1).getSubject());
            bin.close(false);
            Folder trash = other.getFolder("Trash");
            trash.open(Folder.READ_ONLY);
            assertEquals(0, trash.getMessageCount(), "the server's \\Trash is not where the setting says");
            trash.close(false);
            String screen = h.screen();
            assertTrue(screen.contains("online"), screen);
            assertFalse(screen.contains("offline"), screen);
        }
    }
}
