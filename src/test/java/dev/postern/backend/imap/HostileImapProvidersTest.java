package dev.postern.backend.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.backend.imap.HostileImapAnswersTest.Run;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real providers' quirks (hunt 28-G): Exchange's BODYSTRUCTURE sizes smaller than the parts, servers without UIDPLUS,
 * Yahoo's "Inbox", Gmail's \Noselect "[Gmail]", NetEase's demand for an IMAP ID before SELECT.
 */
@Timeout(60)
class HostileImapProvidersTest {
    @TempDir Path dir;

    private static final String TEXT = "Line 01 of the text, long enough to pass the declared size of its part.\r\n".repeat(20);
    private static final byte[] PDF = new byte[300];
    private static final String PDF64;

    static {
        for (int i = 0; i < PDF.length; i++) PDF[i] = (byte) i;
        PDF64 = Base64.getMimeEncoder().encodeToString(PDF) + "\r\n";
    }

    /**
     * A multipart message whose BODYSTRUCTURE gives its text as 200 bytes and its attachment as 105 (Exchange does):
     * a part fetch asked with a length answers at most that many bytes, as a server does.
     */
    private static HostileImap understated() throws Exception {
        HostileImap s = new HostileImap();
        Pattern section = Pattern.compile("BODY(?:\\.PEEK)?\\[(\\d+)\\](?:<(\\d+)\\.(\\d+)>)?");
        HostileImap.Answer a = (c, tag, args) -> {
            String up = args.toUpperCase();
            Matcher m = section.matcher(up);
            if (up.contains("BODYSTRUCTURE")) {
                c.say("* 1 FETCH (UID 7 RFC822.SIZE 2400 BODYSTRUCTURE ((\"text\" \"plain\" (\"charset\" \"us-ascii\")"
                        + " NIL NIL \"7bit\" 200 3) (\"application\" \"pdf\" (\"name\" \"a.pdf\") NIL NIL \"base64\" 105)"
                        + " \"mixed\"))");
            } else if (up.contains("BODY.PEEK[HEADER]")) {
                String h = HostileImap.RAW.substring(0, HostileImap.RAW.indexOf("\r\n\r\n") + 2)
                        + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n";
                c.raw(("* 1 FETCH (UID 7 BODY[HEADER] {" + h.length() + "}\r\n" + h + ")\r\n").getBytes(StandardCharsets.US_ASCII));
            } else if (m.find()) {
                String whole = m.group(1).equals("1") ? TEXT : PDF64;
                int from = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
                int n = m.group(3) == null ? whole.length() : Integer.parseInt(m.group(3));
                String piece = whole.substring(Math.min(from, whole.length()), Math.min(whole.length(), from + n));
                String origin = m.group(2) == null ? "" : "<" + from + ">";
                c.raw(("* 1 FETCH (UID 7 BODY[" + m.group(1) + "]" + origin + " {" + piece.length() + "}\r\n" + piece
                        + ")\r\n").getBytes(StandardCharsets.US_ASCII));
            } else {
                s.plainly(c, tag, "UID FETCH", args.replace("RFC822.SIZE", ""));
                return;
            }
            c.say(tag + " OK done");
        };
        return s.on("UID FETCH", a).on("FETCH", a);
    }

    /** G1: the attachment is saved whole, not cut at the size BODYSTRUCTURE gave. */
    @Test
    void aPartLargerThanItsBodystructureSizeIsSavedWhole() throws Exception {
        try (HostileImap s = understated()) {
            Path out = Files.createDirectories(dir.resolve("out"));
            Run r = HostileImapAnswersTest.run(dir, s, "fetch_whole_below = 10\n", "attachment", "save", "INBOX", "7",
                    "--out", out.toString());
            assertEquals(0, r.code(), r + " " + s.got);
            assertTrue(s.got.stream().anyMatch(l -> l.toUpperCase().contains("BODY.PEEK[2]")), "read by parts: " + s.got);
            assertEquals(java.util.HexFormat.of().formatHex(PDF),
                    java.util.HexFormat.of().formatHex(Files.readAllBytes(out.resolve("a.pdf"))), r.toString());
        }
    }

    /** G1: the text of a large message read by its parts is whole, not cut at the size BODYSTRUCTURE gave. */
    @Test
    void aTextLargerThanItsBodystructureSizeIsReadWhole() throws Exception {
        try (HostileImap s = understated()) {
            Run r = HostileImapAnswersTest.run(dir, s, "fetch_whole_below = 10\n", "read", "INBOX", "7");
            assertEquals(0, r.code(), r + " " + s.got);
            assertTrue(s.got.stream().anyMatch(l -> l.toUpperCase().contains("BODY.PEEK[1]")), "read by parts: " + s.got);
            assertEquals(20, r.out().lines().filter(l -> l.startsWith("Line 01 of the text")).count(), r.toString());
        }
    }

    private static HostileImap withoutUidplus(String capabilities) throws java.io.IOException {
        HostileImap s = HostileImapGuardsTest.withArchive(new HostileImap(), "TAG OK copied");
        s.capabilities = capabilities;
        HostileImap.Answer store = (c, tag, args) -> {
            c.say("* 1 FETCH (UID 7 FLAGS (\\Deleted))");
            c.say(tag + " OK stored");
        };
        HostileImap.Answer expunge = (c, tag, args) -> {
            c.say("* 1 EXPUNGE");
            c.say(tag + " OK expunged");
        };
        HostileImap.Answer move = (c, tag, args) -> {
            c.say("* 1 EXPUNGE");
            c.say(tag + " OK moved");
        };
        HostileImap.Answer searchDeleted = (c, tag, args) -> {
            c.say("* SEARCH 1");
            c.say(tag + " OK done");
        };
        return s.on("STORE", store).on("UID STORE", store).on("EXPUNGE", expunge).on("MOVE", move)
                .on("SEARCH", searchDeleted).on("UID SEARCH", searchDeleted);
    }

    /** G3: without UIDPLUS, a move is a plain MOVE (no new UIDs told), not a refusal "UIDPLUS not supported". */
    @Test
    void aMoveWithoutUidplusIsAPlainMove() throws Exception {
        try (HostileImap s = withoutUidplus("IMAP4rev1 MOVE")) {
            Run r = HostileImapAnswersTest.run(dir, s, "", "move", "INBOX", "7", "--to", "Archive");
            assertEquals(0, r.code(), r + " " + s.got);
            assertTrue(r.out().contains("moved 1 message"), r.toString());
            assertTrue(s.got.stream().anyMatch(l -> l.matches("\\S+ MOVE 1 Archive")), s.got.toString());
        }
    }

    /** G3: without UIDPLUS nor MOVE, a move is COPY, STORE \Deleted and EXPUNGE. */
    @Test
    void aMoveWithoutUidplusNorMoveIsCopyAndExpunge() throws Exception {
        try (HostileImap s = withoutUidplus("IMAP4rev1")) {
            Run r = HostileImapAnswersTest.run(dir, s, "", "move", "INBOX", "7", "--to", "Archive");
            assertEquals(0, r.code(), r + " " + s.got);
            assertTrue(s.got.stream().anyMatch(l -> l.matches("\\S+ COPY 1 Archive")), s.got.toString());
            assertTrue(s.got.stream().anyMatch(l -> l.matches("\\S+ EXPUNGE")), s.got.toString());
        }
    }

    /** G3: delete to the trash without UIDPLUS is a move as above. */
    @Test
    void aDeleteWithoutUidplusGoesToTheTrash() throws Exception {
        try (HostileImap s = withoutUidplus("IMAP4rev1 MOVE")) {
            Run r = HostileImapAnswersTest.run(dir, s, "", "delete", "INBOX", "7", "--to", "Archive");
            assertEquals(0, r.code(), r + " " + s.got);
            assertTrue(s.got.stream().anyMatch(l -> l.matches("\\S+ MOVE 1 Archive")), s.got.toString());
        }
    }

    /** A server that lists INBOX as "Inbox", as Yahoo does. */
    private static HostileImap yahoo(HostileImap s) {
        return s.on("LIST", (c, tag, args) -> {
            if (args.contains("\"\" \"\"")) c.say("* LIST (\\Noselect) \"/\" \"\"");
            else c.say("* LIST (\\HasNoChildren) \"/\" \"Inbox\"");
            c.say(tag + " OK done");
        }).on("LSUB", (c, tag, args) -> {
            c.say("* LSUB (\\HasNoChildren) \"/\" \"Inbox\"");
            c.say(tag + " OK done");
        });
    }

    /** G4: a server that lists "Inbox" (Yahoo) has it synced and stored as INBOX, one mailbox, not two. */
    @Test
    void anInboxListedInAnotherCaseIsStoredAsInbox() throws Exception {
        try (HostileImap s = yahoo(new HostileImap())) {
            Run sync = HostileImapAnswersTest.run(dir, s, "", "sync");
            assertEquals(0, sync.code(), sync + " " + s.got);
            Run cached = HostileImapAnswersTest.run(dir, s, "", "list", "--cached");
            assertEquals(0, cached.code(), cached.toString());
            assertTrue(cached.out().contains("hello"), "synced as INBOX: " + cached);
            Run folders = HostileImapAnswersTest.run(dir, s, "", "folders");
            Run stored = HostileImapAnswersTest.run(dir, s, "", "folders", "--cached");
            assertEquals(0, stored.code(), stored.toString());
            assertTrue(!folders.out().contains("Inbox") && !stored.out().contains("Inbox"), folders + " " + stored);
            assertEquals(1, stored.out().lines().filter(l -> l.contains("INBOX")).count(), stored.toString());
        }
    }

    /** G4: a second copy "Inbox" that an older postern stored is dropped by the next folder listing; INBOX stays. */
    @Test
    void aStoredInboxCopyUnderAnotherCaseGoesAtTheNextFolderListing() throws Exception {
        try (HostileImap s = yahoo(new HostileImap())) {
            assertEquals(0, HostileImapAnswersTest.run(dir, s, "", "list").code());
            try (dev.postern.store.MapDbStore store = dev.postern.store.MapDbStore.open(dir.resolve("data"))) {
                store.putFolder(new dev.postern.model.Folder("t", "Inbox", '/', 1, 1, java.util.Set.of()));
                store.commit();
            }
            Run folders = HostileImapAnswersTest.run(dir, s, "", "folders");
            assertEquals(0, folders.code(), folders.toString());
            Run stored = HostileImapAnswersTest.run(dir, s, "", "folders", "--cached");
            assertTrue(!stored.out().contains("Inbox") && stored.out().contains("INBOX"), stored.toString());
            Run cached = HostileImapAnswersTest.run(dir, s, "", "list", "--cached");
            assertTrue(cached.out().contains("hello"), cached.toString());
        }
    }

    /**
     * G5: Gmail's "[Gmail]" holds only folders: opening it says so, 66, not "try again later"; G13: {@code folders} shows
     * it without counts, as one that only holds other folders (JSON: "selectable" false, counts null), not as "0 0".
     */
    @Test
    void aFolderThatHoldsOnlyFoldersIsNamedAsSuchNotATemporaryFailure() throws Exception {
        try (HostileImap s = new HostileImap()) {
            s.on("LIST", (c, tag, args) -> {
                if (args.contains("\"\" \"\"")) {
                    c.say("* LIST (\\Noselect) \"/\" \"\"");
                } else {
                    c.say("* LIST (\\HasNoChildren) \"/\" \"INBOX\"");
                    c.say("* LIST (\\HasChildren \\Noselect) \"/\" \"[Gmail]\"");
                }
                c.say(tag + " OK done");
            });
            HostileImap.Answer select = (c, tag, args) -> {
                if (args.contains("[Gmail]")) c.say(tag + " NO [NONEXISTENT] Unknown Mailbox: [Gmail] (Failure)");
                else s.plainly(c, tag, "SELECT", args);
            };
            s.on("SELECT", select).on("EXAMINE", select);
            Run r = HostileImapAnswersTest.run(dir, s, "", "list", "[Gmail]");
            assertEquals(66, r.code(), r + " " + s.got);
            assertTrue(r.err().contains("only holds other folders"), r.toString());
            assertEquals(1, r.err().strip().lines().count(), r.toString());
            // G13: listed as a folder that only holds folders, without counts, not as an empty one ("0 0 [Gmail]").
            Run folders = HostileImapAnswersTest.run(dir, s, "", "folders");
            assertEquals(0, folders.code(), folders.toString());
            assertTrue(folders.out().contains("     -      -  [Gmail]  (only holds other folders)"), folders.toString());
            Run json = HostileImapAnswersTest.run(dir, s, "", "folders", "--json");
            String gmail = json.out().lines().filter(l -> l.contains("\"folder\":\"[Gmail]\"")).findFirst().orElseThrow();
            assertTrue(gmail.contains("\"total\":null,\"unread\":null,\"selectable\":false"), gmail);
            String inbox = json.out().lines().filter(l -> l.contains("\"folder\":\"INBOX\"")).findFirst().orElseThrow();
            assertTrue(inbox.contains("\"selectable\":true"), inbox);
            Run cached = HostileImapAnswersTest.run(dir, s, "", "list", "[Gmail]", "--cached");
            assertEquals(66, cached.code(), cached.toString());
            assertTrue(cached.err().contains("only holds other folders") && !cached.err().contains("sync"), cached.toString());
        }
    }

    /** G12: NetEase refuses SELECT until the client has sent ID; postern sends its name and version, nothing else. */
    @Test
    void aServerThatWantsAnIdGetsOneAfterLoginBeforeSelect() throws Exception {
        try (HostileImap s = new HostileImap()) {
            s.greeting = "* OK Coremail System IMap Server Ready(163com[20141201])";
            s.capabilities = "IMAP4rev1 UIDPLUS ID";
            java.util.Set<java.io.InputStream> said = java.util.concurrent.ConcurrentHashMap.newKeySet();
            s.on("ID", (c, tag, args) -> {
                said.add(c.in());
                c.say("* ID (\"name\" \"Coremail Imap\")");
                c.say(tag + " OK ID completed");
            });
            HostileImap.Answer select = (c, tag, args) -> {
                if (said.contains(c.in())) s.plainly(c, tag, "SELECT", args);
                else c.say(tag + " NO SELECT Unsafe Login. Please contact kefu@188.com for help");
            };
            s.on("SELECT", select).on("EXAMINE", select);
            Run r = HostileImapAnswersTest.run(dir, s, "", "list");
            assertEquals(0, r.code(), r + " " + s.got);
            assertTrue(r.out().contains("hello"), r.toString());
            String id = s.got.stream().filter(l -> l.matches("\\S+ ID .*")).findFirst().orElseThrow();
            assertTrue(id.matches("\\S+ ID \\((\"name\" \"postern\" \"version\" \"[^\"]+\"|\"version\" \"[^\"]+\" \"name\" \"postern\")\\)"), id);
        }
    }

    /** G12's cost: a server that offers ID but does not want it (Dovecot, Gmail) is not sent it: no round trip more. */
    @Test
    void aServerThatOffersIdWithoutWantingItIsNotSentOne() throws Exception {
        try (HostileImap s = new HostileImap()) {
            s.capabilities = "IMAP4rev1 UIDPLUS ID";
            Run r = HostileImapAnswersTest.run(dir, s, "", "list");
            assertEquals(0, r.code(), r + " " + s.got);
            assertTrue(s.got.stream().noneMatch(l -> l.matches("\\S+ ID .*")), s.got.toString());
        }
        assertTrue(ClientId.wantedBy("imap.163.com") && ClientId.wantedBy("IMAP.126.COM.") && !ClientId.wantedBy("imap.gmail.com")
                && !ClientId.wantedBy("not163.com"));
    }
}
