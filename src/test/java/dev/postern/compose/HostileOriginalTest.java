package dev.postern.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.Envelope;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.model.MessageRef;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Replies to hostile or broken originals (hunt 30-L): what goes out has no line over 998 octets and only real message
 * ids in In-Reply-To and References.
 */
class HostileOriginalTest {
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
}
