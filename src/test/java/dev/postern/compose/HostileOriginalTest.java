package dev.postern.compose;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.postern.model.Envelope;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.model.MessageRef;
import dev.postern.render.Sanitizer;
import jakarta.mail.Header;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Replies to and forwards of hostile or broken originals (hunt 30-L): what goes out has no line over 998 octets, only
 * real message ids in In-Reply-To and References, and none of the original's escape sequences or bidi controls.
 */
class HostileOriginalTest {
    private static final String ESC = "\u001b";
    private static final String OSC52 = ESC + "]52;c;cm0gLXJmIH4=\u0007";
    private static final String TITLE = ESC + "]0;PWNED\u0007";
    private static final String RLO = "\u202e";

    private final MessageBuilder builder = new MessageBuilder(Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"), ZoneOffset.UTC));

    private static Envelope original(String messageId, String inReplyTo, List<String> references, String from,
            List<String> to, List<String> cc, String subject) {
        return new Envelope(new MessageRef("a", "INBOX", 1, 56), messageId, Instant.parse("2024-01-01T10:00:00Z"), from, to, cc,
                subject, 100, null, inReplyTo, references, null);
    }

    private Draft reply(Envelope e) {
        return Templates.reply("me@example.org", e, null, "the text", true, Set.of("me@example.org"), ZoneOffset.UTC);
    }

    private static MimeMessage parsed(byte[] raw) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
    }

    /** Every line of the message (CRLF not counted) within RFC 5322's 998 octets. */
    private static void assertShortLines(byte[] raw) {
        String s = new String(raw, StandardCharsets.ISO_8859_1);
        for (String line : s.split("\r\n", -1)) {
            assertTrue(line.length() <= 998, "a line of " + line.length() + " octets: " + line.substring(0, Math.min(80, line.length())));
        }
    }

    /** A quoted local part with a space is a real id (RFC 5322 obs-id-left) and keeps the reply in its thread (hunt 30-Q, 5). */
    @Test
    void anIdWithAQuotedLocalPartIsKept() throws Exception {
        Envelope e = original("<\"a b\"@example.org>", null, List.of("<\"x y\"@example.org>"), "a@example.org",
                List.of("me@example.org"), List.of(), "hi");
        MimeMessage m = parsed(builder.build(reply(e)).raw());
        assertEquals("<\"a b\"@example.org>", m.getHeader("In-Reply-To", null));
        assertTrue(m.getHeader("References", null).contains("<\"x y\"@example.org>"), m.getHeader("References", null));
    }

    /** A Reply-To in raw 8-bit UTF-8 (no encoded word) goes back decoded, not as "JÃ¶rg MÃ¼ller" (hunt 30-Q, 1). */
    @Test
    void aRawUtf8ReplyToIsAnsweredWithItsNameDecoded() throws Exception {
        byte[] raw = ("From: a@example.org\r\nReply-To: J\u00f6rg M\u00fcller <joerg@example.org>\r\nSubject: hi\r\n"
                + "Message-ID: <h@example.org>\r\n\r\nbody\r\n").getBytes(StandardCharsets.UTF_8);
        Envelope e = original("<h@example.org>", null, List.of(), "a@example.org", List.of("me@example.org"), List.of(), "hi");
        Draft d = Templates.reply("me@example.org", e, raw, "the text", false, Set.of("me@example.org"), ZoneOffset.UTC);
        assertEquals(List.of("J\u00f6rg M\u00fcller <joerg@example.org>"), d.to());
        MimeMessage m = parsed(builder.build(d).raw());
        InternetAddress to = (InternetAddress) m.getRecipients(jakarta.mail.Message.RecipientType.TO)[0];
        assertEquals("J\u00f6rg M\u00fcller", to.getPersonal());
        assertEquals("joerg@example.org", to.getAddress());
    }

    @Test
    void aFiveThousandCharacterMessageIdIsLeftOutRatherThanSentOnAnOverlongLine() throws Exception {
        String huge = "<" + "m".repeat(5000) + "@hunt>";
        Draft d = reply(original(huge, null, List.of(), "Bob <bob@example.org>", List.of(), List.of(), "long id"));
        byte[] raw = builder.build(d).raw();
        assertShortLines(raw);
        MimeMessage m = parsed(raw);
        assertNull(m.getHeader("In-Reply-To"), "an id that cannot fit on a line is left out");
        assertNull(m.getHeader("References"));

        // a long id among good ones: only it is left out
        Draft mixed = reply(original("<ok@hunt>", null, List.of("<root@hunt>", huge), "bob@example.org", List.of(), List.of(), "s"));
        MimeMessage mm = parsed(builder.build(mixed).raw());
        assertEquals("<ok@hunt>", mm.getHeader("In-Reply-To", null));
        assertEquals("<root@hunt> <ok@hunt>", MimeUtility.unfold(mm.getHeader("References", null)));
    }

    @Test
    void junkInTheThreadingHeadersIsNeverMadeIntoInventedOrNestedIds() throws Exception {
        Draft d = reply(original("<a b c@hunt> trailing junk", "garbage without brackets", List.of(), "bob@example.org",
                List.of(), List.of(), "junk ids"));
        MimeMessage m = parsed(builder.build(d).raw());
        assertNull(m.getHeader("In-Reply-To"), "no id in '<a b c@hunt> trailing junk'");
        assertNull(m.getHeader("References"), "none in 'garbage without brackets' either");

        Draft nested = reply(original("<x <y@hunt> z>", "junk <p@hunt> more", List.of("<a <b@hunt>>", "bare@hunt", "<no-at>"),
                "bob@example.org", List.of(), List.of(), "nested"));
        MimeMessage n = parsed(builder.build(nested).raw());
        assertEquals("<y@hunt>", n.getHeader("In-Reply-To", null));
        assertEquals("<b@hunt> <y@hunt>", MimeUtility.unfold(n.getHeader("References", null)));
    }

    @Test
    void aFiveThousandIdChainIsTrimmedToItsFirstAndLastTwenty() throws Exception {
        List<String> chain = new ArrayList<>();
        for (int i = 0; i < 5000; i++) chain.add("<r" + i + "@hunt>");
        Draft d = reply(original("<last@hunt>", "<r4999@hunt>", chain, "bob@example.org", List.of(), List.of(), "deep"));
        byte[] raw = builder.build(d).raw();
        assertShortLines(raw);
        String refs = parsed(raw).getHeader("References", null);
        for (String line : refs.split("\r\n")) assertTrue(line.length() <= 78, "folded between ids: " + line);
        List<String> ids = List.of(MimeUtility.unfold(refs).strip().split("\\s+"));
        List<String> want = new ArrayList<>(List.of("<r0@hunt>"));
        for (int i = 4981; i < 5000; i++) want.add("<r" + i + "@hunt>");
        want.add("<last@hunt>");
        assertEquals(want, ids);
    }

    @Test
    void longSubjectsAndNamesFoldAndEveryLineStaysWithin998Octets() throws Exception {
        String word = "w".repeat(3000);
        Draft d = reply(original("<ok@hunt>", null, List.of(), "Bob <bob@example.org>", List.of(), List.of(),
                word + " and ümlaut " + "x".repeat(2000)));
        byte[] raw = builder.build(d).raw();
        assertShortLines(raw);
        assertEquals("Re: " + word + " and ümlaut " + "x".repeat(2000), parsed(raw).getSubject());
        Draft ascii = reply(original("<ok@hunt>", null, List.of(), "bob@example.org", List.of(), List.of(), word));
        byte[] a = builder.build(ascii).raw();
        assertShortLines(a);
        assertEquals("Re: " + word, parsed(a).getSubject());
        Draft names = reply(original("<ok@hunt>", null, List.of(), "n".repeat(3000) + " <bob@example.org>",
                List.of("Zoë " + "z".repeat(2000) + " <zoe@example.org>"), List.of("c".repeat(1500) + " <c@example.org>"), "s"));
        byte[] n = builder.build(names).raw();
        assertShortLines(n);
        assertEquals("n".repeat(3000), ((jakarta.mail.internet.InternetAddress) parsed(n).getRecipients(
                jakarta.mail.Message.RecipientType.TO)[0]).getPersonal());
        assertShortLines(builder.build(reply(original("<ok@hunt>", null, List.of(), "bob@example.org", List.of(), List.of(), "s"))
                .withBody("q".repeat(5000) + "\n")).raw());
        PosternException tooLong = assertThrows(PosternException.class, () -> reply(original("<ok@hunt>", null, List.of(),
                "Bob <" + "b".repeat(5000) + "@example.org>", List.of(), List.of(), "s")));
        assertEquals(ExitCode.DATAERR, tooLong.exitCode(), "the original's fault, not the user's");
    }

    private static final String NAME = ESC + "[5mEvil" + ESC + "[0m " + RLO + "YLIMAF" + "\u202c\u200f\u2066x\u2069";
    private static final String SUBJECT = TITLE + ESC + "[31mRED" + OSC52 + ESC + "[2J" + RLO + "gnp.exe\u0085\u009b2J";

    private static Envelope hostile() throws Exception {
        String encoded = MimeUtility.decodeText("=?UTF-8?B?" + java.util.Base64.getEncoder().encodeToString(
                (ESC + "]0;ENCTITLE\u0007" + ESC + "[41mBG\r\nBcc: injected@evil.example" + RLO + " word")
                        .getBytes(StandardCharsets.UTF_8)) + "?=");
        return original("<h@hunt>", null, List.of(), NAME + " <evil@example.org>", List.of(NAME + " <t@example.org>"),
                List.of(TITLE + "Cc" + RLO + " <c@example.org>"), SUBJECT + " " + encoded);
    }

    /** No C0 control but line breaks and tabs, no DEL, C1 control or bidi control. */
    private static void assertClean(String where, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean bad = (c < 0x20 && c != '\r' && c != '\n' && c != '\t') || c == 0x7f || (c >= 0x80 && c <= 0x9f)
                    || Sanitizer.isBidiControl(c);
            if (bad) fail(where + " has U+" + Integer.toHexString(c) + " at " + i + ": " + Sanitizer.oneLine(s));
        }
    }

    /** The built bytes, their header lines decoded, and the body text decoded. */
    private void assertCleanMessage(Draft d) throws Exception {
        assertClean("the draft file", DraftFile.write(d));
        byte[] raw = builder.build(DraftFile.read(DraftFile.write(d), d)).raw();
        assertShortLines(raw);
        assertClean("the message's bytes", new String(raw, StandardCharsets.UTF_8));
        MimeMessage m = parsed(raw);
        for (Header h : Collections.list(m.getAllHeaders())) {
            assertClean(h.getName(), MimeUtility.decodeText(MimeUtility.unfold(h.getValue())));
        }
        for (jakarta.mail.Address a : m.getAllRecipients()) {
            assertClean("a recipient", ((jakarta.mail.internet.InternetAddress) a).toUnicodeString());
        }
        assertClean("the subject", m.getSubject());
        assertClean("the body", (String) m.getContent());
        assertFalse(m.getSubject().contains("\n"));
    }

    @Test
    void aReplyCarriesNoneOfTheOriginalsEscapesOrBidiControls() throws Exception {
        Draft d = reply(hostile());
        assertTrue(d.body().contains("On Mon, 1 Jan 2024 at 10:00, [5mEvil[0m YLIMAFx wrote:"), d.body());
        assertTrue(d.subject().startsWith("Re: ]0;PWNED[31mRED]52;c;cm0gLXJmIH4=[2Jgnp.exe2J ]0;ENCTITLE[41mBG Bcc:"),
                d.subject());
        assertCleanMessage(d);
        Templates.Texts texts = new Templates.Texts("%n <%a> on %s:", "%A\n%s %n %a\n%q\n", "%h\n%s %n\n%b\n", null);
        assertCleanMessage(Templates.reply("me@example.org", hostile(), null, "t", true, Set.of(), ZoneOffset.UTC, texts));
        assertCleanMessage(Templates.forwardInline("me@example.org", hostile(), "t", ZoneOffset.UTC, texts)
                .withTo(List.of("carol@example.org")));
    }

    @Test
    void aForwardsHeaderBlockCarriesNoneOfThem() throws Exception {
        Draft f = Templates.forwardInline("me@example.org", hostile(), "the text", ZoneOffset.UTC).withTo(List.of("carol@example.org"));
        assertTrue(f.body().contains("\nFrom: [5mEvil[0m YLIMAFx <evil@example.org>\n"), f.body());
        assertTrue(f.body().contains("\nCc: ]0;PWNEDCc <c@example.org>\n"), f.body());
        assertCleanMessage(f);
        Draft attached = Templates.forwardAttached("me@example.org", hostile(), "x".getBytes(StandardCharsets.US_ASCII))
                .withTo(List.of("carol@example.org"));
        assertClean("the attached forward's subject", attached.subject());
    }

    /**
     * A forwarded message with a 3,000-octet line cannot go as message/rfc822 within 998-octet lines: it goes as an
     * .eml file in base64 (hunt 30-Q, 4); an attachment's own name loses an escape (hunt 30-Q, 8).
     */
    @Test
    void aForwardedMessageWithALongLineAndAFileNamedWithAnEscapeStayWithinTheRules() throws Exception {
        byte[] raw = ("From: a@example.org\r\nSubject: long\r\n\r\n" + "x".repeat(3_000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        Envelope e = original("<l@example.org>", null, List.of(), "a@example.org", List.of("me@example.org"), List.of(), "long");
        Draft f = Templates.forwardAttached("me@example.org", e, raw).withTo(List.of("carol@example.org"));
        byte[] out = builder.build(f).raw();
        assertShortLines(out);
        jakarta.mail.internet.MimeMultipart mp = (jakarta.mail.internet.MimeMultipart) parsed(out).getContent();
        jakarta.mail.BodyPart forwarded = mp.getBodyPart(mp.getCount() - 1);
        assertArrayEquals(raw, forwarded.getInputStream().readAllBytes(), "the message whole, decoded");

        Draft named = new Draft("me@example.org", List.of("carol@example.org"), null, null, "s", "b",
                List.of(new Draft.Attachment("e" + ESC + "[31mx" + RLO + ".txt", "text/plain", null, "hi".getBytes(StandardCharsets.US_ASCII))),
                null, null, false);
        String sent = new String(builder.build(named).raw(), StandardCharsets.US_ASCII);
        assertFalse(sent.contains("%1B") || sent.contains("\u001b") || sent.contains("%E2%80%AE"), sent);
        assertTrue(sent.contains("e[31mx.txt"), sent);
    }

    @Test
    void aTypedSubjectLosesBidiControlsAsANameDoes() throws Exception {
        Draft d = new Draft("me@example.org", List.of("a" + RLO + "b <a@example.org>"), null, null, "x" + RLO + "y\u2066z" + ESC,
                "body", null, null, null, false);
        MimeMessage m = parsed(builder.build(d).raw());
        assertEquals("xyz", m.getSubject());
        assertEquals("ab <a@example.org>", ((jakarta.mail.internet.InternetAddress) m.getRecipients(
                jakarta.mail.Message.RecipientType.TO)[0]).toUnicodeString());
    }
}
