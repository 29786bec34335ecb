package dev.postern.render;

import dev.postern.model.Part;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
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
    /**
     * Decoded content of each part, same order as {@link #parts}, made only when asked for (a part listed is counted,
     * not decoded: a 37 MB attachment is not made just to say its size); null where it was not downloaded.
     */
    private final List<Supplier<byte[]>> contents = new ArrayList<>();
    /** File names as the sender wrote them (decoded, not sanitised), for choosing a safe name to save under. */
    private final List<String> rawNames = new ArrayList<>();
    /** Each part's declared charset parameter, or null: an attachment read as text is decoded by it (hunt 38-A, A6). */
    private final List<String> charsets = new ArrayList<>();
    private final List<String> links = new LinkList();
    private boolean depthNoted;
    /** Verifies and decrypts protected parts; null: they are listed and noted, not opened. */
    private final CryptoEngine crypto;
    private final List<Protection> protections = new ArrayList<>();
    /** Parts found inside decrypted content: listed after the message's own, never given to the text cache. */
    private final List<Part> openedParts = new ArrayList<>();
    private final List<Supplier<byte[]>> openedContents = new ArrayList<>();
    private final List<String> openedNames = new ArrayList<>();
    private final List<String> openedCharsets = new ArrayList<>();
    private int decrypting;
    /** The depth at which an entity is the whole of the message being walked (its root, or what a root wrapper holds). */
    private int wholeDepth;
    /** The From address of the message being walked (lower case, "" when none), which a signer must match. */
    private String from = "";
    /** The message was fetched without its attachments: part headers rebuilt, so no signed bytes are exact. */
    private boolean partial;

    MimeWalker(RenderOptions options, BodyBuilder body) {
        this(options, body, null);
    }

    MimeWalker(RenderOptions options, BodyBuilder body, CryptoEngine crypto) {
        this.options = options;
        this.body = body;
        this.crypto = crypto;
    }

    /** The message's own parts, then those found in decrypted content (numbered after them). */
    List<Part> parts() {
        if (openedParts.isEmpty()) return parts;
        List<Part> all = new ArrayList<>(parts);
        for (Part p : openedParts) {
            all.add(new Part(all.size() + 1, p.path(), p.contentType(), p.filename(), p.size(), p.fetched()));
        }
        return all;
    }

    /** Whether part i (0-based, in {@link #parts()}' order) came out of decrypted content: never cached in clear. */
    boolean decrypted(int i) {
        return i >= parts.size();
    }

    List<Protection> protections() {
        return protections;
    }

    List<Supplier<byte[]>> contents() {
        return joined(contents, openedContents);
    }

    List<String> rawNames() {
        return joined(rawNames, openedNames);
    }

    List<String> charsets() {
        return joined(charsets, openedCharsets);
    }

    private static <T> List<T> joined(List<T> own, List<T> opened) {
        if (opened.isEmpty()) return own;
        List<T> all = new ArrayList<>(own);
        all.addAll(opened);
        return all;
    }

    List<String> links() {
        return links;
    }

    void message(MimeEntity message) {
        from = fromAddress(message);
        partial = crypto != null && MessageRenderer.indexOf(message.data(), ("\n" + OMITTED_HEADER + ":").getBytes(
                java.nio.charset.StandardCharsets.US_ASCII), 0) >= 0;
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
        if (e.raw(OMITTED_HEADER) != null && embedded(type) && e.bodyLength() > 0) {
            // A forwarded message not downloaded, its header and structure given (the stand-in of a large message):
            // listed as not downloaded, then walked into as a downloaded one is, so its attachments are numbered alike.
            omitted(e, type, leafPath, showText);
            embeddedMessage(e, MimeParser.parse(e.data(), e.bodyFrom(), e.bodyTo()), leafPath, depth, showText);
        } else if (e.raw(OMITTED_HEADER) != null) {
            omitted(e, type, leafPath, showText);
        } else if (type.startsWith("multipart/")) {
            multipart(e, type, childPrefix, depth, showText);
        } else if (embedded(type)) {
            embeddedMessage(e, leafPath, depth, showText);
        } else if (isText(type) && !isAttachment(e)) {
            if (showText && !(crypto != null && type.equals("text/plain") && InlinePgp.inline(this, e, leafPath, depth))) {
                text(e, type);
            }
            String name = filename(e);
            if (name != null) addPart(e, type, leafPath, name);
        } else {
            addPart(e, type, leafPath, filename(e));
            if (showText && (type.equals("application/pkcs7-mime") || type.equals("application/x-pkcs7-mime"))) {
                if (crypto == null) body.note("[S/MIME encrypted or signed content (" + type + "): not decoded]");
                else smime(e, leafPath, depth);
            }
        }
    }

    /** A text part shown in the body: decoded only as far as the body's budget goes, not at all once it is spent. */
    private void text(MimeEntity e, String type) {
        if (body.full()) {
            body.skipped(e.bodyLength());
            return;
        }
        // Decrypted text never goes to an auto_view command: a mailcap HTML viewer may load remote content, and a
        // decrypted part must never reach the network (the EFAIL lesson). Built-in rendering fetches nothing.
        body.block(TextPart.decode(e, type, links, body.room(), decrypting > 0 ? null : options.viewer()));
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
        if (crypto != null && showText && subtype.equals("signed") && children.size() >= 2 && signatureKind(ct) != null) {
            signed(e, ranges, children, prefix, depth, signatureKind(ct));
            return;
        }
        if (crypto != null && showText && subtype.equals("encrypted") && children.size() >= 2
                && protocol(ct).equals("application/pgp-encrypted")) {
            pgpEncrypted(children, prefix, depth);
            return;
        }
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

    private static CryptoEngine.Kind signatureKind(HeaderParams ct) {
        return switch (protocol(ct)) {
            case "application/pgp-signature" -> CryptoEngine.Kind.PGP;
            case "application/pkcs7-signature", "application/x-pkcs7-signature" -> CryptoEngine.Kind.SMIME;
            default -> null;
        };
    }

    /**
     * RFC 3156 / RFC 8551 multipart/signed: the signature is checked over the exact bytes of the first part
     * (its MIME headers and body, without the line break before the boundary) with line ends made CRLF.
     */
    private void signed(MimeEntity e, List<int[]> ranges, List<MimeEntity> children, String prefix, int depth,
                        CryptoEngine.Kind kind) {
        int[] first = ranges.get(0);
        byte[] data = MimeParser.canonical(e.data(), first[0], first[1]);
        MimeEntity sigPart = children.get(1);
        byte[] signature = TransferDecoding.decode(sigPart.body(), sigPart.raw("Content-Transfer-Encoding"));
        CryptoEngine.Signature sig = partial
                ? CryptoEngine.Signature.error("the message was read without its attachments, so the signed bytes are not at hand")
                : crypto.verifyDetached(kind, data, signature);
        String path = prefix.isEmpty() ? "1" : prefix;
        Protection p = protection(path, kind, sig, null, depth);
        begin(p);
        int saved = wholeDepth;
        if (depth == wholeDepth) wholeDepth = depth + 1;
        for (int i = 0; i < children.size(); i++) {
            String childPath = prefix.isEmpty() ? String.valueOf(i + 1) : prefix + "." + (i + 1);
            walk(children.get(i), childPath, childPath, depth + 1, i == 0, "text/plain");
        }
        wholeDepth = saved;
        end(p);
    }

    /** RFC 3156 multipart/encrypted: part 2 holds the OpenPGP message; what it decrypts to is a MIME entity. */
    private void pgpEncrypted(List<MimeEntity> children, String prefix, int depth) {
        for (int i = 0; i < children.size(); i++) {
            String childPath = prefix.isEmpty() ? String.valueOf(i + 1) : prefix + "." + (i + 1);
            walk(children.get(i), childPath, childPath, depth + 1, false, "text/plain");
        }
        MimeEntity payload = children.get(1);
        String path0 = prefix.isEmpty() ? "1" : prefix;
        if (payload.raw(OMITTED_HEADER) != null) {
            openEncrypted(CryptoEngine.Kind.PGP, CryptoEngine.Opened.failed(List.of(),
                    "the encrypted part was not downloaded; `postern attachment save` fetches it"), path0, depth);
            return;
        }
        byte[] cipher = TransferDecoding.decode(payload.body(), payload.raw("Content-Transfer-Encoding"));
        String path = prefix.isEmpty() ? "1" : prefix;
        openEncrypted(CryptoEngine.Kind.PGP, crypto.decrypt(CryptoEngine.Kind.PGP, cipher), path, depth);
    }

    /** S/MIME application/pkcs7-mime: enveloped-data is decrypted, signed-data checked and unwrapped. */
    private void smime(MimeEntity e, String path, int depth) {
        byte[] der = TransferDecoding.decode(e.body(), e.raw("Content-Transfer-Encoding"));
        String smimeType = e.contentType().param("smime-type");
        boolean signedData = smimeType != null ? smimeType.strip().equalsIgnoreCase("signed-data") : SmimeSniff.signedData(der);
        if (signedData) {
            CryptoEngine.Opened o = crypto.openSigned(CryptoEngine.Kind.SMIME, der);
            CryptoEngine.Signature sig = o.signature() != null ? o.signature()
                    : CryptoEngine.Signature.error(o.detail().isEmpty() ? "no signature found" : o.detail());
            Protection p = protection(path, CryptoEngine.Kind.SMIME, sig, null, depth);
            begin(p);
            if (o.ok() && o.content() != null) walkOpened(o.content(), path, depth);
            end(p);
            return;
        }
        openEncrypted(CryptoEngine.Kind.SMIME, crypto.decrypt(CryptoEngine.Kind.SMIME, der), path, depth);
    }

    private void openEncrypted(CryptoEngine.Kind kind, CryptoEngine.Opened o, String path, int depth) {
        Protection.Encryption enc = o.encrypted()
                ? new Protection.Encryption(clean(o.recipients()), o.ok(), Sanitizer.oneLine(o.detail())) : null;
        CryptoEngine.Signature sig = o.signature() != null || enc != null ? o.signature()
                : CryptoEngine.Signature.error(o.detail().isEmpty() ? "no signature found" : o.detail());
        Protection p = protection(path, kind, sig, enc, depth);
        begin(p);
        if (o.ok() && o.content() != null) walkOpened(o.content(), path, depth);
        end(p);
    }

    /** Walks decrypted or unwrapped MIME content as the body it replaces; its parts are listed as opened ones. */
    private void walkOpened(byte[] content, String path, int depth) {
        MimeEntity inner = MimeParser.parse(content);
        int saved = wholeDepth;
        if (depth == wholeDepth) wholeDepth = depth + 1;
        decrypting++;
        try {
            walk(inner, path + ".d", path + ".d.1", depth + 1, true, "text/plain");
        } finally {
            decrypting--;
            wholeDepth = saved;
        }
    }

    Protection protection(String path, CryptoEngine.Kind kind, CryptoEngine.Signature sig, Protection.Encryption enc,
                          int depth) {
        CryptoEngine.Signature s = sig == null ? null : new CryptoEngine.Signature(sig.status(), Sanitizer.oneLine(sig.signer()),
                Sanitizer.oneLine(sig.key()), Sanitizer.oneLine(sig.validity()), sig.addresses(), Sanitizer.oneLine(sig.detail()));
        boolean mismatch = s != null && s.status() != CryptoEngine.Status.BAD && s.status() != CryptoEngine.Status.UNKNOWN_KEY
                && s.status() != CryptoEngine.Status.ERROR && (from.isEmpty() || !s.addresses().contains(from));
        boolean partial = depth != wholeDepth;
        Protection p = new Protection(path, kind, s, enc, mismatch, Sanitizer.oneLine(from), partial);
        protections.add(p);
        return p;
    }

    /** The status lines open the protected region; message text cannot start a line the same way (BodyBuilder). */
    void begin(Protection p) {
        body.note(String.join("\n", p.lines()));
    }

    void end(Protection p) {
        if (p.partial()) body.note(p.endLine());
    }

    BodyBuilder body() {
        return body;
    }

    CryptoEngine crypto() {
        return crypto;
    }

    private static List<String> clean(List<String> in) {
        List<String> out = new ArrayList<>(in.size());
        for (String s : in) out.add(Sanitizer.oneLine(s));
        return out;
    }

    /** The bare address of the first mailbox in From, lower case; "" when there is none. */
    static String fromAddress(MimeEntity message) {
        String v = message.text("From");
        if (v == null) return "";
        String addr = dev.postern.model.AddressScan.angled(v);
        if (addr == null) addr = dev.postern.model.AddressScan.bare(v);
        return addr == null ? "" : addr.strip().toLowerCase(Locale.ROOT);
    }


    /** Whether a text part is being walked where the whole message is (for inline PGP's "partial" mark). */
    int wholeDepth() {
        return wholeDepth;
    }

    private static String protocol(HeaderParams ct) {
        String p = ct.param("protocol");
        return p == null || p.isBlank() ? "unknown protocol" : p.toLowerCase(Locale.ROOT);
    }

    /**
     * The alternative shown: the plain one, or the rich one with prefer_html. A blank plain alternative (white space
     * only: some mailers send one, and a last delimiter without its closing "--" makes one) is no alternative, as mutt
     * has it: the HTML holds the text.
     */
    private int chooseAlternative(List<MimeEntity> children) {
        int plain = -1;
        int rich = -1;
        for (int i = 0; i < children.size(); i++) {
            String t = children.get(i).mimeType("text/plain");
            if (t.equals("text/plain") && plain < 0 && !blank(children.get(i))) plain = i;
            if (t.equals("text/html") || t.startsWith("multipart/")) rich = i;
        }
        int first = options.preferHtml() ? rich : plain;
        int second = options.preferHtml() ? plain : rich;
        if (first >= 0) return first;
        if (second >= 0) return second;
        return children.size() - 1;
    }

    /** Whether a text part holds nothing but white space once decoded; a large or not downloaded one is not blank. */
    private static boolean blank(MimeEntity e) {
        if (e.raw(OMITTED_HEADER) != null || e.bodyLength() > 64 * 1024) return false;
        for (byte b : TransferDecoding.decode(e.body(), e.raw("Content-Transfer-Encoding"))) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n' && b != '\f') return false;
        }
        return true;
    }

    private void embeddedMessage(MimeEntity e, String path, int depth, boolean showText) {
        String cte = e.raw("Content-Transfer-Encoding");
        MimeEntity inner;
        if (encoded(cte)) {
            byte[] raw = TransferDecoding.decode(e.data(), e.bodyFrom(), e.bodyTo(), cte);
            addPart("message/rfc822", path, filename(e), raw.length, () -> raw, null);
            inner = MimeParser.parse(raw);
        } else {
            // As sent (the usual 7bit/8bit): parsed in place, not copied.
            addPart(e, "message/rfc822", path, filename(e));
            inner = MimeParser.parse(e.data(), e.bodyFrom(), e.bodyTo());
        }
        embeddedMessage(e, inner, path, depth, showText);
    }

    static boolean embedded(String type) {
        return type.equals("message/rfc822") || type.equals("message/global");
    }

    /** The inside of a message/rfc822 part, already listed: its header shown, its parts walked and listed after it. */
    private void embeddedMessage(MimeEntity e, MimeEntity inner, String path, int depth, boolean showText) {
        String outerFrom = from;
        int outerWhole = wholeDepth;
        from = fromAddress(inner);
        wholeDepth = depth + 1;
        if (showText) {
            StringBuilder head = new StringBuilder("----- Attached message -----");
            for (RenderedMessage.Header h : DisplayHeaders.of(inner)) {
                head.append('\n').append(h.name()).append(": ").append(h.value());
            }
            body.block(head.toString());
        }
        walk(inner, path, path + ".1", depth + 1, showText, "text/plain");
        from = outerFrom;
        wholeDepth = outerWhole;
        if (showText) body.note("----- End of attached message -----");
    }

    private void omitted(MimeEntity e, String type, String path, boolean showText) {
        Matcher m = OMITTED_SIZE.matcher(e.raw(OMITTED_HEADER));
        long size = m.find() ? Long.parseLong(m.group(1)) : -1; // at most 18 digits: fits a long
        boolean shownWhole = isText(type) && !isAttachment(e);
        if (showText && shownWhole) {
            body.note("[part " + path + " (" + Sanitizer.oneLine(type) + ", " + (size < 0 ? "?" : size) + " bytes) not downloaded]");
        }
        // Text the whole message shows and does not list (a text/calendar, a delivery status) is not listed here either,
        // or every attachment after it is numbered one higher until the message is stored (hunt 38-A, A4).
        if (shownWhole && filename(e) == null) return;
        parts.add(new Part(parts.size() + 1, path, Sanitizer.oneLine(type), sanitisedName(filename(e)), size, false));
        contents.add(null);
        rawNames.add(filename(e));
        charsets.add(e.contentType().param("charset"));
        if (showText && crypto != null && (type.equals("application/pkcs7-mime") || type.equals("application/x-pkcs7-mime"))) {
            body.note(Protection.PREFIX + "S/MIME part " + path + " was not downloaded (the message is larger than"
                    + " fetch_whole_below): not decrypted or verified");
        }
    }

    /** Lists a part by its decoded size, counted in place; its content is decoded only when asked for. */
    private void addPart(MimeEntity e, String type, String path, String name) {
        String cte = e.raw("Content-Transfer-Encoding");
        byte[] data = e.data();
        int from = e.bodyFrom();
        int to = e.bodyTo();
        long size = TransferDecoding.decodedLength(data, from, to, cte);
        addPart(type, path, name, size, () -> TransferDecoding.decode(data, from, to, cte, size), e.contentType().param("charset"));
    }

    private void addPart(String type, String path, String name, long size, Supplier<byte[]> content, String charset) {
        if (decrypting > 0) {
            openedParts.add(new Part(openedParts.size() + 1, path, Sanitizer.oneLine(type), sanitisedName(name), size, true));
            openedContents.add(content);
            openedNames.add(name);
            openedCharsets.add(charset);
            return;
        }
        parts.add(new Part(parts.size() + 1, path, Sanitizer.oneLine(type), sanitisedName(name), size, true));
        contents.add(content);
        rawNames.add(name);
        charsets.add(charset);
    }

    private static boolean encoded(String cte) {
        String enc = TransferDecoding.normalise(cte);
        return enc.contains("base64") || enc.contains("quoted");
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
