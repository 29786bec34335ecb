package dev.postern.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.app.AppContext;
import dev.postern.store.MailStore;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hunt 39-S, S2: a sync of folders that did not change writes nothing to the store, so it commits nothing (each commit
 * is a journal written and three fsyncs: 2,000 unchanged folders took 88 s, mbsync 5 s). Every folder rewrote its state
 * for the time stamp alone, and an empty list of vanished messages counted as a write. GreenMail has no CONDSTORE: this
 * is the path that reads every flag; the CONDSTORE shortcut writes no more than it (measured on Dovecot: bench/ISSUE16.md,
 * fortieth session). A folder that did change is still stored and committed.
 */
class UnchangedSyncWritesNothingGreenMailTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;

    private Path config() throws Exception {
        return DanAtGreenMail.config(dir, greenMail, "sync_folders = [\"*\"]\n");
    }

    private static Store other() throws Exception {
        return DanAtGreenMail.other(greenMail);
    }

    private static void append(String folder, int... ns) throws Exception {
        try (Store s = other()) {
            Folder f = s.getFolder(folder);
            if (!f.exists()) assertTrue(f.create(Folder.HOLDS_MESSAGES));
            Message[] ms = new Message[ns.length];
            for (int i = 0; i < ns.length; i++) ms[i] = DanAtGreenMail.message(folder, ns[i]);
            if (ms.length > 0) f.appendMessages(ms);
        }
    }

    private static FileTime modified(Path p) throws Exception {
        return Files.getLastModifiedTime(p);
    }

    @Test
    void aSecondSyncOfUnchangedFoldersWritesNothingAndAChangedFolderIsStillStored() throws Exception {
        greenMail.setUser("dan@localhost", "dan", "pw");
        append("INBOX", 1, 2);
        for (int i = 1; i <= 12; i++) append("Proj" + i);
        append("Proj3", 1, 2, 3);
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), config())) {
            MailController c = ctx.controller();
            MailStore store = ctx.store();
            c.sync("gm", null, false).get();
            assertEquals(3, store.count("gm", "Proj3"));
            Path data = dir.resolve("data");
            Path file = data.resolve("store.db");
            FileTime storeBefore = modified(file);
            FileTime dirBefore = modified(data);
            Thread.sleep(50); // past the file system's clock tick: a write now shows in the times below
            List<SyncReport> again = c.sync("gm", null, false).get();
            assertEquals(13, again.size(), "every folder synced: " + again);
            assertEquals(storeBefore, modified(file), "the store file was written by a sync that found nothing changed");
            // A commit writes its journal beside the store and removes it: the directory's time would move.
            assertEquals(dirBefore, modified(data), "a commit's journal was made by a sync that found nothing changed");

            append("Proj7", 1);
            c.sync("gm", null, false).get();
            assertEquals(1, store.count("gm", "Proj7"), "a folder that changed is stored");
            assertNotEquals(storeBefore, modified(file), "and committed");
            assertEquals(1, store.folders("gm").stream().filter(f -> f.name().equals("Proj7")).findFirst().orElseThrow().total());
        }
        // Committed, not only held: a new process finds it.
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), config())) {
            assertEquals(1, ctx.store().count("gm", "Proj7"));
            assertEquals(2, ctx.store().count("gm", "INBOX"));
        }
    }
}
