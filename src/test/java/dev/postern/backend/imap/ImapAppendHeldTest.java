package dev.postern.backend.imap;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Hunt 35-E E1: a re-import recognised a message only when the server gave back its exact bytes. Dovecot gives a CR
 * before a line end back as one CRLF and stores a NUL as 0x80, so each run appended such messages once more.
 */
class ImapAppendHeldTest {
    private static byte[] b(String s) { return s.getBytes(ISO_8859_1); }

    @Test
    void aMessageTheServerRewroteIsStillRecognisedCopyByCopy() {
        byte[] crBeforeLf = b("Subject: cr only\rFrom: a@b.example\r\rbody line\r\r\n");
        byte[] withNul = b("Subject: nul\r\n\r\na\u0000b\r\n");
        ImapAppend append = new ImapAppend(null, () -> null);
        // What Dovecot 2.3 hands back for them (checked): the CR run before the LF one CR, one byte shorter.
        byte[] kept = b("Subject: cr only\rFrom: a@b.example\r\rbody line\r\n");
        assertTrue(ImapAppend.sizesOf(crBeforeLf).contains((long) kept.length), "the import asks for the server's size");
        append.held(kept.length, kept);
        append.held(withNul.length, b("Subject: nul\r\n\r\na\u0080b\r\n"));
        assertTrue(append.alreadyHeld(crBeforeLf), "the CR before the line end is the server's to drop");
        assertTrue(append.alreadyHeld(withNul), "the NUL the server keeps as 0x80");
        assertFalse(append.alreadyHeld(crBeforeLf), "one copy held, one copy matched: a second copy in the archive is appended");
        assertFalse(append.alreadyHeld(b("Subject: nul\r\n\r\naXb\r\n")), "other text of the same size is another message");
    }
}
