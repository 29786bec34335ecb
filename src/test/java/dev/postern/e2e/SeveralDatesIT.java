package dev.postern.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hunt 32-U F4 against Dovecot: a message with several Date fields was listed and sorted by the last (Dovecot's ENVELOPE
 * takes the last, as Cyrus's does and mutt's index) and read with the first. The last counts in `read` too.
 */
@Tag("e2e")
class SeveralDatesIT {
    @RegisterExtension
    static final DovecotServer DOVECOT = new DovecotServer();

    @TempDir Path home;

    @Test
    void listAndReadSayTheSameDate() throws Exception {
        DOVECOT.deliver("bob", "INBOX", ("From: Carol <carol@example.org>\r\nTo: bob@postern.test\r\n"
                + "Date: Mon, 06 Dec 2026 09:00:00 +0000\r\nSubject: three dates\r\nMessage-ID: <three@example.org>\r\n"
                + "Date: Tue, 07 Dec 2026 09:00:00 +0000\r\nDate: Fri, 10 Dec 2026 09:00:00 +0000\r\n\r\nbody\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        Path cfg = PosternConfig.write(home.resolve("config.toml"), home.resolve("data"),
                PosternConfig.account("e2e", "imap", "localhost", DOVECOT.imapPort(), "starttls", "bob", DOVECOT.user("bob"), 20,
                        DOVECOT.certPem()));
        PosternProcess.Result listed = PosternProcess.withConfig(home, cfg, "list", "--json").timeout(Duration.ofMinutes(1))
                .run().assertNoStackTrace().assertExitCode(0);
        assertTrue(listed.stdout().contains("\"date\":\"2026-12-10T09:00:00Z\""), listed.describe());
        PosternProcess.Result read = PosternProcess.withConfig(home, cfg, "read", "INBOX", "1").timeout(Duration.ofMinutes(1))
                .run().assertNoStackTrace().assertExitCode(0);
        assertTrue(read.stdout().contains("Date: Fri, 10 Dec 2026 09:00:00 +0000"), read.describe());
    }
}
