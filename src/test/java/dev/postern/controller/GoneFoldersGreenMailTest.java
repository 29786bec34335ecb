package dev.postern.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.app.AppContext;
import dev.postern.model.MessageRef;
import dev.postern.store.MailStore;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Store;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hunt 34-A, A1: another client deletes one folder and renames another; {@code sync} (not only {@code folders}) then
 * drops them from the store, so its folder list is the server's and the renamed folder's mail is not held twice, and
 * tells the reader (its sidebar hears FoldersLoaded). Mail kept only here (local-only) stays, with its folder.
 */
class GoneFoldersGreenMailTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;

    private Path config() throws Exception {
        return DanAtGreenMail.config(dir, greenMail, "sync_folders = [\"*\"]\n");
    }

    private static Store other() throws Exception {
        return DanAtGreenMail.other(greenMail);
    }

    private static void make(String folder, int messages) throws Exception {
        try (Store s = other()) {
            Folder f = s.getFolder(folder);
            assertTrue(f.create(Folder.HOLDS_MESSAGES));
            List<Message> ms = new ArrayList<>();
            for (int i = 1; i <= messages; i++) ms.add(DanAtGreenMail.message(folder, i));
            f.appendMessages(ms.toArray(Message[]::new));
        }
    }

    private static TreeSet<String> serverFolders() throws Exception {
        TreeSet<String> out = new TreeSet<>();
        try (Store s = other()) {
            for (Folder f : s.getDefaultFolder().list("*")) out.add(f.getFullName());
        }
        return out;
    }

    private static TreeSet<String> stored(MailStore store) {
        TreeSet<String> out = new TreeSet<>();
        for (dev.postern.model.Folder f : store.folders("gm")) out.add(f.name());
        return out;
    }

    private static int storedMessages(MailStore store) {
        int n = 0;
        for (dev.postern.model.Folder f : store.folders("gm")) n += store.count("gm", f.name());
        return n;
    }

    @Test
    void syncDropsAFolderDeletedOrRenamedByAnotherClient() throws Exception {
        greenMail.setUser("dan@localhost", "dan", "pw");
        make("Gone", 3);
        make("Proj", 4);
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), config())) {
            MailController c = ctx.controller();
            MailStore store = ctx.store();
            c.sync("gm", null, false).get();
            assertEquals(new TreeSet<>(List.of("Gone", "INBOX", "Proj")), stored(store));
            try (Store s = other()) {
                assertTrue(s.getFolder("Gone").delete(true));
                assertTrue(s.getFolder("Proj").renameTo(s.getFolder("Proj2")));
            }
            List<Event> heard = new CopyOnWriteArrayList<>();
            try (AutoCloseable sub = c.subscribe(heard::add)) {
                c.sync("gm", null, false).get();
            }
            assertEquals(serverFolders(), stored(store), "the store's folders are the server's after one sync");
            assertEquals(4, store.count("gm", "Proj2"));
            assertEquals(4, storedMessages(store), "the renamed folder's mail is held once");
            assertTrue(heard.stream().anyMatch(e -> e instanceof Event.FoldersLoaded f && f.account().equals("gm")),
                    "the reader's sidebar hears of it: " + heard);
            assertTrue(heard.stream().anyMatch(e -> e instanceof Event.EnvelopesLoaded l && l.folder().equals("Gone")
                    && l.total() == 0), "an index showing the dropped folder hears of it: " + heard);
        }
    }

    /**
     * Hunt 41-H, H3: a folder renamed away and back by another client keeps its UIDVALIDITY and UIDNEXT; dropped and
     * listed again, its envelopes came back but sync fetched none of its bodies ("4 messages, 0 bodies fetched"), as the
     * dropped folder's bodies-complete mark said they were all stored.
     */
    @Test
    void aFolderRenamedAwayAndBackGetsItsBodiesAgain() throws Exception {
        greenMail.setUser("dan@localhost", "dan", "pw");
        make("Proj", 4);
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), config())) {
            MailController c = ctx.controller();
            MailStore store = ctx.store();
            c.sync("gm", null, false).get();
            long v = store.folderState("gm", "Proj").orElseThrow().uidValidity();
            assertEquals(4, cachedBodies(store, v));
            try (Store s = other()) {
                assertTrue(s.getFolder("Proj").renameTo(s.getFolder("Away")));
            }
            c.sync("gm", null, false).get();
            try (Store s = other()) {
                assertTrue(s.getFolder("Away").renameTo(s.getFolder("Proj")));
            }
            c.sync("gm", null, false).get();
            assertEquals(v, store.folderState("gm", "Proj").orElseThrow().uidValidity(), "the server kept its UIDVALIDITY");
            assertEquals(4, cachedBodies(store, v), "every body is stored again, for reading offline");
        }
    }

    private static int cachedBodies(MailStore store, long v) {
        int n = 0;
        for (long uid : store.uids("gm", "Proj", v)) {
            if (store.envelope(new MessageRef("gm", "Proj", v, uid)).orElseThrow().cached()) n++;
        }
        return n;
    }

    @Test
    void aGoneFolderKeepsTheMailKeptOnlyHere() throws Exception {
        greenMail.setUser("dan@localhost", "dan", "pw");
        make("Old", 3);
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), config())) {
            MailController c = ctx.controller();
            MailStore store = ctx.store();
            c.sync("gm", null, false).get();
            long v = store.folderState("gm", "Old").orElseThrow().uidValidity();
            long first = store.uids("gm", "Old", v).first();
            MessageRef local = new MessageRef("gm", "Old", v, first);
            store.detach(List.of(local)); // as retention's where = "server" leaves it
            store.commit();
            try (Store s = other()) {
                assertTrue(s.getFolder("Old").delete(true));
            }
            c.sync("gm", null, false).get();
            assertEquals(List.of(first), List.copyOf(store.uids("gm", "Old", v)), "only the local-only message stays");
            assertTrue(store.body(local).isPresent());
            assertEquals(1, store.folders("gm").stream().filter(f -> f.name().equals("Old")).findFirst().orElseThrow().total());
            c.refreshFolders("gm").get();
            assertEquals(List.of(first), List.copyOf(store.uids("gm", "Old", v)), "folders keeps it as sync does");
        }
    }

    /**
     * Hunt 35-B, B7: messages kept only here (retention's where = "server" deleted them from the server) are listed by
     * the folder, so its counts (`folders`, the reader's sidebar) count them too, online as offline; they said 0 of 8.
     */
    @Test
    void aFoldersCountsIncludeItsMailKeptOnlyHere() throws Exception {
        greenMail.setUser("dan@localhost", "dan", "pw");
        make("Dev", 3);
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), config())) {
            MailController c = ctx.controller();
            MailStore store = ctx.store();
            c.sync("gm", null, false).get();
            long v = store.folderState("gm", "Dev").orElseThrow().uidValidity();
            List<MessageRef> kept = new ArrayList<>();
            for (long uid : store.uids("gm", "Dev", v).headSet(3L)) kept.add(new MessageRef("gm", "Dev", v, uid));
            store.detach(kept); // as retention's where = "server" leaves them, then deletes them from the server
            store.commit();
            try (Store s = other()) {
                Folder f = s.getFolder("Dev");
                f.open(Folder.READ_WRITE);
                for (Message m : f.getMessages(1, 2)) m.setFlag(jakarta.mail.Flags.Flag.DELETED, true);
                f.close(true);
            }
            c.sync("gm", null, false).get();
            c.refreshFolders("gm").get();
            dev.postern.model.Folder dev = store.folders("gm").stream().filter(f -> f.name().equals("Dev")).findFirst().orElseThrow();
            assertEquals(3, store.count("gm", "Dev"), "the folder lists the two kept here and the one on the server");
            assertEquals(3, dev.total(), "its count says what it lists: " + dev);
            assertEquals(store.unread("gm", "Dev"), dev.unread(), dev.toString());
        }
    }
}
