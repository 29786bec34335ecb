package dev.postern.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.backend.imap.ImapSessionProperties;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The IMAP keys {@code compress} and {@code poll_seconds}: defaults, values, mistakes, and what reaches Angus. */
class ImapOptionsConfigTest {
    @TempDir Path dir;

    private Config load(String extra, String protocol) throws IOException {
        Path p = dir.resolve("config.toml");
        Files.writeString(p, "[accounts.work]\nprotocol = \"" + protocol + "\"\nhost = \"mail.example.org\"\nuser = \"alice\"\n"
                + "password_command = \"pass show mail\"\n" + extra);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        return new ConfigLoader(Map.of("HOME", "/home/u")).load(p);
    }

    private PosternException fails(String extra, String protocol) {
        PosternException e = assertThrows(PosternException.class, () -> load(extra, protocol));
        assertEquals(ExitCode.CONFIG, e.exitCode());
        return e;
    }

    @Test
    void compressIsOnAndPushUsesIdleByDefault() throws IOException {
        AccountConfig a = load("", "imap").accounts().get(0);
        assertTrue(a.imap().compress());
        assertTrue(a.imap().idle());
        assertEquals(ImapOptions.DEFAULT_POLL_SECONDS, a.imap().pollInterval());
        Properties props = ImapSessionProperties.of(a);
        assertEquals("true", props.getProperty("mail.imaps.compress.enable"));
    }

    @Test
    void compressFalseAndPollSecondsAreRead() throws IOException {
        AccountConfig a = load("compress = false\npoll_seconds = 5\n", "imap").accounts().get(0);
        assertFalse(a.imap().compress());
        assertFalse(a.imap().idle(), "poll_seconds asks for polling instead of IDLE");
        assertEquals(5, a.imap().pollInterval());
        assertEquals("false", ImapSessionProperties.of(a).getProperty("mail.imaps.compress.enable"));
    }

    @Test
    void trashIsUnsetByDefaultAndReadWhenGiven() throws IOException {
        assertEquals(null, load("", "imap").accounts().get(0).imap().trash(), "default: the server's \\Trash, else Trash");
        assertEquals("Bin", load("trash = \"Bin\"\n", "imap").accounts().get(0).imap().trash());
        assertEquals("Archive/Deleted", load("trash = \" Archive/Deleted \"\n", "imap").accounts().get(0).imap().trash());
    }

    /** drafts_folder (hunt29 I4): where postponed messages go and recall looks; unset, the server's or a found one. */
    @Test
    void draftsFolderIsUnsetByDefaultAndReadWhenGiven() throws IOException {
        assertEquals(null, load("", "imap").accounts().get(0).imap().drafts());
        assertEquals("INBOX.Drafts", load("drafts_folder = \"INBOX.Drafts\"\n", "imap").accounts().get(0).imap().drafts());
        assertTrue(fails("drafts_folder = \"\"\n", "imap").getMessage().contains("drafts_folder is empty"));
        assertTrue(fails("drafts_folder = \"D\"\n", "pop3").getMessage().contains("drafts_folder is an IMAP setting"));
    }

    @Test
    void badTrashValuesAreOneSentenceEach() {
        assertTrue(fails("trash = \"\"\n", "imap").getMessage().contains("trash is empty"));
        assertTrue(fails("trash = 3\n", "imap").getMessage().contains("trash must be a string"));
        assertTrue(fails("trash = \"Bin\"\n", "pop3").getMessage().contains("trash is an IMAP setting"));
    }

    @Test
    void badValuesAreOneSentenceEach() throws IOException {
        assertTrue(fails("compress = \"yes\"\n", "imap").getMessage().contains("compress"));
        assertTrue(fails("poll_seconds = 0\n", "imap").getMessage().contains("poll_seconds"));
        assertTrue(fails("compress = false\n", "pop3").getMessage().contains("IMAP setting"));
        // poll_seconds is POP3's too: how often the reader checks the maildrop (hunt32-V F1).
        assertEquals(90, load("poll_seconds = 90\n", "pop3").accounts().get(0).imap().pollSeconds());
    }
}
