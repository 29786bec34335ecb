package dev.postern.store;

import dev.postern.model.MessageRef;
import dev.postern.model.PosternException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A second JVM for the durability tests: the file lock and crash recovery are about processes, and one
 * JVM cannot stand in for two.
 */
public final class StoreProcess {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        switch (args[0]) {
            case "hold", "hold-as-sync", "hold-as-reader" -> {
                if (args[0].equals("hold-as-sync")) StoreHolder.describe("postern sync");
                if (args[0].equals("hold-as-reader")) StoreHolder.describe("the reader");
                try (MapDbStore store = MapDbStore.open(dir)) {
                    System.out.println("READY " + store.file());
                    System.out.flush();
                    while (System.in.read() != -1) { /* hold the store until the parent closes stdin */ }
                }
            }
            case "crash" -> {
                MapDbStore store = MapDbStore.open(dir);
                store.putEnvelopes(List.of(TestEnvelopes.envelope(new MessageRef("a", "INBOX", 1, 1), Instant.EPOCH, false)));
                store.commit();
                store.putEnvelopes(List.of(TestEnvelopes.envelope(new MessageRef("a", "INBOX", 1, 2), Instant.EPOCH, false)));
                store.attachBody(new MessageRef("a", "INBOX", 1, 1), "uncommitted body\r\n".getBytes());
                System.out.println("WRITTEN");
                System.out.flush();
                Runtime.getRuntime().halt(3); // no close, no shutdown hooks: as close to pulling the plug as a JVM gets
            }
            case "open" -> {
                try (MapDbStore store = MapDbStore.open(dir)) {
                    System.out.println("OPENED " + store.file());
                } catch (PosternException e) {
                    System.out.println(e.exitCode() + " " + e.getMessage());
                }
            }
            case "churn" -> {
                // What fetch and sync do to the store, as fast as it goes: one message (envelope, body of
                // 1-33 KiB, a ledger entry) per commit, with a larger batch of envelopes now and then; prints
                // each committed uid, so the parent knows what must survive a kill.
                java.util.Random random = new java.util.Random(Long.parseLong(args[2]));
                try (MapDbStore store = MapDbStore.open(dir)) {
                    long uid = store.count("a", "INBOX");
                    System.out.println("READY " + uid);
                    System.out.flush();
                    for (;;) {
                        uid++;
                        MessageRef ref = new MessageRef("a", "INBOX", 1, uid);
                        store.putEnvelopes(List.of(TestEnvelopes.envelope(ref, Instant.ofEpochSecond(uid), false)));
                        byte[] body = new byte[1024 + random.nextInt(32 * 1024)];
                        random.nextBytes(body);
                        store.attachBody(ref, body);
                        store.putUidl("a", "uidl-" + uid, new UidlEntry(uid, uid * 1000, body.length, 0));
                        if (random.nextInt(10) == 0) {
                            List<dev.postern.model.Envelope> batch = new java.util.ArrayList<>();
                            for (int i = 0; i < 300; i++) {
                                batch.add(TestEnvelopes.envelope(new MessageRef("a", "Archive", 1, uid * 1000 + i),
                                        Instant.ofEpochSecond(uid), true));
                            }
                            store.putEnvelopes(batch);
                        }
                        store.commit();
                        System.out.println("COMMITTED " + uid);
                        System.out.flush();
                    }
                }
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }
}
