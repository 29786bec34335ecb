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
            case "hold" -> {
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
            default -> throw new IllegalArgumentException(args[0]);
        }
    }
}
