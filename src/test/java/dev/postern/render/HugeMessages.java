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
}
