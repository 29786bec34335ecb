package dev.postern.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The entity that goes under a signature, in a form no relay changes (RFC 3156 3, RFC 8551 3.1.1): every part of it
 * that is not composite and goes 7bit, 8bit or binary is made quoted-printable ({@link QuotedPrintable}: no trailing
 * white space, "From " and a leading dot escaped, CRLF lines, 7-bit) however deep it sits in multiparts, and a
 * message/rfc822 part's own body likewise; header lines lose the blanks before their folds. Base64 and
 * quoted-printable parts are kept as they are, and so is a multipart/signed or multipart/encrypted inside (a forwarded
 * message's), whose bytes its own signature covers.
 */
final class SignedEntity {
    private static final Pattern BOUNDARY = Pattern.compile("(?i);\\s*boundary\\s*=\\s*(?:\"([^\"]*)\"|([^;\\s]+))");

    private SignedEntity() {}

    /** {@code headers} CRLF-terminated field lines (no blank line), {@code body} with CRLF line ends. */
    static byte[] of(String headers, byte[] body) {
        String out = part(headers, new String(body, StandardCharsets.ISO_8859_1));
        return out.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String part(String headers, String body) {
        // Jakarta folds "multipart/mixed; " + CRLF TAB "boundary=...": the blank before a fold is insignificant, and
        // a relay that strips trailing blanks would break the signature with it
        headers = headers.replaceAll("[ \t]+\r\n", "\r\n");
        String type = field(headers, "content-type");
        String lower = type == null ? "text/plain" : type.toLowerCase(Locale.ROOT).trim();
        // a signed or encrypted part (a forwarded message's) is kept byte for byte: its own signature covers them
        if (lower.startsWith("multipart/signed") || lower.startsWith("multipart/encrypted")) return headers + "\r\n" + body;
        if (lower.startsWith("multipart/")) {
            Matcher m = BOUNDARY.matcher(type);
            return headers + "\r\n" + (m.find() ? children(m.group(1) != null ? m.group(1) : m.group(2), body) : body);
        }
        String encoding = field(headers, "content-transfer-encoding");
        encoding = encoding == null ? "7bit" : encoding.trim().toLowerCase(Locale.ROOT);
        boolean identity = encoding.equals("7bit") || encoding.equals("8bit") || encoding.equals("binary");
        if (lower.startsWith("message/rfc822") && identity) {
            int end = body.startsWith("\r\n") ? 0 : body.indexOf("\r\n\r\n");
            if (end < 0) return headers + "\r\n" + body;
            String inner = body.substring(0, end == 0 ? 0 : end + 2);
            return headers + "\r\n" + part(inner, body.substring(end == 0 ? 2 : end + 4));
        }
        if (!identity || lower.startsWith("message/")) return headers + "\r\n" + body;
        String qp = new String(QuotedPrintable.encode(body.getBytes(StandardCharsets.ISO_8859_1)), StandardCharsets.ISO_8859_1);
        return headers.replaceAll("(?im)^Content-Transfer-Encoding:.*\r\n", "")
                + "Content-Transfer-Encoding: quoted-printable\r\n\r\n" + qp;
    }

    /** A multipart body with each body part made safe; preamble, delimiters, padding and epilogue kept. */
    private static String children(String boundary, String body) {
        String dash = "\r\n--" + boundary;
        String s = "\r\n" + body;
        StringBuilder out = new StringBuilder();
        int at = s.indexOf(dash);
        if (at < 0) return body;
        out.append(s, 0, at);
        while (at >= 0) {
            int lineEnd = s.indexOf("\r\n", at + dash.length());
            boolean close = s.startsWith("--", at + dash.length());
            if (close || lineEnd < 0) {
                out.append(s.substring(at)); // the close delimiter and the epilogue
                break;
            }
            out.append(s, at, lineEnd + 2); // the delimiter line, transport padding included
            int next = s.indexOf(dash, lineEnd + 2);
            String content = s.substring(lineEnd + 2, next < 0 ? s.length() : next);
            int end = content.startsWith("\r\n") ? 0 : content.indexOf("\r\n\r\n");
            if (end < 0) {
                out.append(content);
            } else {
                out.append(part(content.substring(0, end == 0 ? 0 : end + 2), content.substring(end == 0 ? 2 : end + 4)));
            }
            at = next;
        }
        return out.substring(2);
    }

    /** The unfolded value of the first header field {@code name} (lower case) in {@code headers}, or null. */
    private static String field(String headers, String name) {
        String[] lines = headers.split("\r\n");
        for (int i = 0; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0 || !lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) continue;
            StringBuilder v = new StringBuilder(lines[i].substring(colon + 1));
            while (i + 1 < lines.length && !lines[i + 1].isEmpty() && (lines[i + 1].charAt(0) == ' ' || lines[i + 1].charAt(0) == '\t')) {
                v.append(lines[++i]);
            }
            return v.toString();
        }
        return null;
    }
}
