package dev.postern.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.app.AppContext;
import dev.postern.model.MessageRef;
import dev.postern.store.MailStore;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * fix42-M, item 3 (a sibling of hunt 41-H, H3, where a dropped folder's bodies-complete mark outlived it): every record
 * the store keeps for a folder goes with it. The marks of its messages kept only here ({@code detachedEnvelopes}) stayed
 * when postern deleted or renamed the folder; and a rename carried the messages to the new name without their mark, so
 * the next sync took the renamed folder's local-only mail (its server copy deleted on purpose) for mail the server had
 * dropped, and removed the one copy left.
 */
class FolderRecordsGoGreenMailTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;

    private Path config() throws Exception {
        Path p = dir.resolve("config.toml");
        Files.writeString(p, "data_dir = \"" + dir.resolve("data") + "\"\n[accounts.gm]\nprotocol = \"imap\"\n"
                + "host = \"127.0.0.1\"\nport = " + greenMail.getImap().getPort() + "\nsecurity = \"plain\"\nuser = \"dan\"\n"
                + "password = \"pw\"\ntimeout_seconds = 30\nsync_folders = [\"*\"]\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        return p;
    }

    private static Store other() throws Exception {
        Store s = Session.getInstance(new Properties()).getStore("imap");
        s.connect("127.0.0.1", greenMail.getImap().getPort(), "dan", "pw");
        return s;
    }

    private static void make(String folder, int messages) throws Exception {
        try (Store s = other()) {
            Folder f = s.getFolder(folder);
            assertTrue(f.create(Folder.HOLDS_MESSAGES));
            List<Message> ms = new ArrayList<>();
            for (int i = 1; i <= messages; i++) {
                ms.add(new MimeMessage(null, new ByteArrayInputStream(("From: s" + i + "@example.org\r\nTo: dan@localhost\r\n"
                        + "Subject: " + folder + " " + i + "\r\nMessage-ID: <" + folder + "-" + i + "@example.org>\r\n"
                        + "Date: Sun, 1 Mar 2026 10:0" + i + ":00 +0000\r\n\r\nbody " + i + "\r\n").getBytes(StandardCharsets.US_ASCII))));
            }
            f.appendMessages(ms.toArray(Message[]::new));
        }
    }

    /** Deletes the message {@code uid} of {@code folder} on the server, as retention's where = "server" does. */
    private static void expunge(String folder, long uid) throws Exception {
        try (Store s = other()) {
            Folder f = s.getFolder(folder);
            f.open(Folder.READ_WRITE);
            Message m = ((UIDFolder) f).getMessageByUID(uid);
            m.setFlags(new Flags(Flags.Flag.DELETED), true);
            f.close(true);
        }
    }

    /** A folder's first message kept only here: marked so in the store, then deleted on the server. */
    private static MessageRef keptOnlyHere(MailStore store, String folder) throws Exception {
        long v = store.folderState("gm", folder).orElseThrow().uidValidity();
        MessageRef local = new MessageRef("gm", folder, v, store.uids("gm", folder, v).first());
        store.detach(List.of(local));
        store.commit();
        expunge(folder, local.uid());
        return local;
    }

    @Test
    void aFolderRenamedHereKeepsItsMailKeptOnlyHereAndLeavesNoMarkBehind() throws Exception {
        greenMail.setUser("dan@localhost", "dan", "pw");
        make("Old", 3);
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), config())) {
            MailController c = ctx.controller();
            MailStore store = ctx.store();
            c.sync("gm", null, false).get();
            MessageRef local = keptOnlyHere(store, "Old");
            c.sync("gm", null, false).get();
            assertEquals(3, store.count("gm", "Old"), "kept here, not dropped for missing on the server");
            c.renameFolder("gm", "Old", "New").get();
            assertEquals(List.of(), List.copyOf(store.detached("gm", "Old", local.uidValidity())), "no mark left under the old name");
            c.sync("gm", null, false).get();
            long v = store.folderState("gm", "New").orElseThrow().uidValidity();
            MessageRef moved = new MessageRef("gm", "New", v, local.uid());
            assertEquals(3, store.count("gm", "New"), "the renamed folder's mail kept only here is not taken for mail the server dropped");
            assertTrue(store.body(moved).isPresent(), "the one copy left is still in the store");
            assertTrue(store.isDetached(moved), "still kept only here, under its new name");
        }
    }

    /**
     * fix42-M's partial: a message recorded with a damaged body ({@code store verify}'s record, which has the next sync
     * fetch it again) lost that record when its folder was renamed, so the damaged copy stood for a whole one.
     */
    @Test
    void aFolderRenamedHereKeepsItsDamagedBodiesRecordSoTheNextSyncFetchesThemAgain() throws Exception {
        greenMail.setUser("dan@localhost", "dan", "pw");
        make("Old", 3);
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), config())) {
            MailController c = ctx.controller();
            MailStore store = ctx.store();
            c.sync("gm", null, false).get();
            long v = store.folderState("gm", "Old").orElseThrow().uidValidity();
            long uid = store.uids("gm", "Old", v).last();
            assertTrue(store.body(new MessageRef("gm", "Old", v, uid)).isPresent(), "the body was stored");
            store.markDamaged(List.of(new MessageRef("gm", "Old", v, uid)));
            store.commit();
            assertEquals(List.of(uid), List.copyOf(store.damagedBodies("gm", "Old", v)));
            c.renameFolder("gm", "Old", "New").get();
            long nv = store.folderState("gm", "New").orElseThrow().uidValidity();
            assertEquals(List.of(), List.copyOf(store.damagedBodies("gm", "Old", v)), "no record left under the old name");
            assertEquals(List.of(uid), List.copyOf(store.damagedBodies("gm", "New", nv)), "the record went with the message");
            c.sync("gm", null, false).get();
            assertEquals(List.of(), List.copyOf(store.damagedBodies("gm", "New", nv)), "the next sync fetched it again");
            assertEquals(nv, store.folderState("gm", "New").orElseThrow().uidValidity(), "the same folder to the server");
            assertTrue(store.body(new MessageRef("gm", "New", nv, uid)).isPresent());
        }
    }

    @Test
    void aFolderDeletedHereLeavesNoMarkBehind() throws Exception {
        greenMail.setUser("dan@localhost", "dan", "pw");
        make("Tmp", 2);
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), config())) {
            MailController c = ctx.controller();
            MailStore store = ctx.store();
            c.sync("gm", null, false).get();
            long v = store.folderState("gm", "Tmp").orElseThrow().uidValidity();
            store.detach(List.of(new MessageRef("gm", "Tmp", v, store.uids("gm", "Tmp", v).first())));
            store.commit();
            c.deleteFolder("gm", "Tmp").get();
            assertEquals(List.of(), List.copyOf(store.uids("gm", "Tmp", v)));
            assertEquals(List.of(), List.copyOf(store.detached("gm", "Tmp", v)), "the folder's local-only marks go with it");
        }
    }
}
