package dev.postern.compose;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLConnection;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * The content type of an outgoing attachment: the file name's extension for common types (.eml only for a file that
 * starts with a message header), then the
 * content's magic numbers, then text/plain for valid UTF-8 without NULs, else application/octet-stream.
 * A text type names the charset its bytes are in, tried as mutt's {@code attach_charset} tries its list: UTF-16 when
 * they start with its byte-order mark, UTF-8 when they are valid UTF-8 (so also ASCII), else windows-1252 (what
 * Latin-1 files are, and how postern itself reads unlabelled 8-bit text); bytes that are none of these (control
 * characters, bytes windows-1252 leaves undefined) go as application/octet-stream, so no reader is told a charset
 * they are not in.
 */
public final class ContentTypes {
    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("pdf", "application/pdf"), Map.entry("txt", "text/plain"), Map.entry("md", "text/markdown"),
            Map.entry("csv", "text/csv"), Map.entry("html", "text/html"), Map.entry("htm", "text/html"),
            Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"), Map.entry("svg", "image/svg+xml"),
            Map.entry("zip", "application/zip"), Map.entry("gz", "application/gzip"), Map.entry("tgz", "application/gzip"),
            Map.entry("tar", "application/x-tar"), Map.entry("json", "application/json"), Map.entry("xml", "application/xml"),
            Map.entry("ics", "text/calendar"), Map.entry("eml", "message/rfc822"), Map.entry("patch", "text/x-diff"),
            Map.entry("diff", "text/x-diff"), Map.entry("log", "text/plain"),
            Map.entry("doc", "application/msword"), Map.entry("xls", "application/vnd.ms-excel"),
            Map.entry("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            Map.entry("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            Map.entry("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
            Map.entry("odt", "application/vnd.oasis.opendocument.text"), Map.entry("mp3", "audio/mpeg"),
            Map.entry("mp4", "video/mp4"), Map.entry("asc", "application/pgp-signature"));

    private ContentTypes() {}

    public static String detect(String name, byte[] bytes) {
        String type = null;
        int dot = name == null ? -1 : name.lastIndexOf('.');
        if (dot >= 0) type = BY_EXTENSION.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
        // Only a file that starts with a message's header goes as one (hunt 37-P, P17): notes named x.eml sent as
        // message/rfc822 had receivers read their first line as a header and show an empty message.
        if ("message/rfc822".equals(type) && !messageHeader(bytes)) type = "application/octet-stream";
        if (type == null) {
            try {
                type = URLConnection.guessContentTypeFromStream(new ByteArrayInputStream(bytes));
            } catch (IOException e) {
                type = null;
            }
        }
        if (type == null) type = looksLikeText(bytes) ? "text/plain" : "application/octet-stream";
        if (type.startsWith("text/")) {
            String charset = charset(bytes);
            type = charset == null ? "application/octet-stream" : type + "; charset=" + charset;
        }
        return type;
    }

    /**
     * Whether {@code b} starts with an RFC 5322 header block: one field ({@code Name: value}) or more, each line a field
     * or the continuation of one (a leading space or tab), up to the first empty line or the end; no NUL or bare CR in
     * it. An mbox {@code From } line, a byte-order mark or text before the first field is not a header.
     */
    static boolean messageHeader(byte[] b) {
        int fields = 0;
        int i = 0;
        while (i < b.length) {
            int end = i;
            while (end < b.length && b[end] != '\n') end++;
            int stop = end > i && b[end - 1] == '\r' ? end - 1 : end;
            if (stop == i) break; // the empty line that ends the header
            for (int k = i; k < stop; k++) if (b[k] == 0 || b[k] == '\r') return false;
            if (b[i] == ' ' || b[i] == '\t') {
                if (fields == 0) return false;
            } else {
                int c = i;
                while (c < stop && b[c] > 32 && b[c] < 127 && b[c] != ':') c++;
                int name = c - i;
                while (c < stop && (b[c] == ' ' || b[c] == '\t')) c++;
                if (name == 0 || c >= stop || b[c] != ':') return false;
                fields++;
            }
            i = end + 1;
        }
        return fields > 0;
    }

    /** The charset a text attachment's bytes are in (see the class comment), or null when postern cannot tell. */
    static String charset(byte[] b) {
        if (b.length >= 2 && ((b[0] == (byte) 0xFE && b[1] == (byte) 0xFF) || (b[0] == (byte) 0xFF && b[1] == (byte) 0xFE))) {
            return "UTF-16"; // RFC 2781 4.3: the byte-order mark says which way round
        }
        if (utf8(b)) return "UTF-8";
        for (byte x : b) {
            if (x == 0 || (x > 0 && x < 0x20 && x != '\t' && x != '\n' && x != '\r' && x != '\f')) return null;
        }
        try {
            java.nio.charset.Charset.forName("windows-1252").newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
            return "windows-1252";
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /**
     * The transfer encoding a part of {@code type} must have so that its bytes arrive as they are, or null when
     * Jakarta Mail's choice keeps them. Jakarta takes CR and LF for line ends wherever they stand, and 7bit, 8bit and
     * quoted-printable lines are CRLF on the wire (RFC 2045 2.7, 2.8, 6.7): so a text part with a CR that is not part of
     * CRLF, or with CRLF and bare LF line ends mixed, and any other part with a CR or LF outside CRLF, goes base64.
     * (Text with one kind of line end throughout is lines: CRLF in transit, as RFC 2046 4.1.1 has it.)
     */
    static String transferEncoding(String type, byte[] b) {
        boolean text = type.toLowerCase(Locale.ROOT).startsWith("text/");
        boolean crlf = false;
        boolean lf = false;
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\r') {
                if (i + 1 >= b.length || b[i + 1] != '\n') return "base64";
                crlf = true;
                i++;
            } else if (b[i] == '\n') {
                lf = true;
            }
        }
        return (text ? crlf && lf : lf) ? "base64" : null;
    }

    static boolean looksLikeText(byte[] b) {
        for (byte x : b) if (x == 0) return false;
        return utf8(b);
    }

    static boolean utf8(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
