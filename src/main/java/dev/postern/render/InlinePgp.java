package dev.postern.render;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Inline PGP in a text/plain part: a clear-signed text ({@code -----BEGIN PGP SIGNED MESSAGE-----}) or an
 * armored message ({@code -----BEGIN PGP MESSAGE-----}). What is shown as signed is what gpg says was signed,
 * never the text between the armor lines as it stands (dash-escaping, "Hash:" headers and text after the
 * signature are where spoofs hide); text before or after the armor block is shown as outside it.
 */
final class InlinePgp {
    /** Armor beyond this is not handed to gpg: a hostile part must not cost more than a real message would. */
    static final int MAX_ARMOR_BYTES = 16 << 20;
    private static final String SIGNED = "-----BEGIN PGP SIGNED MESSAGE-----";
    private static final String MESSAGE = "-----BEGIN PGP MESSAGE-----";
    private static final String END_SIGNATURE = "-----END PGP SIGNATURE-----";
    private static final String END_MESSAGE = "-----END PGP MESSAGE-----";

    private InlinePgp() {}

    /** Blocks handled in one part at most: more are shown as text (each costs a gpg run). */
    static final int MAX_BLOCKS = 20;

    /**
     * Handles the part when it holds an armor block (and returns true); otherwise shows nothing and returns false.
     * Every block gets its own status (a second clear-signed block, tampered, was shown as bare armor: hunt34-B
     * B11), and a block cut short (no END line) says so rather than passing for plain text.
     */
    static boolean inline(MimeWalker w, MimeEntity e, String path, int depth) {
        if (e.bodyLength() > 2L * MAX_ARMOR_BYTES) return false; // shown as text, within the body's budget
        byte[] bytes = TransferDecoding.decode(e.body(), e.raw("Content-Transfer-Encoding"));
        if (!contains(bytes, "-----BEGIN PGP ")) return false; // cheap test first: most parts have none
        String charset = e.contentType().param("charset");
        String text = Charsets.decode(bytes, charset);
        Block b = find(text, 0);
        if (b == null) return false;
        BodyBuilder body = w.body();
        Block second = b.cut ? null : find(text, b.to);
        boolean partial = !text.substring(0, b.from).isBlank() || second != null || !text.substring(b.to).isBlank()
                || depth != w.wholeDepth();
        int at = 0;
        for (int n = 1; b != null; n++) {
            String before = text.substring(at, b.from);
            if (!before.isBlank()) body.block(before);
            block(w, text.substring(b.from, b.to), b, charset, n == 1 ? path : path + ", block " + n, partial ? -1 : depth);
            at = b.to;
            b = b.cut || n >= MAX_BLOCKS ? null : find(text, at);
        }
        String after = text.substring(at);
        if (!after.isBlank()) body.block(after);
        return true;
    }

    private static void block(MimeWalker w, String armor, Block b, String charset, String path, int depth) {
        BodyBuilder body = w.body();
        byte[] armorBytes = armor.getBytes(StandardCharsets.UTF_8);
        CryptoEngine engine = w.crypto();
        CryptoEngine.Opened o;
        if (b.cut) {
            o = CryptoEngine.Opened.failed(List.of(), "the armor block is cut short: it has no " + (b.signed ? END_SIGNATURE : END_MESSAGE) + " line");
        } else if (armorBytes.length > MAX_ARMOR_BYTES) {
            o = CryptoEngine.Opened.failed(List.of(), "the armor block is larger than " + (MAX_ARMOR_BYTES >> 20) + " MiB");
        } else if (b.signed) {
            o = engine.openSigned(CryptoEngine.Kind.PGP, armorBytes);
        } else {
            o = engine.decrypt(CryptoEngine.Kind.PGP, armorBytes);
        }
        Protection p;
        if (b.signed) {
            CryptoEngine.Signature sig = o.signature() != null ? o.signature()
                    : CryptoEngine.Signature.error(o.detail().isEmpty() ? "no signature found" : o.detail());
            p = w.protection(path, CryptoEngine.Kind.PGP, sig, null, depth);
        } else {
            boolean encrypted = o.encrypted() || b.cut;
            Protection.Encryption enc = !encrypted ? null : new Protection.Encryption(
                    o.recipients().stream().map(Sanitizer::oneLine).toList(), o.ok(), Sanitizer.oneLine(o.detail()));
            p = w.protection(path, CryptoEngine.Kind.PGP, o.signature(), enc, depth);
        }
        w.begin(p);
        if (o.ok() && o.content() != null) {
            // gpg's output of a clear-signed text is UTF-8 or the part's charset, as the signer wrote it.
            body.block(Charsets.decode(o.content(), charset));
        } else if (b.signed || b.cut) {
            // Not verified: the text is still readable, but shown as what it is.
            body.block(armor);
        }
        w.end(p);
    }

    private record Block(int from, int to, boolean signed, boolean cut) {}

    /** The first armor block from {@code start} that starts a line (closed, or cut: to the end); null when there is none. */
    static Block find(String text, int start) {
        int s = lineStart(text, SIGNED, start);
        int m = lineStart(text, MESSAGE, start);
        boolean signed;
        int from;
        if (s >= 0 && (m < 0 || s < m)) {
            signed = true;
            from = s;
        } else if (m >= 0) {
            signed = false;
            from = m;
        } else {
            return null;
        }
        String endMarker = signed ? END_SIGNATURE : END_MESSAGE;
        int end = text.indexOf(endMarker, from);
        if (end < 0) return new Block(from, text.length(), signed, true);
        int to = end + endMarker.length();
        int eol = text.indexOf('\n', to);
        to = eol < 0 ? text.length() : eol + 1;
        return new Block(from, to, signed, false);
    }

    private static int lineStart(String text, String marker, int start) {
        int i = text.indexOf(marker, start);
        while (i > 0 && text.charAt(i - 1) != '\n') i = text.indexOf(marker, i + 1);
        return i;
    }

    private static boolean contains(byte[] d, String what) {
        byte[] w = what.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + w.length <= d.length; i++) {
            for (int k = 0; k < w.length; k++) if (d[i + k] != w[k]) continue outer;
            return true;
        }
        return false;
    }
}
