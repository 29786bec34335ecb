package dev.postern.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.app.AppContext;
import dev.postern.model.Envelope;
import dev.postern.model.MessageRef;
import dev.postern.store.MailStore;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * One long-lived controller (as in the reader) while another client recreates a folder it has open: the
 * next refresh sees the new UIDVALIDITY (a fresh SELECT, not Angus's cached one), and bodies of messages
 * still there come back without a download, also when the first thing asked is a UID never cached.
 */
class RecreatedFolderGreenMailTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;

    private Path config() throws Exception {
        return DanAtGreenMail.config(dir, greenMail, "");
    }

    private static byte[] message(int n) {
        return ("From: s" + n + "@example.org\r\nTo: dan@localhost\r\nSubject: note " + n + "\r\nMessage-ID: <note-" + n
                + "@example.org>\r\nDate: Sun, 1 Mar 2026 10:0" + n + ":00 +0000\r\n\r\nbody " + n + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static Store other() throws Exception {
        return DanAtGreenMail.other(greenMail);
    }

    private static List<Envelope> cached(MailStore store, String folder) {
        long v = store.folderState("gm", folder).orElseThrow().uidValidity();
        List<Envelope> out = new ArrayList<>();
        for (long uid : store.uids("gm", folder, v)) store.envelope(new MessageRef("gm", folder, v, uid)).ifPresent(out::add);
        return out;
    }

    private static void recreate(int... keep) throws Exception {
        try (Store s = other()) {
            Folder f = s.getFolder("Notes");
            List<byte[]> raws = new ArrayList<>();
            f.open(Folder.READ_ONLY);
            for (int n : keep) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                f.getMessage(n).writeTo(out);
                raws.add(out.toByteArray());
            }
            long oldValidity = ((UIDFolder) f).getUIDValidity();
            f.close(false);
            assertTrue(f.delete(false));
            // GreenMail's UIDVALIDITY is the creation time in seconds: a folder recreated within the same
            // second would keep it, which is not the situation under test.
            while (System.currentTimeMillis() / 1000 <= oldValidity) Thread.sleep(20);
            Folder again = s.getFolder("Notes");
            assertTrue(again.create(Folder.HOLDS_MESSAGES));
            List<Message> append = new ArrayList<>();
            for (byte[] raw : raws) append.add(new MimeMessage(null, new ByteArrayInputStream(raw)));
            append.add(new MimeMessage(null, new ByteArrayInputStream(message(9))));
            again.appendMessages(append.toArray(Message[]::new));
        }
    }

    @Test
    void aRefreshOnALongLivedSessionKeepsTheBodiesOfMessagesStillThere() throws Exception {
        greenMail.setUser("dan@localhost", "dan", "pw");
        try (Store s = other()) {
            Folder f = s.getFolder("Notes");
            f.create(Folder.HOLDS_MESSAGES);
            f.appendMessages(new Message[] {new MimeMessage(null, new ByteArrayInputStream(message(1))),
                    new MimeMessage(null, new ByteArrayInputStream(message(2))),
                    new MimeMessage(null, new ByteArrayInputStream(message(3)))});
        }
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), config())) {
            MailController c = ctx.controller();
            MailStore store = ctx.store();
            c.sync("gm", "Notes", false).get();
            long oldValidity = store.folderState("gm", "Notes").orElseThrow().uidValidity();
            assertEquals(3, cached(store, "Notes").stream().filter(Envelope::cached).count());

            recreate(1, 3);
            assertEquals(3, c.refreshFolder("gm", "Notes").get());
            assertNotEquals(oldValidity, store.folderState("gm", "Notes").orElseThrow().uidValidity(),
                    "the open folder was selected again, so the new UIDVALIDITY was seen");
            List<Envelope> now = cached(store, "Notes");
            assertEquals(List.of(true, true, false), now.stream().map(Envelope::cached).toList(),
                    "messages 1 and 3 keep their bodies; the new one has none yet: " + now);
            assertTrue(store.uids("gm", "Notes", oldValidity).isEmpty());
            assertEquals("body 3", new String(store.body(now.get(1).ref()).orElseThrow(), StandardCharsets.US_ASCII)
                    .lines().reduce((a, b) -> b).orElseThrow().strip());

            // Again, but the first thing asked is a UID this store never had: locate re-lists the folder too.
            long validity = store.folderState("gm", "Notes").orElseThrow().uidValidity();
            recreate(1, 2, 3);
            long newUid;
            try (Store s = other()) {
                Folder f = s.getFolder("Notes");
                f.open(Folder.READ_ONLY);
                newUid = ((UIDFolder) f).getUID(f.getMessage(4));
                f.close(false);
            }
            MessageRef located = c.locate("gm", "Notes", newUid).get();
            assertNotEquals(validity, located.uidValidity());
            assertTrue(store.uids("gm", "Notes", validity).isEmpty(), "no stale UIDs after locate either");
            assertEquals(List.of(true, true, false, false), cached(store, "Notes").stream().map(Envelope::cached).toList());
        }
    }
}
