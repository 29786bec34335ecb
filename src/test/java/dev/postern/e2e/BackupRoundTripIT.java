package dev.postern.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.Folder;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backup and restore against a real Dovecot: alice's mail exported from the store, imported into bob's
 * empty account, exported again: the same messages with the same flags and dates. Dovecot itself reads
 * the exported Maildir.
 */
@Tag("e2e")
class BackupRoundTripIT {
    static final int COUNT = 60;

    @RegisterExtension
    static final DovecotServer DOVECOT = new DovecotServer();

    @TempDir Path home;

    private Path config() throws IOException {
        return PosternConfig.write(home.resolve("config.toml"), home.resolve("data"),
                PosternConfig.dovecot(DOVECOT, "alice", "alice", DOVECOT.imapPort(), 30),
                PosternConfig.dovecot(DOVECOT, "bob", "bob", DOVECOT.imapPort(), 30));
    }

    private PosternProcess.Result postern(Path config, String... args) {
        return PosternProcess.withConfig(home, config, args)
                .timeout(Duration.ofMinutes(2))
                .run()
                .assertNoStackTrace();
    }

    /** Each exported Maildir file as "flags mtime sha" plus its bytes; the UID in the name is the server's business. */
    private static List<String> maildirContent(Path maildir) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(maildir.resolve("cur"))) {
            for (Path f : files.toList()) {
                String n = f.getFileName().toString();
                out.add(n.substring(n.indexOf(":2,")) + " " + Files.getLastModifiedTime(f).toMillis() + " "
                        + Base64.getEncoder().encodeToString(Files.readAllBytes(f)));
            }
        }
        out.sort(null);
        return out;
    }

    private int countViaImap(String user, String folder) throws Exception {
        Properties props = new Properties();
        Store store = Session.getInstance(props).getStore("imap");
        store.connect("127.0.0.1", DOVECOT.imapPort(), user, DOVECOT.user(user));
        try {
            Folder f = store.getFolder(folder);
            return f.getMessageCount();
        } finally {
            store.close();
        }
    }

    @Test
    void exportImportIntoAnEmptyAccountAndExportAgainGivesTheSameMessages() throws Exception {
        DovecotServer.Seeded seeded = DOVECOT.seedBulk("alice", "INBOX", COUNT);
        Path cfg = config();
        postern(cfg, "-a", "alice", "sync").assertExitCode(0);

        Path first = home.resolve("export1");
        PosternProcess.Result ex = postern(cfg, "-a", "alice", "export", "INBOX", "--format", "maildir", "--out", first.toString());
        ex.assertExitCode(0);
        assertTrue(ex.stdout().contains("INBOX: " + COUNT + " written"), ex.stdout());
        postern(cfg, "-a", "alice", "export", "INBOX", "--format", "mbox", "--out", first.toString()).assertExitCode(0);

        PosternProcess.Result imp = postern(cfg, "-a", "bob", "import", first.resolve("INBOX").toString(), "--to", "INBOX");
        imp.assertExitCode(0);
        assertTrue(imp.stdout().contains("INBOX: " + COUNT + " appended, 0 already there, 0 skipped (maildir)"), imp.stdout());
        PosternProcess.Result again = postern(cfg, "-a", "bob", "import", first.resolve("INBOX").toString(), "--to", "INBOX");
        assertTrue(again.stdout().contains("INBOX: 0 appended, " + COUNT + " already there"), again.stdout());
        PosternProcess.Result mboxImp = postern(cfg, "-a", "bob", "import", first.resolve("INBOX.mbox").toString(), "--to", "FromMbox");
        assertTrue(mboxImp.stdout().contains("FromMbox: " + COUNT + " appended"), mboxImp.stdout());

        postern(cfg, "-a", "bob", "sync").assertExitCode(0);
        Path second = home.resolve("export2");
        postern(cfg, "-a", "bob", "export", "INBOX", "--format", "maildir", "--out", second.toString()).assertExitCode(0);
        postern(cfg, "-a", "bob", "export", "FromMbox", "--format", "mbox", "--out", second.toString()).assertExitCode(0);

        List<String> before = maildirContent(first.resolve("INBOX"));
        assertEquals(COUNT, before.size());
        assertEquals(seeded.flagged(), before.stream().filter(s -> s.startsWith(":2,F")).count());
        assertEquals(before, maildirContent(second.resolve("INBOX")));
        assertArrayEquals(Files.readAllBytes(first.resolve("INBOX.mbox")), Files.readAllBytes(second.resolve("FromMbox.mbox")));

        // Dovecot reads the exported Maildir as its own.
        DOVECOT.createFolder("bob", "Restored");
        Path restored = DOVECOT.maildir("bob", "Restored");
        Files.createDirectories(restored.resolve("cur"));
        try (Stream<Path> files = Files.list(first.resolve("INBOX/cur"))) {
            for (Path f : files.toList()) Files.copy(f, restored.resolve("cur").resolve(f.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
        }
        DOVECOT.seedBulk("bob", "Restored", 0); // hands the files to Dovecot's user
        assertEquals(COUNT, countViaImap("bob", "Restored"));
    }
}
