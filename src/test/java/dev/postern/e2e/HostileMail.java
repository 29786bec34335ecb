package dev.postern.e2e;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A generator of hostile and malformed messages, for running every face of postern over them. Each
 * message carries a token ({@code hNNN}) in its subject and in its sender's address wherever the attack
 * leaves one recoverable, so a test can check that the row shows the best subject and sender there are.
 *
 * <p>Covered: raw and RFC 2047-encoded control characters (C0, ESC sequences, C1, DEL) and bidi overrides
 * in every header field, NULs, invalid UTF-8 and unlabelled 8-bit headers, unknown charsets, missing,
 * empty and never-used boundaries, 5,000 parts, 200-level nesting, one header line over 10 MiB, bad
 * base64 and quoted-printable, a message/rfc822 inside itself (and a deep chain of them), dates in every
 * broken form, attachment names that try to leave the target directory or carry escapes, and bare
 * LF / CR line ends.
 */
public final class HostileMail {
    /** One generated message: what it attacks, its bytes, and the token its row should show (null: none). */
    public record Sample(String name, byte[] bytes, String subjectToken, String fromToken, String bodyText) {
        Sample(String name, byte[] bytes, String subjectToken, String fromToken) {
            this(name, bytes, subjectToken, fromToken, null);
        }

        Sample withBody(String text) {
            return new Sample(name, bytes, subjectToken, fromToken, text);
        }
    }

    static final String ESC = "\u001b";
    static final String[] CONTROL_PAYLOADS = {
        ESC + "[5m", ESC + "]0;owned" + "\u0007", ESC + "[2J" + ESC + "[H", "\u0007\u0008\u000b\u000c", "\u009b31m",
        "\u202etxt.exe", "\u2066\u2067\u2069", "\u0000", "\u007f", "a\rb",
    };
    static final String[] FIELDS = {"From", "To", "Cc", "Subject", "Date", "Message-ID", "In-Reply-To", "References",
        "Reply-To", "Content-Type"};

    private final List<Sample> out = new ArrayList<>();
    private int n;

    /** Every hostile message, {@code bigHeaderBytes} sizing the one long header line (above 10 MiB to pass Dovecot's limit). */
    public static List<Sample> all(int bigHeaderBytes) {
        HostileMail g = new HostileMail();
        g.escapes();
        g.eightBit();
        g.mime();
        g.sizes(bigHeaderBytes);
        g.encodings();
        g.recursion();
        g.dates();
        g.attachmentNames();
        g.lineEnds();
        return g.out;
    }

    private String token() {
        return String.format("h%03d", ++n);
    }

    /** The text {@code read} must show for the message added last. */
    private void expectBody(String text) {
        out.set(out.size() - 1, out.get(out.size() - 1).withBody(text));
    }

    private void add(String name, String token, boolean fromRecoverable, byte[] bytes) {
        out.add(new Sample(name, bytes, token, fromRecoverable ? token + "@hostile.test" : null));
    }

    private void add(String name, String token, boolean fromRecoverable, String latin1) {
        add(name, token, fromRecoverable, latin1.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** A message whose header cannot be read at all: its row exists, with no subject or sender to check. */
    private void addNoTokens(String name, String token, String latin1) {
        out.add(new Sample(name + " " + token, latin1.getBytes(StandardCharsets.ISO_8859_1), null, null));
    }

    private static String utf8AsLatin1(String s) {
        return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    private static String qEncode(String s) {
        StringBuilder b = new StringBuilder("=?utf-8?q?");
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c > 0x20 && c < 0x7f && c != '?' && c != '=' && c != '_') b.append((char) c);
            else b.append(String.format("=%02X", c));
        }
        return b.append("?=").toString();
    }

    private static String bEncode(String s) {
        return "=?utf-8?b?" + Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)) + "?=";
    }

    private static String basic(String t, String from, String subject) {
        return "From: " + from + "\r\nTo: alice@postern.test\r\nSubject: " + subject + "\r\n"
                + "Date: Mon, 2 Jan 2023 08:00:00 +0000\r\nMessage-ID: <" + t + "@hostile.test>\r\n";
    }

    /** Control characters raw, Q-encoded and B-encoded, in every header field and in the body. */
    private void escapes() {
        String t = token();
        add("issue-12 encoded ESC in From", t, true, "From: =?utf-8?q?Eve_=1B[5m?= <" + t + "@hostile.test>\r\n"
                + "To: alice@postern.test\r\nSubject: " + t + " hello\r\nDate: Mon, 2 Jan 2023 08:00:00 +0000\r\n\r\nEve's body\r\n");
        expectBody("Eve's body");
        for (int p = 0; p < CONTROL_PAYLOADS.length; p++) {
            String payload = CONTROL_PAYLOADS[p];
            for (String form : new String[] {"raw", "q", "b"}) {
                String tk = token();
                String enc = switch (form) {
                    case "raw" -> utf8AsLatin1(payload).replace("\r", "\r ");
                    case "q" -> qEncode(payload);
                    default -> bEncode(payload);
                };
                StringBuilder m = new StringBuilder();
                m.append("From: ").append(enc).append(" Eve ").append(enc).append(" <").append(tk).append("@hostile.test>\r\n");
                m.append("To: ").append(enc).append(" <alice@postern.test>, ").append(enc).append("\r\n");
                m.append("Cc: ").append(enc).append("@cc.test\r\n");
                m.append("Reply-To: ").append(enc).append(" <r@x.test>\r\n");
                m.append("Subject: ").append(tk).append(' ').append(enc).append(" tail\r\n");
                m.append("Date: Mon, 2 Jan 2023 08:00:00 +0000 ").append(enc).append("\r\n");
                m.append("Message-ID: <").append(tk).append(enc).append("@hostile.test>\r\n");
                m.append("In-Reply-To: <").append(enc).append("@x>\r\n");
                m.append("References: <a@x> ").append(enc).append(" <b@x>\r\n");
                m.append("X-").append(form).append(": ").append(enc).append("\r\n");
                m.append("MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b").append(enc.replace("\"", "")).append("\"\r\n\r\n");
                String boundary = "b" + enc.replace("\"", "");
                m.append("--").append(boundary).append("\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n")
                        .append("text with ").append(utf8AsLatin1(payload)).append(" inside\r\n");
                m.append("--").append(boundary).append("\r\nContent-Type: text/html; charset=utf-8\r\n\r\n")
                        .append("<p>html &#27;[31m &#x9b; &#8238; ").append(utf8AsLatin1(payload)).append("</p>\r\n");
                m.append("--").append(boundary).append("\r\nContent-Type: application/octet-stream; name=\"").append(enc)
                        .append(".bin\"\r\nContent-Disposition: attachment; filename=\"").append(enc).append(".bin\"\r\n")
                        .append("Content-Transfer-Encoding: base64\r\n\r\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\r\n");
                m.append("--").append(boundary).append("--\r\n");
                add("control " + p + " " + form, tk, !payload.contains("\r") || !form.equals("raw"), m.toString());
            }
        }
        String t2 = token();
        add("NULs in header and body", t2, true, basic(t2, "Nul\u0000Person <" + t2 + "@hostile.test>", t2 + " nul\u0000here")
                + "X-Nul: \u0000\u0000\u0000\r\n\r\nbody\u0000with\u0000nuls\r\n");
    }

    /** Invalid UTF-8, unlabelled 8-bit, unknown charsets. */
    private void eightBit() {
        String t = token();
        add("invalid UTF-8 header", t, true, basic(t, "\u00c3\u0028\u00ff\u00fe <" + t + "@hostile.test>",
                t + " \u00c3\u0028 \u00e2\u0082 \u00ed\u00a0\u0080 \u00f8\u0088\u0080\u0080\u0080")
                + "Content-Type: text/plain; charset=utf-8\r\n\r\n\u00c3\u0028 bad \u00ff bytes\r\n");
        t = token();
        add("latin-1 8-bit header", t, true, basic(t, "Ren\u00e9 M\u00fcller <" + t + "@hostile.test>", t + " caf\u00e9")
                + "Content-Type: text/plain; charset=iso-8859-1\r\n\r\nd\u00e9j\u00e0 vu\r\n");
        t = token();
        add("raw UTF-8 header", t, true, basic(t, utf8AsLatin1("Zoë ✓ <" + t + "@hostile.test>"), t + utf8AsLatin1(" ünïcödé 🎉"))
                + "\r\nbody\r\n");
        t = token();
        add("unknown charsets", t, true, basic(t, "=?x-klingon?q?Qapla=E9?= <" + t + "@hostile.test>",
                t + " =?x-klingon?q?caf=E9?= =?utf-7?q?+AOk-?= =??q?x?= =?utf-8?x?bad?=")
                + "Content-Type: text/plain; charset=x-no-such-charset\r\n\r\ncaf\u00e9\r\n");
        t = token();
        add("charset parameter junk", t, true, basic(t, "<" + t + "@hostile.test>", t + " junk charset")
                + "MIME-Version: 1.0\r\nContent-Type: text/html; charset=\"utf-8; charset*=''%%%\r\n\r\n<b>x</b>\r\n");
    }

    /** Boundaries missing, empty, never used, unterminated; broken Content-Types. */
    private void mime() {
        String[][] cases = {
            {"no boundary parameter", "multipart/mixed", "--x\r\nContent-Type: text/plain\r\n\r\npart\r\n--x--\r\n"},
            {"empty boundary", "multipart/mixed; boundary=\"\"", "--\r\nContent-Type: text/plain\r\n\r\npart\r\n----\r\n"},
            {"boundary never used", "multipart/mixed; boundary=\"nope\"", "just text\r\n--other\r\n\r\nmore\r\n"},
            {"no closing boundary", "multipart/alternative; boundary=\"b\"",
                "--b\r\nContent-Type: text/plain\r\n\r\nplain\r\n--b\r\nContent-Type: text/html\r\n\r\n<p>cut off"},
            {"boundary inside a part", "multipart/mixed; boundary=\"b\"",
                "--b\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n\r\ninner\r\n--b--\r\n--b--\r\n"},
            {"garbage content type", "\u0000/\u001b[31m; ;;; boundary", "text\r\n"},
            {"multipart without parts", "multipart/mixed; boundary=\"b\"", "--b--\r\n"},
            {"message/rfc822 empty", "message/rfc822", ""},
            {"unterminated header block", "text/plain", null},
        };
        for (String[] c : cases) {
            String t = token();
            String head = basic(t, "<" + t + "@hostile.test>", t + " " + c[0]) + "MIME-Version: 1.0\r\nContent-Type: " + c[1] + "\r\n";
            add(c[0], t, true, c[2] == null ? head.substring(0, head.length() - 2) : head + "\r\n" + c[2]);
        }
    }

    /** 5,000 parts, 200-level nesting, one header line over 10 MiB, 10,000 recipients, a 100 KB subject. */
    private void sizes(int bigHeaderBytes) {
        String t = token();
        StringBuilder m = new StringBuilder(basic(t, "<" + t + "@hostile.test>", t + " 5000 parts"))
                .append("MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"p\"\r\n\r\n");
        for (int i = 0; i < 5000; i++) {
            m.append("--p\r\nContent-Type: ").append(i % 2 == 0 ? "text/plain" : "application/octet-stream; name=\"f" + i + ".bin\"")
                    .append("\r\n\r\npart ").append(i).append("\r\n");
        }
        add("5000 parts", t, true, m.append("--p--\r\n").toString());

        t = token();
        m = new StringBuilder(basic(t, "<" + t + "@hostile.test>", t + " 200 levels")).append("MIME-Version: 1.0\r\n");
        for (int i = 0; i < 200; i++) m.append("Content-Type: multipart/mixed; boundary=\"n").append(i).append("\"\r\n\r\n--n").append(i).append("\r\n");
        m.append("Content-Type: text/plain\r\n\r\ndeepest text\r\n");
        for (int i = 199; i >= 0; i--) m.append("--n").append(i).append("--\r\n");
        add("200-level nesting", t, true, m.toString());
        // The renderer stops at 50 levels on purpose and says so; the deepest text is not expected.
        expectBody("nesting deeper than 50 levels");

        t = token();
        StringBuilder big = new StringBuilder(bigHeaderBytes + 1024);
        big.append("From: <").append(t).append("@hostile.test>\r\nSubject: ").append(t).append(" ten-megabyte header\r\nX-Big: ");
        for (int i = 0; i < bigHeaderBytes; i++) big.append((char) ('a' + i % 26));
        big.append("\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"big\"\r\n\r\n--big\r\n"
                + "Content-Type: text/plain\r\n\r\nthe body after the big header\r\n--big--\r\n");
        add("one header line over 10 MiB", t, true, big.toString());
        expectBody("the body after the big header");

        t = token();
        m = new StringBuilder("From: <" + t + "@hostile.test>\r\nSubject: " + t + " ten thousand recipients\r\nTo: ");
        for (int i = 0; i < 10_000; i++) m.append(i == 0 ? "" : ",\r\n ").append("r").append(i).append("@x.test");
        add("10,000 recipients", t, true, m.append("\r\n\r\nbody\r\n").toString());

        t = token();
        add("100 KB subject", t, true, basic(t, "<" + t + "@hostile.test>", t + " " + "long ".repeat(20_000)) + "\r\nbody\r\n");

        t = token();
        add("500 KB body line", t, true, basic(t, "<" + t + "@hostile.test>", t + " long line") + "\r\n" + "w".repeat(500_000) + "\r\n");
    }

    /** Bad base64 and quoted-printable, in bodies and in encoded words. */
    private void encodings() {
        String[][] cases = {
            {"bad base64", "base64", "!!!not*base64***\r\nSGVsbG8=garbage====\r\nAAA\r\n"},
            {"truncated base64", "base64", "SGVsbG8gd29ybGQgdGhpcyBpcyBjdXQgb2Zm"},
            {"bad quoted-printable", "quoted-printable", "=ZZ=4=\r\nsoft break at end=\r\n=1B[31mred=0D=0A=00\r\n="},
            {"unknown transfer encoding", "x-uuencode", "begin 644 f\r\n#86)C\r\n`\r\nend\r\n"},
        };
        for (String[] c : cases) {
            String t = token();
            add(c[0], t, true, basic(t, "<" + t + "@hostile.test>", t + " " + c[0] + " =?utf-8?b?!!!?= =?utf-8?q?=ZZ?=")
                    + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"e\"\r\n\r\n--e\r\n"
                    + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: " + c[1] + "\r\n\r\n" + c[2]
                    + "\r\n--e\r\nContent-Type: application/pdf; name=\"x.pdf\"\r\nContent-Transfer-Encoding: " + c[1] + "\r\n\r\n"
                    + c[2] + "\r\n--e--\r\n");
        }
    }

    /** A message/rfc822 part holding the message itself, and a chain of 150 of them. */
    private void recursion() {
        String t = token();
        String inner = basic(t, "<" + t + "@hostile.test>", t + " myself") + "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"self\"\r\n\r\n--self\r\nContent-Type: text/plain\r\n\r\nouter\r\n"
                + "--self\r\nContent-Type: message/rfc822\r\n\r\n";
        // The part's content is this message's own beginning again, boundary and all: a parser that follows
        // message/rfc822 naively meets the same structure at every level.
        String self = inner + inner + inner + "--self--\r\n";
        add("message/rfc822 inside itself", t, true, self);

        t = token();
        StringBuilder m = new StringBuilder();
        for (int i = 0; i < 150; i++) {
            m.append("From: <").append(i == 0 ? t : "level" + i).append("@hostile.test>\r\nSubject: ")
                    .append(i == 0 ? t + " rfc822 chain" : "level " + i).append("\r\nContent-Type: message/rfc822\r\n\r\n");
        }
        add("150 nested message/rfc822", t, true, m.append("Subject: bottom\r\n\r\nbottom text\r\n").toString());
    }

    /** Date headers in every broken form one meets. */
    private void dates() {
        String[] dates = {
            "", "yesterday", "32 Foo 99999 25:61:61 +9999", "Mon, 2 Jan 1900 00:00:00 +0000", "Mon, 1 Jan 0000 00:00:00 +0000",
            "Fri, 31 Dec 99999999 23:59:59 -9999", "2023-01-02T08:00:00Z", "2 Jan 23 08:00 EST", "Mon, 2 Jan 2023 08:00:00 +2400",
            "Mon, 2 Jan 2023 08:00:00", "Mon, 2 Jan 2023", "-1", "99999999999999999999", "Thu, 01 Jan 1970 00:00:00 -0001",
            "Mon,  2  Jan  2023  08:00:00  (comment (nested) +0000)", "\u001b[31mMon, 2 Jan 2023 08:00:00 +0000",
            "Mon, 30 Feb 2023 08:00:00 +0000", "Sun, 06 Nov 1994 08:49:37 GMT garbage garbage", "=?utf-8?q?Mon=2C_2_Jan?=",
        };
        for (String d : dates) {
            String t = token();
            add("date '" + d + "'", t, true, "From: <" + t + "@hostile.test>\r\nSubject: " + t + " broken date\r\nDate: " + d + "\r\n\r\nbody\r\n");
        }
        String t = token();
        add("no date, two dates", t, true, "From: <" + t + "@hostile.test>\r\nSubject: " + t + " two dates\r\n"
                + "Date: yesterday\r\nDate: Mon, 2 Jan 2023 08:00:00 +0000\r\n\r\nbody\r\n");
    }

    /** Attachment names that try to leave the target directory, or carry escapes. */
    private void attachmentNames() {
        String[] names = {
            "../../../../../../../../tmp/postern-hostile-escape", "/tmp/postern-hostile-absolute", "..\\..\\..\\win.ini",
            "..", ".", "", "~/.bashrc", "name" + ESC + "[31mred" + ESC + "]0;t\u0007.txt", "nul\u0000byte.txt", "new\r\nline.txt",
            "\u202egnp.exe", "x".repeat(1000) + ".txt", "CON", "a/b/c.txt", "%2e%2e%2f%2e%2e%2fpct.txt",
        };
        for (String name : names) {
            String t = token();
            String enc = qEncode(name);
            String rfc2231 = percent(name);
            StringBuilder m = new StringBuilder(basic(t, "<" + t + "@hostile.test>", t + " attachment name"))
                    .append("MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"a\"\r\n\r\n--a\r\n")
                    .append("Content-Type: text/plain\r\n\r\nsee attached\r\n");
            String[] dispositions = {
                "attachment; filename=\"" + utf8AsLatin1(name).replace("\"", "").replace("\r\n", "") + "\"",
                "attachment; filename=\"" + enc + "\"",
                "attachment; filename*=utf-8''" + rfc2231,
            };
            for (String disp : dispositions) {
                m.append("--a\r\nContent-Type: application/octet-stream; name=\"").append(enc).append("\"\r\n")
                        .append("Content-Disposition: ").append(disp).append("\r\n\r\npayload\r\n");
            }
            add("attachment name " + name.substring(0, Math.min(40, name.length())), t, true, m.append("--a--\r\n").toString());
        }
    }

    private static String percent(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (Character.isLetterOrDigit(c) && c < 0x80 || c == '.' || c == '-') b.append((char) c);
            else b.append(String.format("%%%02X", c));
        }
        return b.toString();
    }

    /** Bare LF and bare CR line ends, and a message with no header at all. */
    private void lineEnds() {
        String t = token();
        add("bare LF", t, true, ("From: <" + t + "@hostile.test>\nSubject: " + t + " bare lf\n\nbody\n"));
        t = token();
        addNoTokens("bare CR", t, ("From: <" + t + "@hostile.test>\rSubject: " + t + " bare cr\r\rbody\r"));
        t = token();
        addNoTokens("no header at all", t, "\r\n" + t + " only a body\r\n");
        t = token();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] head = ("From: <" + t + "@hostile.test>\r\nSubject: " + t + " binary body\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        b.write(head, 0, head.length);
        for (int i = 0; i < 4096; i++) b.write(i * 7);
        add("binary body", t, true, b.toByteArray());
    }
}
