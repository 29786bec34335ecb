package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.Folder;
import dev.postern.store.MapDbStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FoldersJsonOrderTest {
    @TempDir Path dir;

    /** Hunt 37-J, J20: a folder's attributes came in a hash set's order, different from run to run; sorted now. */
    @Test
    void folderAttributesComeSorted() throws Exception {
        Path cfg = dir.resolve("config.toml");
        CliRun.writeConfig(cfg, dir.resolve("data"), CliRun.account("work", "imap", 1, "alice", "secret"), "");
        try (MapDbStore s = MapDbStore.open(dir.resolve("data"))) {
            s.putFolder(new Folder("work", "Sent", '/', 0, 0, new java.util.HashSet<>(List.of("\\UnMarked", "\\Sent", "\\HasNoChildren", "\\Archive"))));
            s.commit();
        }
        CliRun.Result r = CliRun.run(dir, cfg, "folders", "--cached", "--json");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\"attributes\":[\"\\\\Archive\",\"\\\\HasNoChildren\",\"\\\\Sent\",\"\\\\UnMarked\"]"), r.out());
    }
}
