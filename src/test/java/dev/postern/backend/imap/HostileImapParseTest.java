package dev.postern.backend.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.backend.imap.HostileImapAnswersTest.Run;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.eclipse.angus.mail.iap.ByteArray;
import org.eclipse.angus.mail.imap.protocol.BODYSTRUCTURE;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.IMAPResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Answers Angus's parsers cannot read (hunt 33-X): each ends in bounded time as the server's fault. */
@Timeout(60)
class HostileImapParseTest {
    @TempDir
    Path dir;

    /** An Angus connection over a greeting only, for what its parsers ask of one. */
    private static org.eclipse.angus.mail.imap.protocol.IMAPProtocol angus() throws Exception {
        return new org.eclipse.angus.mail.imap.protocol.IMAPProtocol(
                new java.io.ByteArrayInputStream("* OK hi\r\n".getBytes(StandardCharsets.US_ASCII)),
                new java.io.PrintStream(java.io.OutputStream.nullOutputStream()), new java.util.Properties(), false);
    }

    private static ByteArray bytes(String line) {
        byte[] b = (line + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        return new ByteArray(b, 0, b.length);
    }

    /** X17: a NUL in a STATUS item's name sent Angus's Status parser round one loop for ever; `folders` never ended. */
    @Test
    void aStatusAnswerWithANulEndsAsTheServersFault() throws Exception {
        try (HostileImap s = new HostileImap().on("STATUS", (c, tag, args) -> {
            c.say("* STATUS INBOX (M\0ESSAGES 1 UNSEEN 0)");
            c.say(tag + " OK done");
        })) {
            Run r = HostileImapAnswersTest.run(dir, s, "", "folders", "--json");
            assertEquals(75, r.code(), r.toString());
            assertTrue(r.err().contains("STATUS answer postern cannot read"), r.toString());
        }
    }

    @Test
    void statusStallsAreToldFromTheBytes() {
        assertNull(ParseStalls.status(bytes("* STATUS INBOX (MESSAGES 1 UNSEEN 0)")));
        assertNull(ParseStalls.status(bytes("* STATUS \"a (b\" (MESSAGES 1 X-ODD 3)")));
        assertNull(ParseStalls.status(bytes("* STATUS INBOX ()")));
        assertNull(ParseStalls.status(bytes("* STATUS INBOX (MESSAGES 1")), "Angus fails on it: no loop");
        assertNull(ParseStalls.status(bytes("* LIST () \"/\" INBOX")));
        for (String bad : new String[] {"(M\0ESSAGES 1)", "(MESSAGES 1 \"x\" 2)", "(MESSAGES 1 * 2)", "(\u007f)",
                "(MESSAGES 1 (UNSEEN 2)", "(MESSAGES 1 \\X 2)"}) {
            assertNotNull(ParseStalls.status(bytes("* STATUS INBOX " + bad)), bad);
        }
    }

    /**
     * X17's kin: Angus reads body extensions as lists, numbers, strings or NIL and moves past nothing else; an atom
     * there (or a structure that never closes) looped for ever. The structure is taken out, the rest kept.
     */
    @Test
    void aStructureAngusWouldStallOnIsTakenOut() throws Exception {
        for (String structure : new String[] {
                "(\"text\" \"plain\" NIL NIL NIL \"7bit\" 5 1 NIL NIL NIL (x))",
                "(\"text\" \"plain\" NIL NIL NIL \"7bit\" 5 1 NIL NIL NIL (\0))",
                "(\"text\" \"plain\" NIL NIL NIL \"7bit\" 5 1 NIL NIL NIL (\"a\""}) {
            ByteArray cut = WideStructure.cut(bytes("* 1 FETCH (UID 7 BODYSTRUCTURE " + structure + " RFC822.SIZE 5)"));
            String left = new String(cut.getBytes(), cut.getStart(), cut.getCount(), StandardCharsets.ISO_8859_1);
            assertFalse(left.contains("BODYSTRUCTURE"), left);
            FetchResponse f = new FetchResponse(new IMAPResponse(left.substring(0, left.length() - 2)), null, angus());
            assertNotNull(f.getItem(org.eclipse.angus.mail.imap.protocol.UID.class), left);
        }
        String good = "* 1 FETCH (UID 7 BODYSTRUCTURE (\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"7bit\" 5 1"
                + " NIL (\"inline\" NIL) NIL (1 \"a\" {1}\r\nb NIL)))";
        ByteArray kept = WideStructure.cut(bytes(good));
        assertEquals(good.length() + 2, kept.getCount());
        FetchResponse f = new FetchResponse(new IMAPResponse(good), null, angus());
        assertNotNull(f.getItem(BODYSTRUCTURE.class));
    }

    /**
     * X11: an untagged FETCH or EXISTS in the answer to ENABLE, or any command before the first SELECT, failed inside
     * Angus (no message cache yet): exit 70 with a NullPointerException's text. A slip of the library reading an answer is the server's fault.
     */
    @Test
    void aFetchBeforeSelectIsTheServersFaultNotAnInternalError() throws Exception {
        for (String stray : new String[] {"* 1 FETCH (UID 1 MODSEQ (5))", "* 2 EXISTS"}) {
            // Sent in the answer to LOGIN: postern no longer sends ENABLE CONDSTORE before its SELECT (which enables it).
            try (HostileImap s = new HostileImap().on("LOGIN", (c, tag, args) -> {
                c.say(stray);
                c.say(tag + " OK logged in");
            })) {
                s.capabilities = "IMAP4rev1 UIDPLUS CONDSTORE ENABLE";
                Run r = HostileImapAnswersTest.run(dir, s, "", "list");
                // Angus passes over a stray answer to LOGIN (the listing is whole); where one reaches it as a slip, it
                // is the server's fault, said so (75), never an internal error (70).
                if (r.code() == 0) {
                    assertTrue(r.out().contains("hello"), stray + ": " + r);
                } else {
                    assertEquals(75, r.code(), stray + ": " + r);
                    assertTrue(r.err().contains("sent an answer postern cannot read"), stray + ": " + r);
                }
                assertFalse(r.err().contains("unexpected error") || r.err().contains("Cannot invoke"), stray + ": " + r);
            }
        }
    }

    /** X15: a NUL before the greeting was "does not offer STARTTLS ... use security = tls" (78) on a plain account. */
    @Test
    void aGarbledGreetingIsTheServersFaultNotTheConfigs() throws Exception {
        try (HostileImap s = new HostileImap()) {
            s.greeting = "\0* OK [CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN] ready";
            Run r = HostileImapAnswersTest.run(dir, s, "", "list");
            assertEquals(75, r.code(), r.toString());
            assertTrue(r.err().contains("greeted with a line that is not an IMAP greeting"), r.toString());
            assertFalse(r.err().contains("STARTTLS"), r.toString());
        }
    }

    /**
     * X10: one unreadable LIST line made postern drop that folder and all its stored messages (exit 0). A folder is
     * dropped only when a list read whole no longer names it.
     */
    @Test
    void aFolderMissingFromAListWithAnUnreadableLineIsKept() throws Exception {
        String[] work = {"* LIST () \"/\" Work"};
        try (HostileImap s = new HostileImap().on("LIST", (c, tag, args) -> {
            if (args.contains("\"\" \"\"")) c.say("* LIST (\\Noselect) \"/\" \"\"");
            else {
                c.say("* LIST () \"/\" INBOX");
                c.say(work[0]);
            }
            c.say(tag + " OK done");
        })) {
            assertEquals(0, HostileImapAnswersTest.run(dir, s, "", "folders").code());
            Run listed = HostileImapAnswersTest.run(dir, s, "", "list", "Work");
            assertEquals(0, listed.code(), listed.toString());
            work[0] = "* LIS?T () \"/\" Work";
            Run folders = HostileImapAnswersTest.run(dir, s, "", "folders");
            // The user is told, once, on stderr; the exit stays 0 (the list is shown, nothing was lost).
            assertEquals(0, folders.code(), folders.toString());
            assertEquals(1, folders.err().lines().filter(l -> l.contains("folder list had a line postern could not read")
                    && l.contains("no stored folder was dropped")).count(), folders.toString());
            Run sync = HostileImapAnswersTest.run(dir, s, "", "sync", "--headers-only");
            assertEquals(0, sync.code(), sync.toString());
            assertEquals(1, sync.err().lines().filter(l -> l.contains("folder list had a line postern could not read")
                    && l.contains("no stored folder was dropped")).count(), sync.toString());
            Run json = HostileImapAnswersTest.run(dir, s, "", "folders", "--json");
            assertTrue(json.err().contains("could not read") && !json.out().contains("could not read"), json.toString());
            Run cached = HostileImapAnswersTest.run(dir, s, "", "list", "--cached", "Work");
            assertEquals(0, cached.code(), folders + " / " + cached);
            assertTrue(cached.out().contains("hello"), cached.toString());
            work[0] = "* LIST () \"/\" Other";
            Run whole = HostileImapAnswersTest.run(dir, s, "", "folders");
            assertEquals(0, whole.code(), whole.toString());
            assertFalse(whole.err().contains("could not read"), whole.toString());
            Run gone = HostileImapAnswersTest.run(dir, s, "", "list", "--cached", "Work");
            assertTrue(gone.code() != 0, "a list read whole that no longer names it drops it: " + gone);
        }
    }
}
