package dev.postern.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.store.FolderState;
import dev.postern.store.MapDbStore;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A folder recreated under the same name (new UIDVALIDITY) by another client: postern drops every cached
 * UID of the old folder but keeps the bodies of the messages that are still there, matched by content,
 * and downloads only what it never had. Nothing is deleted on the server.
 */
@Tag("e2e")
class UidValidityIT {
    @RegisterExtension
    static final DovecotServer DOVECOT = new DovecotServer();

    @TempDir Path home;

    private Path config(int port) throws IOException {
        return PosternConfig.write(home.resolve("config-" + port + ".toml"), home.resolve("data"),
                PosternConfig.dovecot(DOVECOT, "e2e", "bob", port, 10));
    }

    private PosternProcess.Result postern(Path config, String... args) {
        return PosternProcess.withConfig(home, config, args)
                .timeout(Duration.ofMinutes(2))
                .run()
                .assertNoStackTrace();
    }

    private static Store otherClient() throws Exception {
        return DOVECOT.otherClient("bob");
    }

    private static String lf(String s) {
        return s.replace("\r\n", "\n");
    }

    @Test
    void aRecreatedFolderKeepsTheCachedBodiesOfMessagesStillThereAndNoStaleUids() throws Exception {
        DOVECOT.createFolder("bob", "Projects");
        // Seeds whose Date is in the past (SyntheticMail dates rise 47 minutes a seed from 2023): a Date more than a year
        // after the message arrived gives way to the arrival date, which a recreated folder changes.
        for (int i = 1; i <= 4; i++) DOVECOT.deliver("bob", "Projects", SyntheticMail.message(30_000 + i, "bob@postern.test"));
        Path online = config(DOVECOT.imapPort());
        PosternProcess.Result first = postern(online, "sync", "--folder", "Projects", "--json").assertExitCode(0);
        assertTrue(first.stdout().contains("\"total\":4,\"bodies_fetched\":4"), first.describe());
        long oldValidity;
        try (MapDbStore store = MapDbStore.open(home.resolve("data"))) {
            oldValidity = store.folderState("e2e", "Projects").orElseThrow().uidValidity();
            assertEquals(4, store.blobCount());
        }

        // The other client saves messages 1-3 exactly as the server holds them, deletes the folder, creates it
        // again and appends those three plus one new message: four UIDs under a new UIDVALIDITY.
        byte[][] kept = new byte[3][];
        try (Store other = otherClient()) {
            Folder f = other.getFolder("Projects");
            f.open(Folder.READ_ONLY);
            for (int i = 0; i < 3; i++) {
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                f.getMessage(i + 1).writeTo(out);
                kept[i] = out.toByteArray();
            }
            f.close(false);
            assertTrue(f.delete(false));
            Folder again = other.getFolder("Projects");
            assertTrue(again.create(Folder.HOLDS_MESSAGES));
            Message[] append = new Message[4];
            for (int i = 0; i < 3; i++) append[i] = new MimeMessage(null, new ByteArrayInputStream(kept[i]));
            append[3] = new MimeMessage(null, new ByteArrayInputStream(SyntheticMail.message(30_101, "bob@postern.test")));
            again.appendMessages(append);
            assertNotEquals(oldValidity, ((UIDFolder) again).getUIDValidity(), "Dovecot gives the new folder a new UIDVALIDITY");
        }

        PosternProcess.Result resync = postern(online, "sync", "--folder", "Projects", "--json").assertExitCode(0);
        assertTrue(resync.stdout().contains("\"total\":4,\"bodies_fetched\":1,"),
                "only the new message is downloaded; the three kept bodies were matched: " + resync.describe());

        long newValidity;
        try (MapDbStore store = MapDbStore.open(home.resolve("data"))) {
            FolderState st = store.folderState("e2e", "Projects").orElseThrow();
            newValidity = st.uidValidity();
            assertNotEquals(oldValidity, newValidity);
            assertTrue(store.uids("e2e", "Projects", oldValidity).isEmpty(), "no UID of the old folder is left");
            assertEquals(java.util.List.of(1L, 2L, 3L, 4L), java.util.List.copyOf(store.uids("e2e", "Projects", newValidity)));
            // Message 4 of the old folder is gone: its body lost its last reference; the new message's was added.
            assertEquals(4, store.blobCount());
            assertEquals(java.util.List.of(), store.verify(), "reference counts agree with the envelopes");
        }

        // Offline (nothing listens on the port): the re-attached bodies are read from the store.
        int closed;
        closed = dev.postern.ClosedPort.take();
        Path offline = config(closed);
        for (int i = 0; i < 3; i++) {
            String raw = postern(offline, "read", "Projects", Long.toString(i + 1), "--raw", "--force", "--preview")
                    .assertExitCode(0).stdout();
            assertEquals(lf(new String(kept[i], StandardCharsets.UTF_8)), lf(raw), "UID " + (i + 1));
        }

        try (Store other = otherClient()) {
            Folder f = other.getFolder("Projects");
            f.open(Folder.READ_ONLY);
            assertEquals(4, f.getMessageCount(), "nothing deleted on the server");
            f.close(false);
        }
    }

    /**
     * Messages kept locally only (retention where = "server" deleted their server copy) are the one copy
     * left: a recreated folder on Dovecot does not void them. They stay listed, marked and readable.
     */
    @Test
    void localOnlyCopiesStayListedWhenTheFolderIsRecreated() throws Exception {
        DovecotServer.Seeded seeded = DOVECOT.seedBulk("alice", "Kept", 12);
        int expected = 0;
        for (long n = seeded.first(); n <= seeded.last(); n++) if (SyntheticMail.seen(n) && !SyntheticMail.flagged(n)) expected++;
        assertTrue(expected > 0 && expected < 12, "the seed mixes read, unread and flagged mail: " + expected);
        Path cfg = home.resolve("kept.toml");
        PosternConfig.write(cfg, home.resolve("data-alice"), PosternConfig.dovecot(DOVECOT, "alice", 10),
                "[[retention]]\nname = \"archive\"\naccount = \"e2e\"\nfolders = [\"Kept\"]\nolder_than_days = 365\n"
                + "where = \"server\"\nmax_share_percent = 100\n");
        postern(cfg, "sync", "--folder", "Kept").assertExitCode(0);
        PosternProcess.Result retention = postern(cfg, "retention").assertExitCode(0);
        assertTrue(retention.stdout().contains(expected + " messages deleted"), retention.describe());

        try (Store other = DOVECOT.otherClient("alice")) {
            Folder f = other.getFolder("Kept");
            assertTrue(f.delete(true));
            Folder again = other.getFolder("Kept");
            assertTrue(again.create(Folder.HOLDS_MESSAGES));
            again.appendMessages(new Message[] {
                    new MimeMessage(null, new ByteArrayInputStream(SyntheticMail.message(960_001, "alice@postern.test")))});
        }

        postern(cfg, "sync", "--folder", "Kept").assertExitCode(0);
        List<String> rows = postern(cfg, "list", "Kept", "--cached", "--json", "--limit", "100").assertExitCode(0)
                .stdout().lines().toList();
        assertEquals(1 + expected, rows.size(), "the new server message and every local-only copy: " + rows);
        List<String> local = rows.stream().filter(r -> r.contains("\"local_only\":true")).toList();
        assertEquals(expected, local.size(), rows.toString());
        String uid = local.get(0).replaceAll(".*\"uid\":(\\d+),.*", "$1");
        assertTrue(Long.parseLong(uid) > 0xFFFF_FFFFL, uid);
        String messageId = local.get(0).replaceAll(".*\"message_id\":\"([^\"]+)\".*", "$1");
        PosternProcess.Result read = postern(cfg, "read", "Kept", uid, "--raw", "--force", "--preview").assertExitCode(0);
        assertTrue(read.stdout().contains(messageId), read.describe());
    }
}
