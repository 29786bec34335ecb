package dev.postern.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The one check every use of an attachment's bytes makes (CLI save, show, open; the reader's s, | and mailcap): bytes
 * not at hand are refused in one sentence, never handed on as an empty file (hunt 35-E, E12).
 */
class AttachmentBytesTest {
    @Test
    void bytesNotDownloadedAreRefusedInOneSentence() {
        byte[] raw = ("Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nsee the scan\r\n"
                + "--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=scan.pdf\r\n"
                + "X-Postern-Omitted: size=6000\r\n\r\n--b\r\nContent-Type: text/csv\r\n"
                + "Content-Disposition: attachment; filename=a.csv\r\n\r\nx,y\r\n--b--\r\n").getBytes(StandardCharsets.US_ASCII);
        List<Attachments.Attachment> all = Attachments.of(raw);
        assertEquals(2, all.size());
        assertNull(all.get(0).content(), "listed, not downloaded");
        PosternException e = assertThrows(PosternException.class, () -> all.get(0).bytes());
        assertEquals(ExitCode.DATAERR, e.exitCode());
        assertEquals("attachment 1 was not downloaded and the message read holds none of it: nothing written; A in the"
                + " reader, or `postern fetch`, downloads the message whole.", e.getMessage());
        assertArrayEquals("x,y".getBytes(StandardCharsets.US_ASCII), all.get(1).bytes());
    }
}
