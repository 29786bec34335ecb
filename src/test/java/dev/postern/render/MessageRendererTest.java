package dev.postern.render;

import static dev.postern.render.RenderAssertions.assertTerminalSafe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.postern.model.Part;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageRendererTest {
    private static final String ALTERNATIVE = "Subject: alt\r\nContent-Type: multipart/alternative; boundary=a\r\n\r\n"
            + "--a\r\nContent-Type: text/plain\r\n\r\nplain version\r\n"
            + "--a\r\nContent-Type: text/html\r\n\r\n<p>html <b>version</b></p>\r\n--a--\r\n";

    private static RenderedMessage render(RenderOptions options, String raw) {
        RenderedMessage m = new MessageRenderer(options).render(raw.getBytes(StandardCharsets.UTF_8));
        assertTerminalSafe(m);
        return m;
    }

    private static RenderedMessage render(String raw) {
        return render(RenderOptions.defaults(), raw);
    }

    @Test
    void aMessageWithNothingToShowShowsItsRawTextNotABlankScreen() {
        // Hunt 32-U, F3: an mbox From line and nothing else (a message cut mid-header) rendered as nothing at all.
        RenderedMessage m = render("From email_test@me.nowhere\r\n");
        assertTrue(m.body().contains("no header or text postern can show") && m.body().contains("From email_test@me.nowhere"), m.body());
        RenderedMessage odd = render("X-Only: a header nobody shows\r\n");
        assertTrue(odd.body().contains("X-Only: a header nobody shows"), odd.body());
        // An empty message (or white space) says so (hunt35-E E7: two blank lines, exit 0, looked like a display fault).
        assertEquals("[this message is empty: the server holds 0 bytes for it]", render("").body());
        assertEquals("[this message is empty: it holds only blank lines, no header and no text]", render("\r\n\r\n").body());
        assertTrue(render("").headers().isEmpty() && render("").parts().isEmpty());
        // A message with a Subject and no text is not raw text: its header shows.
        RenderedMessage subject = render("Subject: only this\r\n\r\n");
        assertEquals("", subject.body());
        assertFalse(subject.headers().isEmpty());
    }

    @Test
    void alternativePrefersPlainTextByDefault() {
        RenderedMessage m = render(ALTERNATIVE);
        assertEquals("plain version", m.body());
        assertEquals(List.of(), m.parts());
    }

    @Test
    void alternativePrefersHtmlWhenAsked() {
        assertEquals("html version", render(new RenderOptions(true, 0, 0), ALTERNATIVE).body());
    }

    @Test
    void htmlBecomesStructuredTextWithNumberedLinks() {
        RenderedMessage m = render("Content-Type: text/html; charset=utf-8\r\n\r\n"
                + "<h2>Title</h2><p>Read <a href=\"https://a.example/x\">this</a> &amp; "
                + "<a href=\"https://b.example/\">that</a>, again <a href=\"https://a.example/x\">this</a>.</p>"
                + "<ul><li>one</li><li>two</li></ul><ol><li>first</li><li>second</li></ol>"
                + "<blockquote><p>quoted<br>line</p></blockquote><p>pic: <img src=\"c.png\" alt=\"Logo\"> &eacute;</p>");
        assertEquals("## Title\n\nRead this[1] & that[2], again this[1].\n\n- one\n- two\n\n1. first\n2. second\n\n"
                + "> quoted\n> line\n\npic: [image: Logo] \u00e9\n\nLinks:\n[1] https://a.example/x\n[2] https://b.example/",
                m.body());
        assertEquals(List.of("https://a.example/x", "https://b.example/"), m.links());
    }

    @Test
    void aBlankPlainAlternativeDoesNotHideTheHtml() {
        // Hunt 35-E, E13: a blank text/plain side won over the HTML, and the message read as empty.
        RenderedMessage blank = render("Content-Type: multipart/alternative; boundary=a\r\n\r\n"
                + "--a\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\nICAKCQo=\r\n"
                + "--a\r\nContent-Type: text/html\r\n\r\n<p>The real content is only in HTML</p>\r\n--a--\r\n");
        assertEquals("The real content is only in HTML", blank.body());
        // A last delimiter without its closing "--" makes an empty part after the HTML: no alternative either.
        RenderedMessage openEnd = render("Content-Type: multipart/alternative; boundary=XX\r\n\r\n"
                + "--XX\r\nContent-Type: text/html\r\n\r\n<p>Hello html body</p>\r\n--XX\r\n");
        assertEquals("Hello html body", openEnd.body());
    }

    @Test
    void htmlOnlyAlternativeIsConverted() {
        RenderedMessage m = render("Content-Type: multipart/alternative; boundary=a\r\n\r\n--a\r\n"
                + "Content-Type: text/html\r\n\r\n<div>only html</div>\r\n--a--");
        assertEquals("only html", m.body());
    }

    @Test
    void formatFlowedJoinsSoftBreaksAndUnstuffs() {
        RenderedMessage m = render("Content-Type: text/plain; format=flowed\r\n\r\n"
                + "This is a \r\nflowed paragraph.\r\n From here, stuffed.\r\n> quoted \r\n> text\r\n-- \r\nsig");
        assertEquals("This is a flowed paragraph.\nFrom here, stuffed.\n> quoted text\n-- \nsig", m.body());
    }

    @Test
    void formatFlowedDelSpRemovesTheSoftBreakSpace() {
        RenderedMessage m = render("Content-Type: text/plain; format=flowed; delsp=yes\r\n\r\n"
                + "Some\u65e5 \r\n\u672c text\r\n");
        assertEquals("Some\u65e5\u672c text", m.body());
    }

    @Test
    void omittedPartIsListedAsNotFetchedWithItsSize() {
        RenderedMessage m = render("Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\nhello\r\n--b\r\n"
                + "Content-Type: application/pdf; name=\"big.pdf\"\r\nX-Postern-Omitted: size=7340032\r\n\r\n\r\n"
                + "--b\r\nContent-Type: text/html\r\nX-Postern-Omitted: size=9000\r\n\r\n\r\n--b--\r\n");
        // A text part the whole message would show (and not list) is not listed either: numbered as once stored (A4).
        assertEquals(List.of(new Part(1, "2", "application/pdf", "big.pdf", 7_340_032, false)), m.parts());
        assertEquals("hello\n\n[part 3 (text/html, 9000 bytes) not downloaded]", m.body());
    }

    @Test
    void nestedMessageRendersInlineWithItsHeadersAndImapPaths() {
        RenderedMessage m = render("Subject: outer\r\nContent-Type: multipart/mixed; boundary=o\r\n\r\n--o\r\n\r\nsee below\r\n"
                + "--o\r\nContent-Type: message/rfc822\r\n\r\nFrom: Inner <i@x>\r\nSubject: =?utf-8?q?inn=C3=A9r?=\r\n"
                + "Content-Type: multipart/mixed; boundary=i\r\n\r\n--i\r\n\r\ninner text\r\n--i\r\n"
                + "Content-Type: image/gif\r\nContent-Disposition: attachment; filename=\"x.gif\"\r\n\r\nGIF89a\r\n--i--\r\n--o--\r\n");
        assertEquals("see below\n\n----- Attached message -----\nFrom: Inner <i@x>\nSubject: inn\u00e9r\n\ninner text\n\n"
                + "----- End of attached message -----", m.body());
        assertEquals("2", m.parts().get(0).path());
        assertEquals("message/rfc822", m.parts().get(0).contentType());
        assertEquals(new Part(2, "2.2", "image/gif", "x.gif", 6, true), m.parts().get(1));
    }

    @Test
    void signedAndEncryptedPartsAreNamedAndListed() {
        RenderedMessage signed = render("Content-Type: multipart/signed; protocol=\"application/pgp-signature\"; boundary=s\r\n\r\n"
                + "--s\r\n\r\nsigned text\r\n--s\r\nContent-Type: application/pgp-signature\r\n\r\nSIG\r\n--s--");
        assertEquals("[signed message (application/pgp-signature): signature not verified]\n\nsigned text", signed.body());
        assertEquals("application/pgp-signature", signed.parts().get(0).contentType());
        RenderedMessage enc = render("Content-Type: multipart/encrypted; protocol=\"application/pgp-encrypted\"; boundary=e\r\n\r\n"
                + "--e\r\nContent-Type: application/pgp-encrypted\r\n\r\nVersion: 1\r\n"
                + "--e\r\nContent-Type: application/octet-stream\r\n\r\n-----BEGIN PGP MESSAGE-----\r\n--e--");
        assertEquals("[encrypted message (application/pgp-encrypted): not decrypted]", enc.body());
        assertEquals(List.of("1", "2"), enc.parts().stream().map(Part::path).toList());
    }

    @Test
    void rfc2231ContinuedFilenameIsDecoded() {
        RenderedMessage m = render("Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: application/pdf\r\n"
                + "Content-Disposition: attachment;\r\n filename*0*=utf-8''R%C3%A9sum;\r\n filename*1*=%C3%A9.pdf\r\n\r\nx\r\n--b--");
        assertEquals("R\u00e9sum\u00e9.pdf", m.parts().get(0).filename());
        assertEquals("1", m.parts().get(0).path());
    }

    @Test
    void textAttachmentIsListedNotShown() {
        RenderedMessage m = render("Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\nbody\r\n--b\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\nContent-Disposition: attachment; filename=notes.txt\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\naGVsbG8=\r\n--b--");
        assertEquals("body", m.body());
        assertEquals(new Part(1, "2", "text/plain", "notes.txt", 5, true), m.parts().get(0));
    }

    @Test
    void quotedPrintableLatin1BodyDecodes() {
        RenderedMessage m = render("Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                + "caf=E9 cr=E8me soft=\r\nbreak =3D ok\r\n");
        assertEquals("caf\u00e9 cr\u00e8me softbreak = ok", m.body());
    }

    @Test
    void wrapWidthWrapsAtSpacesKeepingQuotePrefix() {
        RenderedMessage m = render(new RenderOptions(false, 20, 0), "\r\none two three four five six seven\r\n"
                + "> alpha beta gamma delta epsilon\r\n");
        assertEquals("one two three four\nfive six seven\n> alpha beta gamma\n> delta epsilon", m.body());
    }

    @Test
    void encodedWordsAdjacentAreJoinedAndWhitespaceBetweenDropped() {
        assertEquals("\u00e9t\u00e9 ok", Rfc2047.decode("=?utf-8?q?=C3?= =?utf-8?q?=A9t=C3=A9?= ok"));
        assertEquals("a b", Rfc2047.decode("=?iso-8859-1?q?a?= b"));
        assertEquals("Hello World", Rfc2047.decode("=?UTF-8?B?SGVsbG8=?=\r\n =?UTF-8?B?IFdvcmxk?="));
        assertEquals("", Rfc2047.decode(null));
    }
}
