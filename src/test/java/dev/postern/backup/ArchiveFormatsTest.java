package dev.postern.backup;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.Flag;
import dev.postern.model.Flags;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveFormatsTest {
    @TempDir Path dir;

    static final byte[] TRICKY = ("From: a@x\r\nSubject: from lines\r\nStatus: RO\r\n\r\n"
            + "From here on\r\n>From quoted once\r\n>>From quoted twice\r\n\r\nFrom the start of a paragraph\r\nend\r\n").getBytes(UTF_8);

    @Test
    void mboxrdRoundTripKeepsBytesFlagsAndDateAndQuotesFromLines() throws Exception {
        Instant date = Instant.parse("2024-03-05T07:08:09Z");
        Flags flags = Flags.of(Flag.SEEN, Flag.FLAGGED, Flag.ANSWERED);
        byte[] plain = "From: b@x\r\nSubject: two\r\n\r\nbody\r\n\r\n".getBytes(UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MboxFormat.write(out, TRICKY, flags, date);
        MboxFormat.write(out, plain, Flags.NONE, null);
        String text = out.toString(UTF_8);
        assertTrue(text.startsWith("From MAILER-DAEMON Tue Mar 5 07:08:09 2024\n"), text);
        assertTrue(text.contains("\n>From here on\n>>From quoted once\n>>>From quoted twice\n\n>From the start"), text);
        assertTrue(text.contains("Status: RO\nX-Status: AF\n\n"), text);
        assertTrue(!text.contains("\r"), "mbox is written with LF");

        MboxFormat.Parsed p = MboxFormat.read(out.toByteArray(), "x.mbox");
        assertEquals(List.of(), p.skipped());
        assertEquals(2, p.messages().size());
        assertTrue(text.contains("\nX-Postern-Own-Status: RO\n"), "the message's own Status is kept under our name: " + text);
        assertArrayEquals(TRICKY, p.messages().get(0).raw(), "the message's own Status header comes back");
        assertEquals(flags, p.messages().get(0).flags());
        assertEquals(date, p.messages().get(0).date());
        assertArrayEquals(plain, p.messages().get(1).raw());
        assertEquals(Flags.NONE, p.messages().get(1).flags());
    }

    /**
     * fix42-M, item 1: a {@code From } line in a message's header block (a hostile or broken message, one that kept its
     * delivery's From line) was written unquoted. mboxrd quotes every line of the message: Python's mailbox, Dovecot and
     * mboxo readers split at any line that starts with {@code From }, and took one message for two.
     */
    @Test
    void fromLinesInTheHeaderBlockAreQuotedAndComeBack() throws Exception {
        List<String> hostile = List.of(
                "From evil@x Mon Jan  1 00:00:00 2024\r\nSubject: start\r\n\r\nbody\r\n",
                "Subject: middle\r\nFrom evil@x Mon Jan  1 00:00:00 2024\r\nTo: b@x\r\n\r\nbody\r\n",
                "Subject: end\r\nFrom evil@x Mon Jan  1 00:00:00 2024\r\n\r\nbody\r\n",
                "Subject: quoted\r\n>From evil@x Mon Jan  1 00:00:00 2024\r\n>>From x\r\n\r\n>From body\r\n",
                "Subject: header only\r\nFrom evil@x Mon Jan  1 00:00:00 2024\r\n",
                "Subject: lf\nFrom evil@x Mon Jan  1 00:00:00 2024\n\nFrom y\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String h : hostile) MboxFormat.write(out, h.getBytes(UTF_8), Flags.of(Flag.SEEN), null);
        String text = out.toString(UTF_8);
        long fromLines = text.lines().filter(l -> l.startsWith("From ")).count();
        assertEquals(hostile.size(), fromLines, "one From line a message, as every mbox reader splits: " + text);
        MboxFormat.Parsed p = MboxFormat.read(out.toByteArray(), "h.mbox");
        assertEquals(List.of(), p.skipped());
        assertEquals(hostile.size(), p.messages().size(), text);
        for (int i = 0; i < hostile.size(); i++) {
            byte[] want = LineEnds.toCrlf(hostile.get(i).getBytes(UTF_8));
            assertEquals(new String(want, UTF_8), new String(p.messages().get(i).raw(), UTF_8), text);
            assertEquals(Flags.of(Flag.SEEN), p.messages().get(i).flags());
        }
    }

    @Test
    void aMessageWithBareCrLineEndsKeepsItsFlagsAndGainsNoStatusText() throws Exception {
        // Hunt 35-E E9: with CR-only (or mixed) line ends there is no LF-blank line, so Status went after the body;
        // import gave the message back with "Status: O" in its text and without its flags.
        Flags flags = Flags.of(Flag.SEEN, Flag.FLAGGED);
        byte[] crOnly = "Subject: cr only\rFrom: a@b.example\r\rbody line\r".getBytes(UTF_8);
        byte[] mixed = "Subject: mixed\r\nFrom: a@b.example\rX: y\r\rtext\n\n--b\n\npart\n".getBytes(UTF_8);
        // A line of one CR after the CR before its line end (seed 3348): import saw the header end there, this writer did not.
        byte[] crLine = "Subject: a\r\n\r\r\r\nStatus: in the body\r\n\r\nend\r\n".getBytes(UTF_8);
        ByteArrayOutputStream one = new ByteArrayOutputStream();
        MboxFormat.write(one, crLine, flags, null);
        MboxFormat.Parsed read = MboxFormat.read(one.toByteArray(), "cr.mbox");
        assertEquals("Subject: a\r\n\r\nStatus: in the body\r\n\r\nend\r\n", new String(read.messages().get(0).raw(), UTF_8),
                "the message's own body line comes back as it was, and ours is not in it: " + one.toString(UTF_8));
        assertEquals(flags, read.messages().get(0).flags());
        for (byte[] raw : List.of(crOnly, mixed)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            MboxFormat.write(out, raw, flags, null);
            MboxFormat.Parsed p = MboxFormat.read(out.toByteArray(), "cr.mbox");
            assertEquals(1, p.messages().size(), out.toString(UTF_8));
            String back = new String(p.messages().get(0).raw(), UTF_8);
            assertTrue(!back.contains("Status"), back);
            assertEquals(flags, p.messages().get(0).flags(), out.toString(UTF_8));
        }
    }

    @Test
    void brokenFromLinesAndLeadingJunkAreListedAndTheRestIsRead() {
        String mbox = "junk before\n\nFrom a@x Mon Jan  1 10:00:00 2024\nSubject: ok1\n\none\n\n"
                + "From nobody at all\nSubject: lost\n\nx\n\n"
                + "From b@x Tue Jan  2 10:00:00 2024\nnot a header line\n\n"
                + "From c@x Wed Jan  3 10:00:00 2024 +0100\nSubject: ok2\n\ntwo\n";
        MboxFormat.Parsed p = MboxFormat.read(mbox.getBytes(UTF_8), "in.mbox");
        assertEquals(3, p.messages().size());
        assertEquals(List.of("in.mbox:1: text before the first From line", "in.mbox:8: broken From line"), p.skipped());
        // After a good From line, a message whose first line is no header field is a message still (hunt 32-U, F1: a
        // server holds such, export writes them, and import took them back only from a Maildir).
        assertArrayEquals("not a header line\r\n".getBytes(UTF_8), p.messages().get(1).raw());
        assertEquals(Instant.parse("2024-01-03T10:00:00Z"), p.messages().get(2).date());
        assertArrayEquals("Subject: ok2\r\n\r\ntwo\r\n".getBytes(UTF_8), p.messages().get(2).raw());
        // Only what IMAP cannot carry is left out: nothing at all, a NUL byte.
        MboxFormat.Parsed nul = MboxFormat.read("From a@x Mon Jan  1 10:00:00 2024\nSubject: a\u0000b\n\nx\n".getBytes(UTF_8), "n.mbox");
        assertEquals(List.of("n.mbox:1: the message after the From line holds binary data (a NUL byte), not mail"), nul.skipped());
    }

    @Test
    void aFromLineWhoseWeekdayIsWrongOrWhoseDateIsNoneStillGivesItsMessage() {
        // 6 December 2026 is a Sunday; 30 February is no day (hunt 32-U, F2: both messages were left out, and a file of
        // such was said to have no From line at all).
        String mbox = "From a@x Mon Dec  6 10:00:00 2026\nSubject: wrong weekday\n\none\n\n"
                + "From b@x Fri Feb 30 10:00:00 2024\nSubject: no such day\n\ntwo\n";
        MboxFormat.Parsed p = MboxFormat.read(mbox.getBytes(UTF_8), "d.mbox");
        assertEquals(List.of(), p.skipped());
        assertEquals(2, p.messages().size());
        assertEquals(Instant.parse("2026-12-06T10:00:00Z"), p.messages().get(0).date());
        assertEquals(null, p.messages().get(1).date(), "no date: the server dates it");
    }

    @Test
    void maildirInfoCarriesFlagsAndFileTimeCarriesTheDateForeignFilesAreListed() throws Exception {
        assertEquals(":2,DFRST", MaildirFormat.info(Flags.of(Flag.SEEN, Flag.DELETED, Flag.DRAFT, Flag.ANSWERED, Flag.FLAGGED)));
        Path md = dir.resolve("md");
        Files.createDirectories(md.resolve("cur"));
        Files.createDirectories(md.resolve("new"));
        Files.createDirectories(md.resolve("tmp"));
        Path one = md.resolve("cur/1.a.host:2,FS");
        Files.write(one, "Subject: one\n\nbody\n".getBytes(UTF_8));
        Files.setLastModifiedTime(one, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        Files.write(md.resolve("new/2.b.host"), "Subject: two\n\nbody\n".getBytes(UTF_8));
        Files.write(md.resolve("cur/readme.txt"), "this is not mail, just notes\n".getBytes(UTF_8));
        Files.write(md.resolve("cur/.hidden"), "Subject: x\n\n".getBytes(UTF_8));
        Files.write(md.resolve("dovecot-uidlist"), "3 V1 N3\n".getBytes(UTF_8));
        Files.write(md.resolve("notes.doc"), new byte[] {1, 2});

        ArchiveReader.Result r = ArchiveReader.read(md);
        assertEquals("maildir", r.format());
        assertEquals(2, r.messages().size());
        ArchivedMessage first = r.messages().stream().filter(m -> m.origin().startsWith("cur/")).findFirst().orElseThrow();
        assertEquals(Flags.of(Flag.FLAGGED, Flag.SEEN), first.flags());
        assertEquals(Instant.parse("2020-01-01T00:00:00Z"), first.date());
        assertArrayEquals("Subject: one\r\n\r\nbody\r\n".getBytes(UTF_8), first.raw());
        assertEquals(List.of("notes.doc: not part of a Maildir", "cur/.hidden: not a message file",
                "cur/readme.txt: does not start with a message header"), r.skipped());
    }

    @Test
    void folderNamesBecomeOneSafePathComponent() {
        assertEquals("Archive.2024", Exporter.fileName("Archive/2024"));
        assertEquals("_..etc_passwd", Exporter.fileName("../etc:passwd"));
        assertEquals("a_b", Exporter.fileName("a\u001bb"));
        String longName = Exporter.fileName("Ä".repeat(10_000));
        assertTrue(longName.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= Exporter.LONGEST_NAME, longName);
        assertTrue(longName.matches("Ä+~[0-9a-f]{8}"), longName);
        assertNotEquals(longName, Exporter.fileName("Ä".repeat(10_001)), "two long names stay two files");
    }
}
