package dev.postern.backend.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.backend.imap.HostileImapAnswersTest.Run;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Answers that cost Angus far more than their bytes ({@link AnswerGuards}): a VANISHED nobody asked for, status
 * answers or continuation requests without end, each the server's fault (75, one line naming it), in bounded
 * memory; and COPYUIDs that are not one UID for each message copied, which leave the copy done. The floods here
 * stop after a little more than the guards allow and then answer properly, so that without the guards the test
 * fails rather than fills the heap.
 */
@Timeout(60)
class HostileImapGuardsTest {
    @TempDir Path dir;

    private Run run(HostileImap s, String... args) throws Exception {
        return HostileImapAnswersTest.run(dir, s, "", args);
    }

    private static void faulty(Run r, HostileImap s, String what) {
        assertEquals(75, r.code(), r.toString());
        assertEquals(1, r.err().strip().lines().count(), r.toString());
        assertTrue(r.err().contains("the server at 127.0.0.1:" + s.port() + " " + what), r.err());
        assertTrue(r.err().contains("the server is faulty"), r.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1:3", "1:4294967295", "(EARLIER) 1:500000000"})
    void aVanishedPosternNeverAskedForIsTheServersFault(String set) throws Exception {
        try (HostileImap s = new HostileImap()) {
            s.on("UID FETCH", (c, tag, args) -> {
                c.say("* VANISHED " + set);
                HostileImap.fetch(c, args);
                c.say(tag + " OK done");
            });
            faulty(run(s, "list"), s, "sent VANISHED");
        }
    }

    /** INBOX and Archive listed; COPY answered with {@code copyAnswer}, its {@code TAG} the command's tag. */
    static HostileImap withArchive(HostileImap s, String copyAnswer) {
        return s.on("LIST", (c, tag, args) -> {
            if (args.contains("\"\" \"\"")) {
                c.say("* LIST (\\Noselect) \"/\" \"\"");
            } else {
                c.say("* LIST () \"/\" INBOX");
                c.say("* LIST () \"/\" Archive");
            }
            c.say(tag + " OK done");
        }).on("COPY", (c, tag, args) -> c.say(copyAnswer.replace("TAG", tag)));
    }

    /**
     * COPYUIDs Angus could not map to the message copied (it expanded {@code 1:500000000} into arrays, failed on a
     * zero, on fewer UIDs than messages, on a range high to low, on none): the copy is done, its new UID unknown.
     */
    @ParameterizedTest
    @ValueSource(strings = {
        "TAG OK [COPYUID 9 1:500000000 1:500000000] copied",
        "TAG OK [COPYUID 9 7 0:4294967295] copied",
        "TAG OK [COPYUID 9 1:4294967295 1:4294967295] copied",
        "TAG OK [COPYUID 9 7 x] copied",
        "TAG OK copied"})
    void aCopyuidThatIsNotOneUidForEachMessageCopiedLeavesTheCopyDone(String answer) throws Exception {
        try (HostileImap s = withArchive(new HostileImap(), answer.replace("\n", "\r\n"))) {
            Run r = run(s, "copy", "INBOX", "7", "--to", "Archive");
            assertEquals(0, r.code(), r.toString());
            assertEquals("", r.err(), r.toString());
            assertEquals(1, s.got.stream().filter(l -> l.matches("\\S+ COPY 1 Archive")).count(), s.got.toString());
        }
    }

    @Test
    void aRightCopyuidIsReadAndAWrongOneMapsNoMessage() {
        assertEquals(3, AnswerGuards.count("1:2,9"));
        assertEquals(3, AnswerGuards.count("3:1"));
        assertEquals(-1, AnswerGuards.count("0:3"));
        assertEquals(-1, AnswerGuards.count("1:4294967296"));
        assertEquals(-1, AnswerGuards.count("1,"));
        assertEquals(4294967295L, AnswerGuards.count("1:4294967295"));
        org.eclipse.angus.mail.imap.CopyUID c = AnswerGuards.mappable(new org.eclipse.angus.mail.iap.Response[] {
            new org.eclipse.angus.mail.iap.Response("* OK [COPYUID 9 5:4 11:12] moved"),
            new org.eclipse.angus.mail.iap.Response("A1 OK [copyuid 9 7 13] done")}, 3);
        assertEquals(9, c.uidvalidity);
        assertEquals("[4, 5, 7]", java.util.Arrays.toString(org.eclipse.angus.mail.imap.protocol.UIDSet.toArray(c.src)));
        assertEquals("[11, 12, 13]", java.util.Arrays.toString(org.eclipse.angus.mail.imap.protocol.UIDSet.toArray(c.dst)));
        for (String wrong : new String[] {"7:9 1:3", "7 1:2", "7:8 0:1", "7:8 1,4294967296", "5:6 1:2,3"}) {
            c = AnswerGuards.mappable(new org.eclipse.angus.mail.iap.Response[] {
                new org.eclipse.angus.mail.iap.Response("A1 OK [COPYUID 9 " + wrong + "] done")}, 2);
            assertEquals("[4294967294, 4294967295]",
                    java.util.Arrays.toString(org.eclipse.angus.mail.imap.protocol.UIDSet.toArray(c.src)), wrong);
        }
    }

    /**
     * An APPENDUID whose UID Angus cannot read (it reads one too long as -1) leaves the new copy's UID unknown: it
     * was taken as the UID to keep, and replacing a draft then took out every copy of it, the new one too.
     */
    @ParameterizedTest
    @ValueSource(strings = {"42 99999999999999999999", "0 7", "42 x"})
    void anAppenduidThatIsNoUidReplacesNothing(String code) throws Exception {
        try (HostileImap s = new HostileImap()) {
            s.on("LIST", (c, tag, args) -> {
                c.say("* LIST (\\Drafts) \"/\" Drafts");
                c.say(tag + " OK done");
            }).on("APPEND", (c, tag, args) -> {
                int n = Integer.parseInt(args.substring(args.lastIndexOf('{') + 1, args.lastIndexOf('}')));
                c.say("+ go on");
                c.in().readNBytes(n);
                dev.postern.backend.link.ScriptedServer.line(c.in());
                c.say(tag + " OK [APPENDUID " + code + "] appended");
            }).on("SEARCH", (c, tag, args) -> {
                c.say("* SEARCH 1");
                c.say(tag + " OK done");
            });
            dev.postern.config.AccountConfig account = new dev.postern.config.AccountConfig("t",
                    dev.postern.model.Protocol.IMAP, "127.0.0.1", s.port(), dev.postern.model.Security.PLAIN, "a",
                    new dev.postern.config.PasswordSource.Literal("pw"), null, false, java.time.Duration.ofSeconds(20), 0);
            SentAppender.Appended done = new SentAppender(account, () -> "pw").replace(
                    HostileImap.RAW.getBytes(StandardCharsets.US_ASCII), "\\Drafts", "Drafts",
                    new jakarta.mail.Flags(jakarta.mail.Flags.Flag.DRAFT));
            assertEquals(0, done.uid(), done.toString());
            assertTrue(s.got.stream().anyMatch(l -> l.contains(" SEARCH ")), s.got.toString());
            assertTrue(s.got.stream().noneMatch(l -> l.contains("STORE")), s.got.toString());
        }
    }

    /** Sends {@code n} copies of {@code line}, then the plain answer to UID FETCH, if the client still listens. */
    private static HostileImap flooding(String line, int n) throws Exception {
        HostileImap s = new HostileImap();
        byte[] one = (line + "\r\n").getBytes(StandardCharsets.US_ASCII);
        return s.on("UID FETCH", (c, tag, args) -> {
            try {
                for (int i = 0; i < n; i++) c.raw(one);
                HostileImap.fetch(c, args);
                c.say(tag + " OK done");
            } catch (java.io.IOException gone) {
                // the client cut the answer off
            }
        });
    }

    @Test
    void statusAnswersWithoutEndAreTheServersFault() throws Exception {
        try (HostileImap s = flooding("* OK still working", AnswerGuards.MAX_STATUS + 10)) {
            faulty(run(s, "list"), s, "sent more than " + AnswerGuards.MAX_STATUS + " status answers");
        }
    }

    @Test
    void continuationRequestsWithoutEndAreTheServersFault() throws Exception {
        try (HostileImap s = flooding("+ go on", AnswerGuards.MAX_CONTINUATIONS + 10)) {
            faulty(run(s, "list"), s, "sent more than " + AnswerGuards.MAX_CONTINUATIONS + " continuation requests");
        }
    }

    @Test
    void longStatusAnswersPastTheirBudgetAreTheServersFault() throws Exception {
        String line = "* NO " + "x".repeat(64 * 1024);
        try (HostileImap s = flooding(line, (int) (AnswerGuards.MAX_STATUS_BYTES / line.length()) + 2)) {
            faulty(run(s, "list"), s, "sent more than 1024 KiB of status answers");
        }
    }

    @Test
    void aFewHundredStatusAnswersAreTaken() throws Exception {
        try (HostileImap s = flooding("* OK still working", 500)) {
            Run r = run(s, "list");
            assertEquals(0, r.code(), r.toString());
            assertTrue(r.out().contains("hello"), r.toString());
        }
    }
}
