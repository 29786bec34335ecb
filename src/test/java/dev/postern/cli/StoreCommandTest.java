package dev.postern.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.Envelope;
import dev.postern.model.Flags;
import dev.postern.model.MessageRef;
import dev.postern.store.MapDbStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.Serializer;

class StoreCommandTest {
    @TempDir Path dir;

    private Path config() throws Exception {
        return CliRun.writeConfig(dir.resolve("config.toml"), dir.resolve("data"),
                CliRun.account("work", "imap", 1, "alice", "secret"));
    }

    private String seed() {
        byte[] body = "Subject: hi\r\n\r\nhello hello hello hello hello hello\r\n".getBytes(UTF_8);
        try (MapDbStore s = MapDbStore.open(dir.resolve("data"))) {
            String hash = null;
            for (String folder : List.of("INBOX", "Archive")) {
                MessageRef r = new MessageRef("work", folder, 1, 1);
                s.putEnvelopes(List.of(new Envelope(r, "<a@x>", Instant.EPOCH, "a@x", null, null, "hi", body.length,
                        Flags.NONE, null, null, null)));
                hash = s.attachBody(r, body);
            }
            s.commit();
            return hash;
        }
    }

    /** hunt37-J J18: a -a naming no account passed `store` with exit 0; every other command says it is a slip (64). */
    @Test
    void anAccountThatIsNotThereIsASlipHereToo() throws Exception {
        Path cfg = config();
        for (String sub : new String[] {"verify", "stats"}) {
            CliRun.Result r = CliRun.run(dir, cfg, "store", sub, "-a", "nosuch");
            assertEquals(64, r.code(), sub + ": " + r.out() + r.err());
            assertTrue(r.err().contains("there is no account 'nosuch'"), r.err());
        }
        assertEquals(0, CliRun.run(dir, cfg, "store", "stats", "-a", "work").code());
    }

    @Test
    void verifyChecksTheSearchIndexAndReindexRebuildsIt() throws Exception {
        Path cfg = config();
        seed(); // written without the index: it is behind the store
        CliRun.Result behind = CliRun.run(dir, cfg, "store", "verify");
        assertEquals(0, behind.code(), behind.err());
        assertTrue(behind.out().contains("search index is behind the store: 2 messages, 0 indexed, 2 missing"), behind.out());

        CliRun.Result reindex = CliRun.run(dir, cfg, "store", "reindex");
        assertEquals(0, reindex.code(), reindex.err());
        assertTrue(reindex.out().startsWith("search index rebuilt: 2 messages"), reindex.out());

        CliRun.Result agrees = CliRun.run(dir, cfg, "store", "verify", "--json");
        assertEquals(0, agrees.code(), agrees.err());
        assertTrue(agrees.out().contains("{\"search_index\":\"agrees\",\"messages\":2,\"indexed\":2,\"missing\":0"), agrees.out());
    }

    /**
     * An index an older postern made (format 2, before c585fd5f's 3) is what an upgrade leaves: verify says so in words
     * and exits 0, as for an index only behind (hunt35-B B3: it exited 65 showing "java.io.IOException"); an index that
     * truly does not open is still damage (65).
     */
    @Test
    void anIndexOfAnOlderPosternIsNoDamageButOneThatDoesNotOpenIs() throws Exception {
        Path cfg = config();
        seed();
        assertEquals(0, CliRun.run(dir, cfg, "store", "reindex").code());
        Path index = dir.resolve("data").resolve(dev.postern.index.MailIndex.DIR);
        try (var d = org.apache.lucene.store.FSDirectory.open(index);
             var w = new org.apache.lucene.index.IndexWriter(d, new org.apache.lucene.index.IndexWriterConfig())) {
            java.util.Map<String, String> data = new java.util.HashMap<>(org.apache.lucene.index.SegmentInfos.readLatestCommit(d).getUserData());
            data.put("postern.format", "2");
            w.setLiveCommitData(data.entrySet());
            w.commit();
        }
        CliRun.Result older = CliRun.run(dir, cfg, "store", "verify");
        assertEquals(0, older.code(), older.out() + older.err());
        assertTrue(older.out().contains("the search index was made by an older postern (as an upgrade leaves it; nothing is"
                + " damaged): the reader or `postern daemon` rebuilds it by itself as it starts, as does the next local search"), older.out());
        assertTrue(!older.out().contains("Exception") && !older.out().contains("does not open"), older.out());
        CliRun.Result json = CliRun.run(dir, cfg, "store", "verify", "--json");
        assertEquals(0, json.code(), json.err());
        assertTrue(json.out().contains("{\"search_index\":\"older_postern\""), json.out());

        try (var files = java.nio.file.Files.list(index)) {
            for (Path f : files.toList()) {
                if (!f.getFileName().toString().equals("write.lock")) java.nio.file.Files.write(f, new byte[] {1, 2, 3});
            }
        }
        CliRun.Result damaged = CliRun.run(dir, cfg, "store", "verify");
        assertEquals(65, damaged.code(), damaged.out() + damaged.err());
        assertTrue(damaged.out().contains("the search index does not open ("), damaged.out());
    }

    @Test
    void statsVerifyAndCompactFromTheCommandLine() throws Exception {
        Path cfg = config();
        String hash = seed();
        CliRun.Result stats = CliRun.run(dir, cfg, "store", "stats", "--json");
        assertEquals(0, stats.code(), stats.err());
        assertTrue(stats.out().contains("\"messages\":2,\"messages_with_body\":2,\"blobs\":1"), stats.out());
        assertTrue(stats.out().contains("\"dedup_ratio\":2.0"), stats.out());
        CliRun.Result human = CliRun.run(dir, cfg, "store", "stats");
        assertTrue(human.out().contains("distinct bodies   1"), human.out());

        CliRun.Result ok = CliRun.run(dir, cfg, "store", "verify");
        assertEquals(0, ok.code(), ok.err());
        assertTrue(ok.out().contains("all 1 bodies intact and every envelope readable"), ok.out());

        CliRun.Result compact = CliRun.run(dir, cfg, "store", "compact");
        assertEquals(0, compact.code(), compact.err());
        assertTrue(compact.out().startsWith("store compacted: "), compact.out());

        try (DB db = DBMaker.fileDB(dir.resolve("data/store.db").toFile()).transactionEnable().make()) {
            db.treeMap("blobs", Serializer.STRING, Serializer.BYTE_ARRAY).valuesOutsideNodesEnable().open()
                    .put(hash, new byte[] {9, 9, 9});
            db.commit();
        }
        CliRun.Result bad = CliRun.run(dir, cfg, "store", "verify");
        assertEquals(65, bad.code(), bad.out() + bad.err());
        assertTrue(bad.out().contains("damaged body " + hash), bad.out());
        assertTrue(bad.out().contains("work Archive uid 1") && bad.out().contains("work INBOX uid 1"), bad.out());
        // A plain sync mends only the folders it syncs: the advice names each folder's own command.
        assertTrue(bad.out().contains("`postern sync -a work --folder Archive`, `postern sync -a work --folder INBOX`"
                + " (a POP3 account: `postern fetch`) fetches the damaged bodies listed above again"), bad.out());
    }
}
