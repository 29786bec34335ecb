package dev.postern.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.app.AppContext;
import dev.postern.model.MessageRef;
import dev.postern.render.RenderedMessage;
import dev.postern.store.MailStore;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hunt 38-L, L1 and L3, on a thin link (a relay passing 256 KiB a second): a large message opened and left before its
 * text has come no longer holds up the next message of the account (it waited until the whole download had ended, which
 * went on taking the link), and while it loads its progress is told, of the size the server gave.
 */
class LeftDownloadGreenMailTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;

    private static final String LINE = "a line of the long log, long enough to be a line of it\r\n";
    private static final int LINES = 30_000; // 1.7 MB of text (the renderer shows 2 million characters): 7 s at 256 KiB/s

    private static byte[] big() {
        return ("From: s@example.org\r\nTo: dan@localhost\r\nSubject: big\r\nMessage-ID: <big@example.org>\r\n"
                + "Date: Sun, 1 Mar 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\n"
                + LINE.repeat(LINES) + "the last line\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] small() {
        return ("From: s@example.org\r\nTo: dan@localhost\r\nSubject: small\r\nMessage-ID: <small@example.org>\r\n"
                + "Date: Sun, 1 Mar 2026 10:01:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\n"
                + "the small one\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aLeftDownloadDoesNotHoldUpTheNextMessageAndALoadSaysHowFarItGot() throws Exception {
        greenMail.setUser("dan@localhost", "dan", "pw");
        Store other = Session.getInstance(new Properties()).getStore("imap");
        other.connect("127.0.0.1", greenMail.getImap().getPort(), "dan", "pw");
        Folder f = other.getFolder("INBOX");
        f.appendMessages(new Message[] {new MimeMessage(null, new ByteArrayInputStream(big())),
                new MimeMessage(null, new ByteArrayInputStream(small()))});
        other.close();
        int bodySize = LINE.length() * LINES + "the last line\r\n".length();
        try (SlowLinkRelay relay = new SlowLinkRelay(greenMail.getImap().getPort(), 0)) {
            Path p = dir.resolve("config.toml");
            Files.writeString(p, "data_dir = \"" + dir.resolve("data") + "\"\n[accounts.gm]\nprotocol = \"imap\"\n"
                    + "host = \"127.0.0.1\"\nport = " + relay.port() + "\nsecurity = \"plain\"\nuser = \"dan\"\n"
                    + "password = \"pw\"\ntimeout_seconds = 60\nfetch_whole_below = 10000\n");
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
            try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), p)) {
                MailController c = ctx.controller();
                c.sync("gm", "INBOX", true).get(60, TimeUnit.SECONDS);
                MailStore store = ctx.store();
                long v = store.folderState("gm", "INBOX").orElseThrow().uidValidity();
                List<Long> uids = List.copyOf(store.uids("gm", "INBOX", v));
                MessageRef big = new MessageRef("gm", "INBOX", v, uids.get(0));
                MessageRef small = new MessageRef("gm", "INBOX", v, uids.get(1));
                List<Event.BodyProgress> told = new CopyOnWriteArrayList<>();
                CompletableFuture<Event.BodyProgress> under = new CompletableFuture<>();
                try (AutoCloseable sub = c.subscribe(e -> {
                    if (e instanceof Event.BodyProgress bp) {
                        told.add(bp);
                        if (bp.done() > 300_000) under.complete(bp);
                    }
                })) {
                    relay.rate = 256 * 1024;
                    long before = relay.served();
                    CompletableFuture<RenderedMessage> opened = c.read(big);
                    Event.BodyProgress seen = under.get(60, TimeUnit.SECONDS); // its download is well under way
                    // L3: how far it got, of the size the server gave its text
                    assertEquals(big, seen.ref());
                    assertTrue(seen.total() >= bodySize && seen.total() < bodySize + 1024, "total " + seen.total());
                    assertTrue(seen.done() < seen.total(), seen.toString());
                    opened.cancel(true); // the reader left it (q, or j to the next message), as PagerView does

                    RenderedMessage next = c.read(small).get(60, TimeUnit.SECONDS);
                    long whenNext = relay.served() - before;
                    assertTrue(next.body().contains("the small one"), next.body());
                    // L1: the small one came long before the big one's text could have (the bytes of it that had come
                    // when it arrived, not a clock): it used to wait until every byte of it had.
                    assertTrue(whenNext < bodySize * 3L / 4, "the next message came after " + whenNext
                            + " bytes of the left one's " + bodySize);
                    Thread.sleep(500);
                    assertTrue(relay.served() - before < bodySize * 3L / 4, "the left download went on");
                }
                relay.rate = 0;
                // Nothing of the cut download was kept as its text: opened again, it comes whole.
                RenderedMessage again = c.read(big).get(60, TimeUnit.SECONDS);
                assertTrue(again.body().contains("the last line"), "kept cut short: " + again.body().length() + " "
                        + again.body().substring(Math.max(0, again.body().length() - 300)));
                for (Event.BodyProgress bp : told) assertTrue(bp.done() <= bp.total() && bp.done() >= 0, bp.toString());
            }
        }
    }
}
