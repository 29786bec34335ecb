package dev.postern.store;

import static dev.postern.store.TestEnvelopes.envelope;
import static dev.postern.store.TestEnvelopes.ref;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.ExitCode;
import dev.postern.model.MessageRef;
import dev.postern.model.PosternException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.Serializer;

/**
 * F9 of hunt 27: a damaged B-tree node (the table of bodies, as random bytes left it) is listed by verify per table in
 * a user's words, and compaction says the store is damaged (65) instead of failing as an internal error (70); neither
 * shows MapDB's text or a Java exception's name.
 */
class StoreNodeDamageTest {
    @TempDir Path dir;

    /** A store of a few messages whose body table's node is then overwritten. */
    private void storeWithADamagedBodyNode() throws Exception {
        List<String> hashes = new ArrayList<>();
        try (MapDbStore store = MapDbStore.open(dir)) {
            for (int i = 1; i <= 100; i++) { // more than one node's worth: the root is a directory over leaves
                MessageRef r = ref("work", "INBOX", 1, i);
                store.putEnvelopes(List.of(envelope(r, null, false)));
                hashes.add(store.attachBody(r, StoreMaintenanceTest.message(i)));
            }
            store.commit();
        }
        // A leaf of the table overwritten with bytes that do not decode, as random bytes on disk leave it.
        try (DB db = DBMaker.fileDB(dir.resolve(MapDbStore.FILE_NAME).toFile()).transactionEnable().make()) {
            BTreeMap<String, byte[]> blobs = db.treeMap("blobs", Serializer.STRING, Serializer.BYTE_ARRAY).valuesOutsideNodesEnable().open();
            long root = db.getStore().get(blobs.getRootRecidRecid(), Serializer.RECID);
            java.lang.reflect.Method getNode = BTreeMap.class.getDeclaredMethod("getNode", long.class);
            getNode.setAccessible(true);
            long[] children = ((org.mapdb.BTreeMapJava.Node) getNode.invoke(blobs, root)).getChildren();
            assertTrue(children.length > 2, "a directory node over leaves");
            long leaf = children[1];
            byte[] garbage = new byte[48];
            java.util.Arrays.fill(garbage, (byte) 0xFF);
            garbage[0] = 2; // a leaf's flags, then counts and lengths that run off the record
            db.getStore().update(leaf, garbage, Serializer.BYTE_ARRAY_NOSIZE);
            db.commit();
        }
    }

    private static void saysNoJava(String sentence) {
        assertFalse(sentence.contains("Exception") || sentence.contains("MapDB") || sentence.contains("out of bounds"), sentence);
    }

    @Test
    void verifyNamesTheTableItCannotListAndCompactSaysTheStoreIsDamaged() throws Exception {
        storeWithADamagedBodyNode();
        try (MapDbStore store = MapDbStore.open(dir)) {
            List<BlobDamage> found = store.verify();
            assertTrue(found.stream().anyMatch(d -> d.problem().equals("the store's table of message bodies is damaged beyond listing")),
                    found.toString());
            found.forEach(d -> saysNoJava(d.problem()));
            assertEquals(1, found.size(), "the other tables read: " + found);
        }
        PosternException e = assertThrows(PosternException.class, () -> MapDbStore.compact(dir));
        assertEquals(ExitCode.DATAERR, e.exitCode());
        assertTrue(e.getMessage().contains(" of message bodies does not read to its end), so it cannot be compacted"), e.getMessage());
        assertTrue(e.getMessage().contains("`postern store verify` lists the damage"), e.getMessage());
        saysNoJava(e.getMessage());
    }
}
