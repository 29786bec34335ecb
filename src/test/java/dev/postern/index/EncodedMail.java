package dev.postern.index;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Messages whose body text is not their raw bytes (transfer encodings, charsets, HTML, attachments, broken MIME),
 * each with the words a body search must find in it and those it must not: what an IMAP server's SEARCH BODY
 * answers (the decoded text of the text parts), for the index's, the scan's and the server comparison's tests.
 */
public final class EncodedMail {
    /** One message: its raw bytes, words {@code body:} finds in it, and words in it {@code body:} must not find. */
    public record Case(String name, byte[] raw, List<String> found, List<String> notFound) {}

    private EncodedMail() {}

    private static final String HEAD = "From: Sender <sender@example.org>\r\nTo: Reader <reader@example.org>\r\n"
            + "Date: Mon, 2 Jan 2023 10:00:00 +0000\r\nMIME-Version: 1.0\r\n";

    /** Every case, in a fixed order (UIDs 1... when stored in this order). */
    public static List<Case> cases() {
        return List.of(qpSoftBreaks(), qpNonAscii(), base64Plain(), latin1(), windows1252(), shiftJis(), alternativeWithHtml(),
                headersBoundariesAndAttachments(), textAttachmentAndAttachedMessage(), brokenBase64(), unknownCharset(),
                brokenMultipart(), deepNesting(1000));
    }

    /** The cases a server can be held to (an IMAP server's charset and HTML handling agree on these words). */
    public static List<Case> serverCases() {
        return List.of(qpSoftBreaks(), qpNonAscii(), base64Plain(), latin1(), shiftJis(), alternativeWithHtml(),
                headersBoundariesAndAttachments());
    }

    static Case qpSoftBreaks() {
        return new Case("qp-soft-breaks", msg("Subject: Forecast\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
                + "The quarterly fore=\r\ncast is ready; the spread=\r\nsheet follows.\r\n"),
                List.of("forecast", "spreadsheet", "quarterly forecast"), List.of("fore=", "spread="));
    }

    static Case qpNonAscii() {
        return new Case("qp-non-ascii", msg("Subject: Greetings\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                + "Content-Transfer-Encoding: quoted-printable\r\n\r\nGr=C3=BC=C3=9Fe aus K=C3=B6ln, sch=C3=B6ne Gr=C3=BC=C3=9Fe.\r\n"),
                List.of("grüße", "köln", "KÖLN", "schöne grüße"), List.of("=c3=b6", "gr=c3"));
    }

    static Case base64Plain() {
        String text = "Das Protokoll der Sitzung vom Dienstag liegt bei.\n";
        return new Case("base64-plain", msg("Subject: Minutes\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n" + b64(text.getBytes(StandardCharsets.UTF_8))),
                List.of("protokoll", "dienstag"), List.of(b64("Das Protokoll".getBytes(StandardCharsets.UTF_8)).strip().substring(0, 12)));
    }

    static Case latin1() {
        return new Case("latin-1", bytes(msg("Subject: Menu\r\nContent-Type: text/plain; charset=iso-8859-1\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n\r\n"), "Caf\u00e9 cr\u00e8me und M\u00fcsli f\u00fcr alle.\r\n",
                StandardCharsets.ISO_8859_1), List.of("café", "crème", "müsli"), List.of());
    }

    static Case windows1252() {
        return new Case("windows-1252", bytes(msg("Subject: Quotes\r\nContent-Type: text/plain; charset=windows-1252\r\n"
                + "Content-Transfer-Encoding: quoted-printable\r\n\r\n"), "=93Na=EFve=94 r=E9sum=E9 =80 5\r\n",
                StandardCharsets.US_ASCII), List.of("naïve", "résumé", "€"), List.of("=e9"));
    }

    static Case shiftJis() {
        return new Case("shift-jis", bytes(msg("Subject: Japan\r\nContent-Type: text/plain; charset=Shift_JIS\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n\r\n"), "\u65e5\u672c\u8a9e\u306e\u672c\u6587\u3067\u3059\u3002\r\n",
                Charset.forName("Shift_JIS")), List.of("日本語", "本文"), List.of());
    }

    static Case alternativeWithHtml() {
        String html = "<html><head><style>.zanzibarstyle{color:red}</style></head><body><p>Please see the <b>itin</b>"
                + "erary and the caf&eacute; <a href=\"https://tracker.example/quetzalcoatl\">menu</a>.</p></body></html>";
        return new Case("alternative-html", msg("Subject: Trip\r\nContent-Type: multipart/alternative; boundary=\"alt-1\"\r\n\r\n"
                + "--alt-1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nPlease see the plan.\r\n"
                + "--alt-1\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + b64(html.getBytes(StandardCharsets.UTF_8)) + "--alt-1--\r\n"),
                List.of("itinerary", "café", "plan", "menu"), List.of("quetzalcoatl", "zanzibarstyle", "<b>", "eacute"));
    }

    static Case headersBoundariesAndAttachments() {
        byte[] blob = "Narwhalnarwhal tusk data".getBytes(StandardCharsets.US_ASCII);
        String encoded = b64(blob);
        return new Case("headers-boundaries-attachments", msg("Subject: Xylophone\r\nCc: Carol <carol@example.org>\r\nX-Mascot: Quokka\r\n"
                + "Content-Type: multipart/mixed; boundary=\"wombatboundary\"\r\n\r\n"
                + "Preamble of the capybara.\r\n"
                + "--wombatboundary\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nJust the words.\r\n"
                + "--wombatboundary\r\nContent-Type: application/octet-stream; name=\"platypus.bin\"\r\n"
                + "Content-Disposition: attachment; filename=\"platypus.bin\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + encoded + "--wombatboundary--\r\n"),
                List.of("words"), List.of("xylophone", "quokka", "wombatboundary", "platypus", "narwhal",
                        encoded.substring(0, 16).toLowerCase(java.util.Locale.ROOT), "capybara", "content-type", "octet", "carol"));
    }

    static Case textAttachmentAndAttachedMessage() {
        String inner = "From: Inner <inner@example.org>\r\nSubject: Ocelot\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Transfer-Encoding: quoted-printable\r\n\r\nThe forwarded tor=\r\ntoise.\r\n";
        return new Case("attached", msg("Subject: Forward\r\nContent-Type: multipart/mixed; boundary=b2\r\n\r\n"
                + "--b2\r\nContent-Type: text/plain\r\n\r\nSee below.\r\n"
                + "--b2\r\nContent-Type: text/plain; name=notes.txt\r\nContent-Disposition: attachment; filename=notes.txt\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n" + b64("the manifest of cargo".getBytes(StandardCharsets.UTF_8))
                + "--b2\r\nContent-Type: message/rfc822\r\n\r\n" + inner + "--b2--\r\n"),
                List.of("manifest", "tortoise", "below"), List.of("ocelot", "notes.txt", "inner@example.org"));
    }

    static Case brokenBase64() {
        String good = b64("The hidden pangolin sleeps.".getBytes(StandardCharsets.UTF_8)).strip();
        return new Case("broken-base64", msg("Subject: Broken\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n" + good + "\r\n!!!*** not base64 at all ~~~\r\n"),
                List.of("pangolin"), List.of());
    }

    static Case unknownCharset() {
        return new Case("unknown-charset", bytes(msg("Subject: Cereal\r\nContent-Type: text/plain; charset=x-no-such-charset\r\n"
                + "Content-Transfer-Encoding: quoted-printable\r\n\r\n"), "Fr=FChst=FCck mit M=FCsli\r\n",
                StandardCharsets.US_ASCII), List.of("frühstück"), List.of("=fc"));
    }

    static Case brokenMultipart() {
        // No boundary parameter (guessed from the first delimiter line), no close delimiter, a part cut short.
        return new Case("broken-multipart", msg("Subject: Cut\r\nContent-Type: multipart/mixed\r\n\r\n"
                + "--lost\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                + "The whole=\r\nsome meerkat\r\n--lost\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + b64("cut short".getBytes(StandardCharsets.UTF_8)).substring(0, 6)),
                List.of("wholesome", "meerkat"), List.of("lost"));
    }

    /** A multipart {@code depth} levels deep, a base64 text part at its top and at its very bottom. */
    static Case deepNesting(int depth) {
        StringBuilder m = new StringBuilder(HEAD).append("Subject: Deep\r\nContent-Type: multipart/mixed; boundary=\"d0\"\r\n\r\n");
        m.append("--d0\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n")
                .append(b64("abyssal plain".getBytes(StandardCharsets.UTF_8)));
        for (int i = 0; i < depth; i++) {
            m.append("--d").append(i).append("\r\nContent-Type: multipart/mixed; boundary=\"d").append(i + 1).append("\"\r\n\r\n");
        }
        m.append("--d").append(depth).append("\r\nContent-Type: text/plain\r\n\r\nbottomfeeder\r\n");
        for (int i = depth; i >= 0; i--) m.append("--d").append(i).append("--\r\n");
        // The bottom lies past MimeWalker.MAX_DEPTH, which neither the reader nor a search follows: not asserted either way.
        return new Case("deep-" + depth, m.toString().getBytes(StandardCharsets.US_ASCII), List.of("abyssal"), List.of("d1"));
    }

    private static byte[] msg(String afterHead) {
        return (HEAD + afterHead).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(byte[] head, String body, Charset cs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head);
        out.writeBytes(body.getBytes(cs));
        return out.toByteArray();
    }

    static String b64(byte[] data) {
        return Base64.getMimeEncoder(76, new byte[] {'\r', '\n'}).encodeToString(data) + "\r\n";
    }
}
