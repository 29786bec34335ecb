package dev.postern.render;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Every header of a raw message as it was sent (folded lines joined, not decoded), for the pager's
 * full-header view. Values are sanitised: a header is as untrusted as the body. Bounded, so a message
 * with a megabyte of headers costs at most {@link #MAX_HEADERS} lines.
 */
public final class RawHeaders {
    public static final int MAX_HEADERS = 1_000;
    static final int MAX_BYTES = 256 * 1024;

    private RawHeaders() {}

    public static List<RenderedMessage.Header> parse(byte[] raw) {
        List<RenderedMessage.Header> out = new ArrayList<>();
        if (raw == null) return out;
        int end = Math.min(raw.length, MAX_BYTES);
        // The header block ends at the first empty line.
        for (int i = 0; i + 1 < end; i++) {
            if (raw[i] == '\n' && (raw[i + 1] == '\n' || (raw[i + 1] == '\r' && i + 2 < raw.length && raw[i + 2] == '\n'))) {
                end = i + 1;
                break;
            }
        }
        String block = new String(raw, 0, end, StandardCharsets.UTF_8);
        String name = null;
        StringBuilder value = new StringBuilder();
        for (String line : block.split("\r?\n", -1)) {
            if (line.isEmpty()) continue;
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && name != null) {
                value.append(' ').append(line.strip());
                continue;
            }
            if (name != null) add(out, name, value);
            if (out.size() >= MAX_HEADERS) return out;
            int colon = line.indexOf(':');
            if (colon <= 0) {
                name = null; // not a header line: skip rather than guess
                continue;
            }
            name = line.substring(0, colon).strip();
            value.setLength(0);
            value.append(line.substring(colon + 1).strip());
        }
        if (name != null && out.size() < MAX_HEADERS) add(out, name, value);
        return out;
    }

    private static void add(List<RenderedMessage.Header> out, String name, StringBuilder value) {
        out.add(new RenderedMessage.Header(Sanitizer.oneLine(name), Sanitizer.oneLine(value.toString())));
    }
}
