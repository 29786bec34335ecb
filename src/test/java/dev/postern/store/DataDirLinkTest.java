package dev.postern.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.postern.model.PosternException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data directory that is a symbolic link leading nowhere (its target missing, a loop) is named with its target: the
 * sentence repeated the path and advised on its parent, which exists and is writable (hunt 34-C, C11).
 */
class DataDirLinkTest {
    @TempDir Path dir;

    @Test
    void aDanglingOrLoopingLinkIsNamedWithItsTarget() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("link"), dir.resolve("nonexistent"));
        PosternException e = assertThrows(PosternException.class, () -> StoreFiles.createPrivateDirectory(link));
        assertEquals(74, e.exitCode().code());
        assertEquals("cannot create the data directory " + link + ": " + link + " is a symbolic link to " + dir.resolve("nonexistent")
                + ", which does not exist; create it, or point data_dir elsewhere", e.getMessage());

        Path a = Files.createSymbolicLink(dir.resolve("a"), Path.of("b"));
        Files.createSymbolicLink(dir.resolve("b"), Path.of("a"));
        e = assertThrows(PosternException.class, () -> StoreFiles.createPrivateDirectory(a.resolve("postern")));
        assertEquals("cannot create the data directory " + a.resolve("postern") + ": " + a + " is a symbolic link to b, which leads"
                + " to no file (a loop of links, or one that leads nowhere); create it, or point data_dir elsewhere", e.getMessage());
    }

    /** A data_dir naming a file is the config's mistake (78), said so: it was "cannot create ... (PATH); check that its parent exists" (74, hunt 42-H, H7). */
    @Test
    void aFileWhereTheDataDirectoryShouldBeIsTheConfigsMistake() throws Exception {
        Path file = Files.writeString(dir.resolve("mail"), "not a directory");
        PosternException e = assertThrows(PosternException.class, () -> StoreFiles.createPrivateDirectory(file));
        assertEquals(78, e.exitCode().code());
        assertEquals("the data directory " + file + " is a file, not a directory; point data_dir at a directory (or move the"
                + " file away)", e.getMessage());
    }
}
