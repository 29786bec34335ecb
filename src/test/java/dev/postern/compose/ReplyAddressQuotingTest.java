package dev.postern.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.Envelope;
import dev.postern.model.ExitCode;
import dev.postern.model.MessageRef;
import dev.postern.model.PosternException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Addresses of an original message carried into a reply as text that is parsed again (the draft, the editor's file, the
 * builder): display names quoted per RFC 5322, non-ASCII kept readable, hostile names unable to add a header line or a
 * recipient, and an unusable address of the original told as bad data (65), naming its header.
 */
class ReplyAddressQuotingTest {
    /** Names as Envelope holds them: decoded, not quoted. */
    private static final List<String> NAMES = List.of("Doe, John", "Smith [Ops]", "Say \"hi\"", "back\\slash", "Jürgen Groß",
            "Émile 😀 Zoé", "O'Brien (QA)", "a: b; c", "at @ sign", "<angle>", "Plain Name");

    private static Envelope original(String from, List<String> to, List<String> cc) {
        return new Envelope(new MessageRef("a", "INBOX", 1, 7), "<m7@x.org>", Instant.parse("2026-11-20T09:30:00Z"), from, to, cc,
                "plans", 100, null, null, List.of(), null);
    }

    private static String header(byte[] raw, String name) throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
        return m.getHeader(name, ",");
    }

    @Test
    void replyAllToQuotedDisplayNamesBuildsWithEveryRecipient() throws Exception {
        Envelope e = original("Alice <alice@x.org>", List.of("Smith [Ops] <smith@x.org>", "Doe, John <jd@x.org>"),
                List.of("N\u001b[30m <t0@x.org>"));
        Draft d = Templates.reply("me@x.org", e, null, "t", true, Set.of("me@x.org"), ZoneOffset.UTC);
        assertEquals(List.of("Alice <alice@x.org>", "\"Smith [Ops]\" <smith@x.org>", "\"Doe, John\" <jd@x.org>"), d.to());
        assertEquals(List.of("\"N[30m\" <t0@x.org>"), d.cc(), "the escape character is gone, the rest quoted");
        Built b = new MessageBuilder().build(d);
        assertEquals(List.of("alice@x.org", "smith@x.org", "jd@x.org", "t0@x.org"), b.recipients());
        InternetAddress[] to = InternetAddress.parseHeader(header(b.raw(), "To"), true);
        assertEquals("Doe, John", to[2].getPersonal());
        assertEquals("Smith [Ops]", to[1].getPersonal());
    }

    @Test
    void namesWithSpecialsRoundTripThroughTheDraftFileAndTheBuilder() throws Exception {
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < NAMES.size(); i++) entries.add(NAMES.get(i) + " <p" + i + "@x.org>");
        Draft d = Templates.reply("me@x.org", original("Alice <alice@x.org>", entries, List.of()), null, "t", true, Set.of(),
                ZoneOffset.UTC);
        String file = DraftFile.write(d);
        assertTrue(file.contains("To: Alice <alice@x.org>, \"Doe, John\" <p0@x.org>, "), file);
        assertTrue(file.contains(", Jürgen Groß <p4@x.org>, ") && file.contains("\"Émile 😀 Zoé\" <p5@x.org>"), "readable: " + file);
        assertFalse(file.contains("=?"), file);
        Draft back = DraftFile.read(file, d);
        assertEquals(d.to(), back.to(), "the editor's file gives back the same addresses");
        List<InternetAddress> parsed = MessageBuilder.list("To", back.to());
        assertEquals(NAMES.size() + 1, parsed.size());
        for (int i = 0; i < NAMES.size(); i++) {
            assertEquals(NAMES.get(i), parsed.get(i + 1).getPersonal(), "name " + i);
            assertEquals("p" + i + "@x.org", parsed.get(i + 1).getAddress());
        }
        Built b = new MessageBuilder().build(back);
        InternetAddress[] sent = InternetAddress.parseHeader(header(b.raw(), "To"), true);
        assertEquals(NAMES.size() + 1, sent.length);
        for (int i = 0; i < NAMES.size(); i++) assertEquals(NAMES.get(i), sent[i + 1].getPersonal(), "sent name " + i);
    }

    @Test
    void aHostileNameAddsNoHeaderLineAndNoRecipient() throws Exception {
        List<String> hostile = List.of("Eve\r\nBcc: spy@evil.org <eve@x.org>", "\u202Egnp.exe\u202C, spy@evil.org <bob@x.org>",
                "x\u0000\u0085\u2066y\" <a@b>, spy@evil.org <carol@x.org>");
        Draft d = Templates.reply("me@x.org", original("Alice <alice@x.org>", hostile, List.of()), null, "t", true, Set.of(),
                ZoneOffset.UTC);
        for (String a : d.to()) {
            assertTrue(a.chars().noneMatch(c -> c < 0x20 || (c >= 0x7f && c < 0xa0) || c == 0x202E || c == 0x2066), a);
        }
        Built b = new MessageBuilder().build(d);
        assertEquals(List.of("alice@x.org", "eve@x.org", "bob@x.org", "carol@x.org"), b.recipients());
        String raw = new String(b.raw(), StandardCharsets.UTF_8);
        assertFalse(raw.contains("\nBcc:") || raw.contains("\r\nBcc"), raw);
        DraftFile.write(d).lines().limit(5).forEach(l -> assertFalse(l.startsWith("Bcc: s"), l));
    }

    @Test
    void anUnusableAddressOfTheOriginalIsBadDataNamingItsHeader() {
        PosternException from = assertThrows(PosternException.class, () -> Templates.reply("me@x.org",
                original("\u202E evil@x", List.of(), List.of()), null, "t", true, Set.of(), ZoneOffset.UTC));
        assertEquals(ExitCode.DATAERR, from.exitCode());
        assertTrue(from.getMessage().contains("original message's From header"), from.getMessage());
        assertFalse(from.getMessage().contains("\u202E"), "shown escaped: " + from.getMessage());

        Envelope badCc = original("Alice <alice@x.org>", List.of("bob@x.org"), List.of("Two <a@x.org, spy@evil.org>"));
        PosternException cc = assertThrows(PosternException.class,
                () -> Templates.reply("me@x.org", badCc, null, "t", true, Set.of(), ZoneOffset.UTC));
        assertEquals(ExitCode.DATAERR, cc.exitCode());
        assertTrue(cc.getMessage().contains("Cc header"), cc.getMessage());
        assertEquals(List.of("Alice <alice@x.org>"),
                Templates.reply("me@x.org", badCc, null, "t", false, Set.of(), ZoneOffset.UTC).to(), "a plain reply reads no Cc");

        byte[] raw = "Reply-To: \"Ops\" <ops@x.org>, \"A\" <a\u001b@x.org>\r\n\r\nx".getBytes(StandardCharsets.ISO_8859_1);
        PosternException replyTo = assertThrows(PosternException.class, () -> Templates.reply("me@x.org",
                original("Alice <alice@x.org>", List.of(), List.of()), raw, "t", false, Set.of(), ZoneOffset.UTC));
        assertEquals(ExitCode.DATAERR, replyTo.exitCode());
        assertTrue(replyTo.getMessage().contains("Reply-To header"), replyTo.getMessage());
    }

    @Test
    void commentsAndObsoleteSpacingInTheOriginalsAddressAreLeftOut() {
        // Hunt 35-E E11: RFC 5322 A.5's own example failed over POP3 (65), where the raw header is kept; IMAP's ENVELOPE
        // had already dropped the comments.
        Envelope pete = original("Pete(A wonderful \\) chap) <pete(his account)@silly.test(his host)>",
                List.of("foo@example  .com", "jdoe@test   . example"), List.of("\"Q. (not a comment)\" <q(note)@x.org>"));
        Draft d = Templates.reply("me@x.org", pete, null, "t", true, Set.of(), ZoneOffset.UTC);
        assertEquals(List.of("Pete <pete@silly.test>", "foo@example.com", "jdoe@test.example"), d.to());
        assertEquals(List.of("\"Q. (not a comment)\" <q@x.org>"), d.cc(), "a quoted string keeps its parentheses");
        assertEquals(List.of("pete@silly.test", "foo@example.com", "jdoe@test.example", "q@x.org"),
                new MessageBuilder().build(d).recipients());
    }

    @Test
    void replyToNamesAreQuotedAgainAndAnEmptyGroupIsNoRecipient() {
        byte[] raw = "Reply-To: \"Doe, John\" <jd@x.org>, \"Ops [24/7]\" <ops@x.org>\r\n\r\nx".getBytes(StandardCharsets.US_ASCII);
        Envelope e = original("Alice <alice@x.org>", List.of("undisclosed-recipients:;"),
                List.of("team:b@x.org,\"Doe, Jane\" <jane@x.org>;"));
        Draft d = Templates.reply("me@x.org", e, raw, "t", true, Set.of(), ZoneOffset.UTC);
        assertEquals(List.of("\"Doe, John\" <jd@x.org>", "\"Ops [24/7]\" <ops@x.org>"), d.to());
        assertEquals(List.of("b@x.org", "\"Doe, Jane\" <jane@x.org>"), d.cc(), "a group's members; an empty group none");
        assertEquals(4, new MessageBuilder().build(d).recipients().size());
    }

    @Test
    void theDraftFileSplitsOnlyAtCommasOutsideQuotesEscapesAndComments() {
        assertEquals(List.of("\"a \\\", b\" <x@y.org>", "c@y.org (Doe, J.)", "\"back\\\\\" <z@y.org>", "w@y.org"),
                DraftFile.split("\"a \\\", b\" <x@y.org>, c@y.org (Doe, J.), \"back\\\\\" <z@y.org>, w@y.org"));
    }

    @Test
    void anAddressBookNameWithABackslashOrQuoteIsQuotedAsRfc5322Says() throws Exception {
        List<String> got = AddressQuery.parse("header\nq@x.org\tSay \"hi\", back\\slash\n");
        assertEquals(List.of("\"Say \\\"hi\\\", back\\\\slash\" <q@x.org>"), got);
        assertEquals("Say \"hi\", back\\slash", MessageBuilder.list("To", got).get(0).getPersonal());
    }

    @Test
    void aRecalledDraftKeepsQuotedNamesAndLosesControlCharactersInThem() {
        byte[] raw = ("From: me@x.org\r\nTo: \"Doe, John\" <jd@x.org>, =?UTF-8?Q?Eve=0D=0ABcc=3A_spy=1B=E2=80=AE?= <eve@x.org>\r\n"
                + "Subject: s\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII);
        Draft d = Recall.draft(raw, "me@x.org");
        assertEquals(List.of("\"Doe, John\" <jd@x.org>", "\"Eve Bcc: spy\" <eve@x.org>"), d.to());
        assertEquals(List.of("jd@x.org", "eve@x.org"), new MessageBuilder().build(d).recipients());
    }
}
