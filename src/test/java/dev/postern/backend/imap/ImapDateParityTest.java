package dev.postern.backend.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.postern.backend.imap.HostileImapAnswersTest.Run;
import dev.postern.model.MessageRef;
import dev.postern.render.LenientHeaders;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Properties;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One message has one date whichever way it came: the IMAP listing (its ENVELOPE's date, the header as written) and
 * IMAP's single-message path (Angus's message) read a Date as POP3 and import read the header
 * ({@link LenientHeaders#parseDate}), ISO 8601 forms included, which Angus's parser alone does not read (hunt 30-Q, 7:
 * IMAP listed such a message at its arrival date, POP3 at its Date).
 */
@Timeout(60)
class ImapDateParityTest {
    private static final MessageRef REF = new MessageRef("t", "INBOX", 42, 7);

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"2024-03-05T10:20:30Z", "2024-03-05T10:20:30+02:00", "2024-03-05 10:20:30+01:00",
            "Tue, 5 Mar 2024 10:20:30 +0000", "5 Mar 2024 10:20 +0100"})
    void theListingReadsADateAsTheHeaderPathDoes(String date) throws Exception {
        Instant header = LenientHeaders.parseDate(date);
        assertNotNull(header, date);
        try (HostileImap s = new HostileImap()) {
            s.date = date;
            for (String verb : new String[] {"UID FETCH", "FETCH"}) {
                // HostileImap sends the whole message with any answer that names RFC822 (RFC822.SIZE too): not here, so
                // that the listing has only its ENVELOPE to read the date from, as from a real server.
                s.on(verb, (c, tag, args) -> s.plainly(c, tag, verb, args.replace("RFC822.SIZE", "")));
            }
            Run r = HostileImapAnswersTest.run(dir, s, "", "list", "--json");
            assertEquals(0, r.code(), r.toString());
            assertEquals(1, r.out().lines().filter(l -> l.contains("\"date\":\"" + header + "\"")).count(),
                    date + " read as " + header + ": " + r);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-03-05T10:20:30Z", "2024-03-05T10:20:30+02:00", "Tue, 5 Mar 2024 10:20:30 +0000"})
    void angusMessagesReadADateAsTheHeaderPathDoes(String date) throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(
                ("From: a@example.org\r\nDate: " + date + "\r\nSubject: d\r\n\r\nx\r\n").getBytes(StandardCharsets.US_ASCII)));
        Instant header = LenientHeaders.parseDate(date);
        assertNotNull(header, date);
        assertEquals(header, ImapMapper.envelope(REF, m).date(), date);
    }
}
