package dev.postern.render;

import java.util.List;

/** The readable text of one text/* leaf: transfer decoding, charset, format=flowed, HTML. */
final class TextPart {
    private TextPart() {}

    static String decode(MimeEntity e, String type, List<String> links) {
        HeaderParams ct = e.contentType();
        byte[] bytes = TransferDecoding.decode(e.body(), e.raw("Content-Transfer-Encoding"));
        String charset = ct.param("charset");
        if (type.equals("text/html")) {
            String html = Charsets.decode(bytes, charset == null ? HtmlCharset.sniff(bytes) : charset);
            return HtmlToText.convert(html, links);
        }
        String text = Charsets.decode(bytes, charset);
        if ("flowed".equalsIgnoreCase(strip(ct.param("format")))) {
            text = FlowedText.decode(text, "yes".equalsIgnoreCase(strip(ct.param("delsp"))));
        }
        return text;
    }

    private static String strip(String s) {
        return s == null ? null : s.strip();
    }
}
