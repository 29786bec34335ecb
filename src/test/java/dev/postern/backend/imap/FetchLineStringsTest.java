package dev.postern.backend.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.mail.internet.InternetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.angus.mail.imap.protocol.ENVELOPE;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.INTERNALDATE;
import org.junit.jupiter.api.Test;

/**
 * The streamed listing reads an answer's strings and atoms ({@link FetchLine#readString}, {@link FetchLine#readAtom})
 * straight from its bytes, not through Angus's char-by-char copy: what it reads is what Angus's own FETCH parser reads
 * from the same bytes, escapes, literals, NIL, 8-bit bytes and answers cut short included.
 */
class FetchLineStringsTest {
    private static final String DATE = "INTERNALDATE \"01-Jan-2024 10:00:00 +0000\"";

    /** Answers Angus reads: every string of the ENVELOPE as it reads it. */
    private static final List<String> READ = List.of(
            "* 1 FETCH (UID 5 RFC822.SIZE 10 FLAGS (\\Seen) " + DATE + " ENVELOPE (\"Mon, 1 Jan 2024 10:00:00 +0000\" "
                    + "\"a \\\"quoted\\\" subject with \\\\ a backslash\" ((\"Name \\\"Q\\\"\" NIL \"user\" \"example.org\")) NIL NIL "
                    + "((\"T\" NIL \"t\" \"example.org\")(\"U\" NIL \"u\" \"example.org\")) NIL NIL \"<r@x>\" \"<id@x>\"))",
            // A literal with 8-bit bytes and a line break in it, as Dovecot sends raw header bytes.
            "* 2 FETCH (UID 6 ENVELOPE (NIL {12}\r\nS\u00e9\u00f6 subj\r\nxy (({5}\r\nJ\u00fcrgn NIL \"j\" \"x.example\")) NIL NIL NIL NIL NIL"
                    + " nil {4}\r\n<a@>) " + DATE + ")",
            // NIL in either case, empty strings, a group with its members and its end.
            "* 3 FETCH (ENVELOPE (\"\" NIL ((NIL NIL \"grp\" NIL)(\"A\" NIL \"a\" \"x\")(NIL NIL NIL NIL)) NIL NIL "
                    + "((\"\" NIL \"e\" \"h\")) NIL NIL \"\" Nil) UID 7)",
            // 8-bit bytes in quoted strings; a date Angus cannot read.
            "* 4 FETCH (UID 8 ENVELOPE (\"someday\" \"\u00e4\u00fc\u00ff\u0080\" ((\"\u00c9mile\" NIL \"e\" \"\u00e9.example\")) NIL NIL "
                    + "NIL NIL NIL NIL \"<\u00ff@x>\"))");

    /** Answers Angus cannot read: the streamed listing drops them too (their messages are then read from their headers). */
    private static final List<String> DROPPED = List.of(
            "* 5 FETCH (UID 9 ENVELOPE (NIL \"never closed))",
            "* 6 FETCH (UID 10 ENVELOPE (NIL {x}\r\nabc NIL NIL NIL NIL NIL NIL NIL NIL))",
            "* 7 FETCH (UID 11 ENVELOPE (NIL \"s\" ((\"n\" NIL \"m\" \"h\"",
            "* 8 FETCH (UID 12 ENVELOPE (NIL \"s\" ((\"n\" NIL \"m\" \"h\")) NIL NIL NIL NIL NIL NIL ");

    @Test
    void stringsAndAtomsAreWhatAngusReads() throws Exception {
        for (String line : READ) {
            var p = angus(line);
            FetchLine.Wire w = new FetchLine(p).fetch(p.isStrict(), new jakarta.mail.internet.MailDateFormat());
            assertNotNull(w, line);
            FetchResponse fr;
            try {
                fr = new FetchResponse(angus(line));
            } catch (Exception e) {
                throw new AssertionError("Angus cannot read " + line, e);
            }
            ENVELOPE env = fr.getItem(ENVELOPE.class);
            assertEquals(fr.getNumber(), w.seq, line);
            assertEquals(env.subject, w.subject, line);
            assertEquals(env.messageId, w.messageId, line);
            assertEquals(env.inReplyTo, w.inReplyTo, line);
            if (env.date != null) assertEquals(env.date, w.date, line); // one Angus cannot read is read leniently
            assertEquals(names(env.from), names(w.from), line);
            assertEquals(names(env.sender), names(w.sender), line);
            assertEquals(names(env.to), names(w.to), line);
            assertEquals(names(env.cc), names(w.cc), line);
            INTERNALDATE internal = fr.getItem(INTERNALDATE.class);
            assertEquals(internal == null ? null : internal.getDate(), w.internalDate, line);
        }
    }

    @Test
    void answersAngusCannotReadAreDropped() throws Exception {
        for (String line : DROPPED) {
            var p = angus(line);
            assertNull(new FetchLine(p).fetch(p.isStrict(), new jakarta.mail.internet.MailDateFormat()), line);
            assertThrows(Exception.class, () -> new FetchResponse(angus(line)).getItem(ENVELOPE.class).subject.length(), line);
        }
    }

    /** Each address as the listing shows it, from the name as sent and the address as built. */
    private static List<String> names(InternetAddress[] as) {
        if (as == null) return null;
        List<String> out = new ArrayList<>();
        for (InternetAddress a : as) out.add(ImapMapper.listed(a) + " / " + a.getAddress() + " / " + a.isGroup());
        return out;
    }

    private static org.eclipse.angus.mail.imap.protocol.IMAPProtocol angus(String line) throws Exception {
        return new org.eclipse.angus.mail.imap.protocol.IMAPProtocol(
                new java.io.ByteArrayInputStream((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1)),
                new java.io.PrintStream(java.io.OutputStream.nullOutputStream()), new java.util.Properties(), false);
    }
}
