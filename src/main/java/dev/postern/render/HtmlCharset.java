package dev.postern.render;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An HTML part without a MIME charset often names one in a meta tag; that beats guessing. */
final class HtmlCharset {
    private static final Pattern META = Pattern.compile("(?i)<meta[^>]{0,200}?charset\\s*=\\s*[\"']?([A-Za-z0-9._:-]{1,40})");

    private HtmlCharset() {}

    static String sniff(byte[] bytes) {
        String head = new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.ISO_8859_1);
        Matcher m = META.matcher(head);
        return m.find() ? m.group(1) : null;
    }
}
