package dev.postern.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sync_folders}: read in order, absent means "subscribed", and every mistake is one sentence (78). */
class SyncFoldersConfigTest {
    @TempDir Path dir;

    private Config load(String extra, String protocol) throws IOException {
        Path p = dir.resolve("config.toml");
        Files.writeString(p, "[accounts.work]\nprotocol = \"" + protocol + "\"\nhost = \"mail.example.org\"\nuser = \"alice\"\n"
                + "password_command = \"pass show mail\"\n" + extra);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        return new ConfigLoader(Map.of("HOME", "/home/u")).load(p);
    }

    private String fails(String extra, String protocol) {
        PosternException e = assertThrows(PosternException.class, () -> load(extra, protocol));
        assertEquals(ExitCode.CONFIG, e.exitCode());
        return e.getMessage();
    }

    @Test
    void absentMeansSubscribedAndPatternsKeepTheirOrder() throws IOException {
        assertEquals(List.of(), load("", "imap").accounts().get(0).imap().syncFolders());
        assertEquals(List.of("*", "!Spam", "Spam/keep"),
                load("sync_folders = [\"*\", \"!Spam\", \"Spam/keep\"]\n", "imap").accounts().get(0).imap().syncFolders());
    }

    @Test
    void mistakesNameTheKey() {
        assertTrue(fails("sync_folders = \"*\"\n", "imap").contains("sync_folders must be a non-empty list"));
        assertTrue(fails("sync_folders = []\n", "imap").contains("non-empty"));
        assertTrue(fails("sync_folders = [\"*\", 3]\n", "imap").contains("which is not a folder pattern"));
        assertTrue(fails("sync_folders = [\"!\"]\n", "imap").contains("an empty pattern"));
        assertTrue(fails("sync_folders = [\"*\"]\n", "pop3").contains("sync_folders is an IMAP setting"));
    }
}
