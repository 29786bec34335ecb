package dev.postern.backend.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.backend.imap.HostileImapAnswersTest.Run;
import dev.postern.config.AccountConfig;
import dev.postern.config.PasswordSource;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.model.Protocol;
import dev.postern.model.Security;
import jakarta.mail.Flags;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Special folders (trash, sent, drafts) on servers that mark none with SPECIAL-USE: Courier and Cyrus, where every
 * folder is under "INBOX." (NAMESPACE (("INBOX." "."))) and a CREATE outside it is refused without a response code,
 * and older iCloud ("Sent Messages", "Deleted Messages"). The existing folder is used; a refused CREATE quotes the
 * server, names the setting and is 75 (not known to stand), never "there is no folder".
 */
class SpecialFoldersImapTest {
    @TempDir Path dir;

    /** Names LIST gives ({@code sep} between levels), what APPEND and COPY were sent to. */
    private static HostileImap server(String caps, char sep, List<String> folders) throws Exception {
        HostileImap s = new HostileImap();
        s.capabilities = caps;
        List<String> known = new CopyOnWriteArrayList<>(folders);
        HostileImap.Answer list = (c, tag, args) -> {
            String verb = "LIST";
            String pattern = args.substring(args.indexOf(' ') + 1).strip().replace("\"", "");
            if (pattern.isEmpty()) c.say("* " + verb + " (\\Noselect) \"" + sep + "\" \"\"");
            for (String f : known) {
                if (pattern.equals("*") || pattern.equals("%") || pattern.equalsIgnoreCase(f)) {
                    c.say("* " + verb + " () \"" + sep + "\" \"" + f + "\"");
                }
            }
            c.say(tag + " OK done");
        };
        s.on("LIST", list).on("NAMESPACE", (c, tag, args) -> {
            c.say("* NAMESPACE ((\"INBOX.\" \".\")) NIL NIL");
            c.say(tag + " OK done");
        }).on("CREATE", (c, tag, args) -> c.say(tag + " NO Invalid mailbox name."))
                .on("APPEND", (c, tag, args) -> {
                    int n = Integer.parseInt(args.substring(args.lastIndexOf('{') + 1, args.lastIndexOf('}')));
                    c.say("+ go on");
                    c.in().readNBytes(n);
                    dev.postern.backend.link.ScriptedServer.line(c.in());
                    c.say(tag + " OK [APPENDUID 7 3] appended");
                })
                .on("UID COPY", (c, tag, args) -> c.say(tag + " OK [COPYUID 9 7 1] done"))
                .on("COPY", (c, tag, args) -> c.say(tag + " OK [COPYUID 9 7 1] done"))
                .on("UID STORE", (c, tag, args) -> c.say(tag + " OK done"))
                .on("STORE", (c, tag, args) -> c.say(tag + " OK done"))
                .on("UID EXPUNGE", (c, tag, args) -> {
                    s.uids = new long[] {8}; // 7 gone
                    c.say("* 1 EXPUNGE");
                    c.say(tag + " OK done");
                });
        return s;
    }

    private static HostileImap courier() throws Exception {
        return server("IMAP4rev1 UIDPLUS CHILDREN NAMESPACE", '.', List.of("INBOX", "INBOX.Drafts", "INBOX.Sent", "INBOX.Trash"));
    }

    private static AccountConfig account(HostileImap s) {
        return new AccountConfig("t", Protocol.IMAP, "127.0.0.1", s.port(), Security.PLAIN, "a",
                new PasswordSource.Literal("pw"), null, false, Duration.ofSeconds(5), 0);
    }

    private static SentAppender.Appended sent(HostileImap s, String configured) {
        return new SentAppender(account(s), () -> "pw").append(HostileImap.RAW.getBytes(StandardCharsets.US_ASCII),
                "\\Sent", configured, new Flags(Flags.Flag.SEEN));
    }

    private static boolean got(HostileImap s, String part) {
        return s.got.stream().anyMatch(l -> l.contains(part));
    }

    @Test
    void theSentCopyGoesToInboxSentOnCourierAndNothingIsCreated() throws Exception {
        try (HostileImap s = courier()) {
            assertEquals("INBOX.Sent", sent(s, null).folder());
            assertTrue(got(s, "APPEND INBOX.Sent") || got(s, "APPEND \"INBOX.Sent\""), s.got.toString());
            assertFalse(got(s, "CREATE"), s.got.toString());
        }
    }

    @Test
    void aDraftGoesToInboxDrafts() throws Exception {
        try (HostileImap s = courier()) {
            SentAppender.Appended d = new SentAppender(account(s), () -> "pw").replace(
                    HostileImap.RAW.getBytes(StandardCharsets.US_ASCII), "\\Drafts", null, new Flags(Flags.Flag.DRAFT));
            assertEquals("INBOX.Drafts", d.folder());
            assertFalse(got(s, "CREATE"), s.got.toString());
        }
    }

    /** Older iCloud and QQ Mail: well-known names without SPECIAL-USE; no "Sent" is made beside "Sent Messages". */
    @Test
    void wellKnownNamesAreUsedWithoutSpecialUse() throws Exception {
        try (HostileImap s = server("IMAP4rev1 UIDPLUS", '/', List.of("INBOX", "Deleted Messages", "Sent Messages", "Drafts"))) {
            assertEquals("Sent Messages", sent(s, null).folder());
            assertFalse(got(s, "CREATE"), s.got.toString());
        }
    }

    /** A CREATE refused with no response code: the server's words and the setting, 75; not "there is no folder". */
    @Test
    void aRefusedCreateQuotesTheServerAndNamesTheSetting() throws Exception {
        try (HostileImap s = courier()) {
            PosternException e = assertThrows(PosternException.class, () -> sent(s, "Sent"));
            assertEquals(ExitCode.TEMPFAIL, e.exitCode(), e.getMessage());
            assertTrue(e.getMessage().contains("server said: Invalid mailbox name.")
                    && e.getMessage().contains("set sent_folder = \"INBOX.Sent\" in [accounts.t]"), e.getMessage());
            assertFalse(e.getMessage().contains("there is no folder"), e.getMessage());
            assertFalse(got(s, "SUBSCRIBE") || got(s, "APPEND"), s.got.toString());
        }
    }

    @Test
    void anImportIntoAFolderTheServerWillNotCreateSaysSo() throws Exception {
        try (HostileImap s = courier(); ImapAppend a = new ImapAppend(account(s), () -> "pw")) {
            PosternException e = assertThrows(PosternException.class, () -> a.open("Archive", Set.of()));
            assertTrue(e.getMessage().contains("refused to create folder 'Archive' (server said: Invalid mailbox name.);"
                    + " this server keeps folders under 'INBOX.': try 'INBOX.Archive'"), e.getMessage());
        }
    }

    /**
     * Retention that moves to Trash on a server with no trash folder and the "INBOX." prefix: the advice names the
     * folder `delete` would create there, INBOX.Trash, not a plain "Trash" the server refuses.
     */
    @Test
    void retentionWithoutATrashAdvisesTheNameUnderThePrefix() throws Exception {
        try (HostileImap s = server("IMAP4rev1 UIDPLUS CHILDREN NAMESPACE", '.', List.of("INBOX", "INBOX.Sent"));
                ImapSession session = new ImapSession(account(s), () -> "pw")) {
            dev.postern.retention.ImapDeleter deleter = new dev.postern.retention.ImapDeleter("t", session);
            PosternException e = assertThrows(PosternException.class, () -> deleter.toTrash("INBOX", 1, List.of(7L)));
            assertEquals(ExitCode.UNAVAILABLE, e.exitCode());
            assertTrue(e.getMessage().contains("has no Trash folder; create one (postern folder create INBOX.Trash -a t)"),
                    e.getMessage());
        }
    }

    @Test
    void specialUseAndThePrefixComeFromTheSession() throws Exception {
        try (HostileImap s = courier(); ImapSession session = new ImapSession(account(s), () -> "pw")) {
            assertEquals("INBOX.Trash", session.specialUse().get("\\Trash"));
            assertEquals("INBOX.", session.personalPrefix());
        }
    }

    /** `delete` moves to INBOX.Trash (no CREATE Trash); `folder create` refused without a code is 75, with a hint. */
    @Test
    void deleteUsesInboxTrashAndARefusedFolderCreateIs75() throws Exception {
        try (HostileImap s = courier()) {
            assertEquals(0, HostileImapAnswersTest.run(dir, s, "", "list").code());
            Run r = HostileImapAnswersTest.run(dir, s, "", "delete", "INBOX", "7");
            assertEquals(0, r.code(), r + " " + s.got);
            assertTrue(got(s, "COPY 1 INBOX.Trash") || got(s, "COPY 7 INBOX.Trash"), s.got.toString());
            assertFalse(got(s, "CREATE"), s.got.toString());
            Run c = HostileImapAnswersTest.run(dir, s, "", "folder", "create", "Archive");
            assertEquals(75, c.code(), c.toString());
            assertTrue(c.err().contains("(server said: Invalid mailbox name.); this server keeps folders under 'INBOX.':"
                    + " try 'INBOX.Archive'"), c.toString());
        }
    }

    /** A trash setting the server will not create: its words, the setting with the prefix, 75. */
    @Test
    void aTrashSettingTheServerRefusesNamesTheSetting() throws Exception {
        try (HostileImap s = courier()) {
            String extra = "trash = \"Bin\"\n";
            assertEquals(0, HostileImapAnswersTest.run(dir, s, extra, "list").code());
            Run r = HostileImapAnswersTest.run(dir, s, extra, "delete", "INBOX", "7");
            assertEquals(75, r.code(), r.toString());
            assertTrue(r.err().contains("refused to create folder 'Bin' (server said: Invalid mailbox name.); set trash ="
                    + " \"INBOX.Bin\" in [accounts.t]."), r.toString());
        }
    }
}
