package dev.postern.controller;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.app.AppContext;
import dev.postern.model.ExitCode;
import dev.postern.model.MessageRef;
import dev.postern.model.PosternException;
import dev.postern.store.MailStore;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.Serializer;

/**
 * F8 of hunt 27: a body damaged on disk is mended the ways postern says. Opening the message fetches it again from
 * the server in place of the damaged copy (and says so once); `store verify` records the damaged ones and the next
 * sync of their folder fetches them; one the server no longer has, or kept only here, is one sentence (65) naming
 * what is left.
 */
class DamagedBodyRefetchGreenMailTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;

    private Path config() throws Exception {
        return DanAtGreenMail.config(dir, greenMail, "");
    }

    private static byte[] message(int n) {
        return ("From: s" + n + "@example.org\r\nTo: dan@localhost\r\nSubject: note " + n + "\r\nMessage-ID: <note-" + n
                + "@example.org>\r\nDate: Sun, 1 Mar 2026 10:0" + n + ":00 +0000\r\n\r\n" + ("body " + n + " line\r\n").repeat(50))
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static Store other() throws Exception {
        return DanAtGreenMail.other(greenMail);
    }

    /** Flips bytes in the stored (compressed) copies of these bodies, as damage on disk would, with postern closed. */
    private void damage(List<String> hashes) {
        try (DB db = DBMaker.fileDB(dir.resolve("data/store.db").toFile()).transactionEnable().make()) {
            var blobs = db.treeMap("blobs", Serializer.STRING, Serializer.BYTE_ARRAY).valuesOutsideNodesEnable().open();
            for (String hash : hashes) {
                byte[] packed = blobs.get(hash);
                packed[packed.length / 2] ^= 0x55;
                blobs.put(hash, packed);
            }
            db.commit();
        }
    }

    private static PosternException failure(java.util.concurrent.Future<?> f) {
        ExecutionException e = assertThrows(ExecutionException.class, f::get);
        return assertInstanceOf(PosternException.class, e.getCause());
    }

    @Test
    void damagedBodiesAreFetchedAgainByReadingOrBySyncAndOnesTheServerLacksAreSaidLost() throws Exception {
        greenMail.setUser("dan@localhost", "dan", "pw");
        try (Store s = other()) {
            Folder f = s.getFolder("Notes");
            f.create(Folder.HOLDS_MESSAGES);
            Message[] m = new Message[5];
            for (int i = 0; i < 5; i++) m[i] = new MimeMessage(null, new ByteArrayInputStream(message(i + 1)));
            f.appendMessages(m);
        }
        MessageRef[] refs = new MessageRef[5];
        String[] hashes = new String[5];
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), config())) {
            ctx.controller().sync("gm", "Notes", false).get();
            MailStore store = ctx.store();
            long v = store.folderState("gm", "Notes").orElseThrow().uidValidity();
            List<Long> uids = List.copyOf(store.uids("gm", "Notes", v));
            for (int i = 0; i < 5; i++) {
                refs[i] = new MessageRef("gm", "Notes", v, uids.get(i));
                hashes[i] = store.envelope(refs[i]).orElseThrow().bodyHash();
            }
            store.detach(List.of(refs[4])); // as retention with where = "server" leaves it: kept only here
            store.commit();
        }
        damage(List.of(hashes));
        try (Store s = other()) { // message 4 goes from the server; so does 5, as retention's expunge takes it after its mark
            Folder f = s.getFolder("Notes");
            f.open(Folder.READ_WRITE);
            f.getMessage(4).setFlag(Flags.Flag.DELETED, true);
            f.getMessage(5).setFlag(Flags.Flag.DELETED, true);
            f.close(true);
        }
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), config())) {
            MailController c = ctx.controller();
            MailStore store = ctx.store();
            List<Event.BodyRefetched> said = new CopyOnWriteArrayList<>();
            c.subscribe(e -> {
                if (e instanceof Event.BodyRefetched r) said.add(r);
            });

            // Opening it fetches it again, stores it in place of the damaged copy, and says so once.
            assertTrue(c.read(refs[0]).get().body().contains("body 1 line"));
            assertArrayEquals(message(1), store.body(refs[0]).orElseThrow());
            assertEquals(1, said.size(), said.toString());
            assertTrue(said.get(0).message().contains("was damaged; it was fetched again from the server"), said.get(0).message());
            assertArrayEquals(message(1), c.raw(refs[0]).get(), "read from the store now");
            assertEquals(1, said.size());

            // Message 4 is no longer on the server: one sentence, 65, saying what is left.
            PosternException gone = failure(c.read(refs[3]));
            assertEquals(ExitCode.DATAERR, gone.exitCode());
            assertTrue(gone.getMessage().contains("the server no longer has the message")
                    && gone.getMessage().contains("only its headers are left"), gone.getMessage());

            // verify lists the others; the sync it advises fetches those the server still has.
            StoreUpkeep.Check check = c.verifyStore().get();
            assertEquals(4, check.damage().size(), check.damage().toString());
            String verdict = new dev.postern.command.StoreCommand.Verified(check).lines().stream()
                    .filter(l -> l.contains("problems")).findFirst().orElseThrow();
            assertTrue(verdict.contains("`postern sync -a gm --folder Notes`") && verdict.contains("kept only here cannot be fetched again"), verdict);
            c.sync("gm", "Notes", false).get();
            assertArrayEquals(message(2), store.body(refs[1]).orElseThrow());
            assertArrayEquals(message(3), store.body(refs[2]).orElseThrow());

            assertTrue(store.envelope(refs[3]).isEmpty(), "expunged on the server, dropped by the sync");
            // Message 5 is kept only here: one sentence, 65, saying what is left.
            PosternException lost = failure(c.read(refs[4]));
            assertEquals(ExitCode.DATAERR, lost.exitCode());
            assertTrue(lost.getMessage().contains("kept only here") && lost.getMessage().contains("only its headers are left"),
                    lost.getMessage());
            check = c.verifyStore().get();
            assertEquals(1, check.damage().size(), "only the body kept only here is still damaged: " + check.damage());
        }
    }
}
