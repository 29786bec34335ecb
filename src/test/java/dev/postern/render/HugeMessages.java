package dev.postern.render;

import java.nio.charset.StandardCharsets;

/** Messages whose size is the point: one line of megabytes, thousands of parts. Shared by the render and reader tests. */
public final class HugeMessages {
    private HugeMessages() {}

    /** {@code n} chars of text with no space and no line break: the worst case for wrapping. */
    public static String oneLine(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) sb.append((char) ('a' + i % 26));
        return sb.toString();
    }

    /** A text/plain message whose body is one line of {@code bodyChars} chars (8bit, no wrapping anywhere). */
    public static byte[] singleLineMessage(String subject, int bodyChars) {
        String head = "From: Big <big@example.org>\r\nTo: you@example.org\r\nSubject: " + subject
                + "\r\nDate: Mon, 2 Jan 2023 08:00:00 +0000\r\nMessage-ID: <huge-line@example.org>\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\nContent-Transfer-Encoding: 8bit\r\n\r\n";
        String body = "START-OF-BODY" + oneLine(bodyChars) + "\r\n";
        return (head + body).getBytes(StandardCharsets.US_ASCII);
    }

    /** A multipart/mixed message of {@code parts} small text parts, each with a line of text and a file name. */
    public static byte[] manyPartMessage(String subject, int parts) {
        StringBuilder m = new StringBuilder();
        m.append("From: Many <many@example.org>\r\nTo: you@example.org\r\nSubject: ").append(subject)
                .append("\r\nDate: Mon, 2 Jan 2023 08:00:00 +0000\r\nMessage-ID: <many-parts@example.org>\r\n")
                .append("MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\nPREAMBLE\r\n");
        for (int i = 1; i <= parts; i++) {
            m.append("--b\r\nContent-Type: text/plain; charset=us-ascii\r\n");
            if (i % 2 == 0) m.append("Content-Disposition: attachment; filename=\"part-").append(i).append(".txt\"\r\n");
            m.append("\r\nPART-").append(i).append(" text of part ").append(i).append("\r\n");
        }
        m.append("--b--\r\n");
        return m.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static final String HEAD = "From: Big <big@example.org>\r\nTo: you@example.org\r\n"
            + "Date: Mon, 2 Jan 2023 08:00:00 +0000\r\nMIME-Version: 1.0\r\n";

    private static byte[] bytes(CharSequence s) {
        return s.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A text/html message of about {@code size} bytes: numbered paragraphs, each with a link. */
    public static byte[] htmlMessage(int size) {
        StringBuilder m = new StringBuilder(size + 512);
        m.append(HEAD).append("Subject: big html\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body>\r\n");
        for (int i = 0; m.length() < size; i++) {
            m.append("<p>Paragraph ").append(i).append(" of a long newsletter, <b>bold</b> and <a href=\"https://example.org/")
                    .append(i).append("\">a link</a> &amp; more text.</p>\r\n");
        }
        m.append("</body></html>\r\n");
        return bytes(m);
    }

    /**
     * A header block of about {@code size} bytes of junk lines (words, no colon) with the core headers after
     * them: every junk line looks ahead for a core header still to come.
     */
    public static byte[] junkHeaderMessage(int size) {
        StringBuilder m = new StringBuilder(size + 512);
        m.append("X-First: yes\r\n");
        for (int i = 0; m.length() < size; i++) m.append("junk line ").append(i).append(" with words\r\n");
        m.append(HEAD).append("Subject: junk header\r\n\r\nJUNK-HEADER-BODY\r\n");
        return bytes(m);
    }

    /** One Subject of about {@code size} bytes, folded every 70 characters. */
    public static byte[] foldedSubjectMessage(int size) {
        StringBuilder m = new StringBuilder(size + 512);
        m.append(HEAD).append("Subject: start");
        while (m.length() < size) m.append("\r\n word word word word word word word word word word word word word");
        m.append("\r\n\r\nFOLDED-SUBJECT-BODY\r\n");
        return bytes(m);
    }

    /** One Subject of about {@code size} bytes of folded RFC 2047 encoded-words. */
    public static byte[] encodedWordSubjectMessage(int size) {
        StringBuilder m = new StringBuilder(size + 512);
        m.append(HEAD).append("Subject: =?utf-8?q?caf=C3=A9?=");
        while (m.length() < size) m.append("\r\n =?utf-8?b?w6ljb2xlIGNhZsOp?= =?iso-8859-1?q?caf=E9_?=");
        m.append("\r\n\r\nENCODED-SUBJECT-BODY\r\n");
        return bytes(m);
    }

    /** {@code fields} header fields before the body. */
    public static byte[] manyFieldsMessage(int fields) {
        StringBuilder m = new StringBuilder(fields * 52);
        m.append(HEAD).append("Subject: many fields\r\n");
        for (int i = 0; i < fields; i++) m.append("X-Field-").append(i).append(": value number ").append(i).append(" here\r\n");
        m.append("\r\nMANY-FIELDS-BODY\r\n");
        return bytes(m);
    }

    /** A Content-Type with {@code params} parameters, RFC 2231 sections of the name among them, in reverse. */
    public static byte[] manyParamsMessage(int params) {
        StringBuilder m = new StringBuilder(params * 24);
        m.append(HEAD).append("Subject: many params\r\nContent-Type: text/plain; charset=utf-8");
        for (int i = params - 1; i >= 0; i--) {
            m.append(";\r\n p").append(i).append("=v").append(i);
            if (i % 2 == 0) m.append("; name*").append(i / 2).append("=n");
        }
        m.append("\r\n\r\nMANY-PARAMS-BODY\r\n");
        return bytes(m);
    }

    /** {@code depth} nested multiparts around one text/plain leaf of {@code leafSize} bytes. */
    public static byte[] nestedMessage(int depth, int leafSize) {
        StringBuilder m = new StringBuilder(leafSize + depth * 80);
        m.append(HEAD).append("Subject: nested\r\n");
        for (int i = 0; i < depth; i++) {
            m.append("Content-Type: multipart/mixed; boundary=\"b").append(i).append("\"\r\n\r\n--b").append(i).append("\r\n");
        }
        m.append("Content-Type: text/plain\r\n\r\nNESTED-LEAF ");
        m.append(oneLine(leafSize)).append("\r\n");
        for (int i = depth - 1; i >= 0; i--) m.append("--b").append(i).append("--\r\n");
        return bytes(m);
    }
}
