package dev.postern.render;

import dev.postern.model.Part;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Walks a parsed message depth-first, writing readable text into a {@link BodyBuilder} and listing
 * attachments as {@link Part}s with IMAP section paths. One walker per message; not thread-safe.
 *
 * <p>Paths follow RFC 3501: a multipart's children are P.1, P.2...; the body of a non-multipart
 * message is "1"; inside a message/rfc822 part at P, its own body is P.1 (or P.1, P.2... for a multipart).
 */
final class MimeWalker {
    static final int MAX_DEPTH = 50;
    static final String OMITTED_HEADER = "X-Postern-Omitted";
    private static final Pattern OMITTED_SIZE = Pattern.compile("size\\s*=\\s*(\\d{1,18})");

    private final RenderOptions options;
    private final BodyBuilder body;
    private final List<Part> parts = new ArrayList<>();
    /** Decoded content of each part, same order as {@link #parts}; null where it was not downloaded. */
    private final List<byte[]> contents = new ArrayList<>();
    /** File names as the sender wrote them (decoded, not sanitised), for choosing a safe name to save under. */
    private final List<String> rawNames = new ArrayList<>();
    private final List<String> links = new LinkList();
    private boolean depthNoted;

    MimeWalker(RenderOptions options, BodyBuilder body) {
        this.options = options;
        this.body = body;
    }

    List<Part> parts() {
        return parts;
    }

    List<byte[]> contents() {
        return contents;
    }

    List<String> rawNames() {
        return rawNames;
    }

    List<String> links() {
        return links;
    }

    void message(MimeEntity message) {
        walk(message, "", "1", 0, true, "text/plain");
    }

    /**
     * @param childPrefix path prefix for the children if this entity is a multipart
     * @param leafPath    path of this entity if it is not a multipart
     * @param showText    false inside alternatives not chosen and encrypted parts: list parts, print nothing
     */
    private void walk(MimeEntity e, String childPrefix, String leafPath, int depth, boolean showText,
                      String defaultType) {
        MessageRenderer.stopIfInterrupted();
        if (depth > MAX_DEPTH) {
            if (!depthNoted) body.note("[message nesting deeper than " + MAX_DEPTH + " levels: the rest is not shown]");
            depthNoted = true;
            return;
        }
        String type = e.mimeType(defaultType);
        if (e.raw(OMITTED_HEADER) != null) {
            omitted(e, type, leafPath, showText);
        } else if (type.startsWith("multipart/")) {
            multipart(e, type, childPrefix, depth, showText);
        } else if (type.equals("message/rfc822") || type.equals("message/global")) {
            embeddedMessage(e, leafPath, depth, showText);
        } else if (isText(type) && !isAttachment(e)) {
            if (showText) text(e, type);
            String name = filename(e);
            if (name != null) addPart(e, type, leafPath, name);
        } else {
            addPart(e, type, leafPath, filename(e));
            if (showText && (type.equals("application/pkcs7-mime") || type.equals("application/x-pkcs7-mime"))) {
                body.note("[S/MIME encrypted or signed content (" + type + "): not decoded]");
            }
        }
    }

    /** A text part shown in the body: decoded only as far as the body's budget goes, not at all once it is spent. */
    private void text(MimeEntity e, String type) {
        if (body.full()) {
            body.skipped(e.bodyLength());
            return;
        }
        body.block(TextPart.decode(e, type, links, body.room()));
    }

    private void multipart(MimeEntity e, String type, String prefix, int depth, boolean showText) {
        HeaderParams ct = e.contentType();
        String boundary = ct.param("boundary");
        byte[] data = e.data();
        List<int[]> ranges = MimeParser.split(data, e.bodyFrom(), e.bodyTo(), boundary);
        if (ranges.isEmpty()) {
            String guessed = MimeParser.guessBoundary(data, e.bodyFrom(), e.bodyTo());
            if (guessed != null) ranges = MimeParser.split(data, e.bodyFrom(), e.bodyTo(), guessed);
        }
        if (ranges.isEmpty()) {
            // No delimiter at all: the body is the best we have, shown as it is.
            if (showText && body.full()) {
                body.skipped(e.bodyLength());
            } else if (showText) {
                Charsets.Prefix p = Charsets.decode(data, e.bodyFrom(), e.bodyLength(), ct.param("charset"), body.room());
                body.block(new TextPart.Text(p.text(), p.more(), p.exact(), false));
            }
            return;
        }
        List<MimeEntity> children = new ArrayList<>(ranges.size());
        for (int[] r : ranges) children.add(MimeParser.parse(data, r[0], r[1]));
        String subtype = type.substring("multipart/".length());
        String childDefault = subtype.equals("digest") ? "message/rfc822" : "text/plain";
        int chosen = subtype.equals("alternative") ? chooseAlternative(children) : -1;
        if (subtype.equals("signed") && showText) {
            body.note("[signed message (" + protocol(ct) + "): signature not verified]");
        }
        boolean encrypted = subtype.equals("encrypted");
        if (encrypted && showText) body.note("[encrypted message (" + protocol(ct) + "): not decrypted]");
        for (int i = 0; i < children.size(); i++) {
            String path = prefix.isEmpty() ? String.valueOf(i + 1) : prefix + "." + (i + 1);
            boolean show = showText && !encrypted && (chosen < 0 || chosen == i);
            walk(children.get(i), path, path, depth + 1, show, childDefault);
        }
    }

    private static String protocol(HeaderParams ct) {
        String p = ct.param("protocol");
        return p == null || p.isBlank() ? "unknown protocol" : p.toLowerCase(Locale.ROOT);
    }

    private int chooseAlternative(List<MimeEntity> children) {
        int plain = -1;
        int rich = -1;
        for (int i = 0; i < children.size(); i++) {
            String t = children.get(i).mimeType("text/plain");
            if (t.equals("text/plain") && plain < 0) plain = i;
            if (t.equals("text/html") || t.startsWith("multipart/")) rich = i;
        }
        int first = options.preferHtml() ? rich : plain;
        int second = options.preferHtml() ? plain : rich;
        if (first >= 0) return first;
        if (second >= 0) return second;
        return children.size() - 1;
    }

    private void embeddedMessage(MimeEntity e, String path, int depth, boolean showText) {
        byte[] raw = TransferDecoding.decode(e.body(), e.raw("Content-Transfer-Encoding"));
        addPart(e, "message/rfc822", path, filename(e), raw);
        MimeEntity inner = MimeParser.parse(raw);
        if (showText) {
            StringBuilder head = new StringBuilder("----- Attached message -----");
            for (RenderedMessage.Header h : DisplayHeaders.of(inner)) {
                head.append('\n').append(h.name()).append(": ").append(h.value());
            }
            body.block(head.toString());
        }
        walk(inner, path, path + ".1", depth + 1, showText, "text/plain");
        if (showText) body.note("----- End of attached message -----");
    }

    private void omitted(MimeEntity e, String type, String path, boolean showText) {
        Matcher m = OMITTED_SIZE.matcher(e.raw(OMITTED_HEADER));
        long size = m.find() ? parseSize(m.group(1)) : -1;
        parts.add(new Part(parts.size() + 1, path, Sanitizer.oneLine(type), sanitisedName(filename(e)), size, false));
        contents.add(null);
        rawNames.add(filename(e));
        if (showText && isText(type) && !isAttachment(e)) {
            body.note("[part " + path + " (" + Sanitizer.oneLine(type) + ", " + (size < 0 ? "?" : size)
                    + " bytes) not downloaded]");
        }
    }

    private static long parseSize(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void addPart(MimeEntity e, String type, String path, String name) {
        byte[] decoded = TransferDecoding.decode(e.body(), e.raw("Content-Transfer-Encoding"));
        addPart(e, type, path, name, decoded);
    }

    private void addPart(MimeEntity e, String type, String path, String name, byte[] decoded) {
        parts.add(new Part(parts.size() + 1, path, Sanitizer.oneLine(type), sanitisedName(name), decoded.length, true));
        contents.add(decoded);
        rawNames.add(name);
    }

    private static String sanitisedName(String name) {
        return name == null ? null : Sanitizer.oneLine(name);
    }

    static boolean isText(String type) {
        return type.startsWith("text/") || type.equals("message/delivery-status")
                || type.equals("message/disposition-notification") || type.equals("message/feedback-report")
                || type.equals("message/global-delivery-status") || type.equals("message/global-headers");
    }

    private static boolean isAttachment(MimeEntity e) {
        return e.disposition().value().equalsIgnoreCase("attachment");
    }

    static String filename(MimeEntity e) {
        String name = e.disposition().param("filename");
        if (name == null || name.isBlank()) name = e.contentType().param("name");
        return name == null || name.isBlank() ? null : name.strip();
    }
}
