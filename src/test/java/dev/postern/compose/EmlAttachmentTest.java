package dev.postern.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An attached file named .eml goes as message/rfc822 only when it is a message (hunt 37-P, P17). */
class EmlAttachmentTest {
    @TempDir Path dir;

    private static final Draft DRAFT = new Draft("alice@example.org", List.of("bob@example.org"), List.of(), List.of(),
            "s", "body\n", List.of(), null, List.of(), false);

    /** Only a file that starts with a message header goes as message/rfc822 (hunt 37-P, P17). */
    @Test
    void anEmlThatIsNoMessageGoesAsOctetStream() throws Exception {
        assertEquals("application/octet-stream", ContentTypes.detect("notes.eml",
                "just some notes, not a mail\nline2\n".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("application/octet-stream", ContentTypes.detect("x.eml", new byte[] {1, 2, (byte) 0xff, 0, 10}));
        assertEquals("application/octet-stream", ContentTypes.detect("mbox.eml",
                "From a@b Mon Dec  7 04:00:00 2026\nFrom: a@b\n\nx\n".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("message/rfc822", ContentTypes.detect("m.eml",
                "From: a@b\r\nSubject: folded\r\n  on\r\nX-8bit: grüße\r\n\r\nbody\r\n".getBytes(StandardCharsets.UTF_8)));
        Path notes = Files.writeString(dir.resolve("notes.eml"), "just some notes, not a mail\nline2\n");
        Built b = new MessageBuilder().build(DRAFT.withAttachments(List.of(Draft.Attachment.file(notes))));
        String raw = new String(b.raw(), StandardCharsets.ISO_8859_1);
        assertFalse(raw.contains("message/rfc822"), raw);
        assertTrue(raw.contains("Content-Type: application/octet-stream; name=notes.eml"), raw);
    }
}
