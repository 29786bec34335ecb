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

    /** Handles the part when it holds an armor block (and returns true); otherwise shows nothing and returns false. */
    static boolean inline(MimeWalker w, MimeEntity e, String path, int depth) {
        if (e.bodyLength() > 2L * MAX_ARMOR_BYTES) return false; // shown as text, within the body's budget
        byte[] bytes = TransferDecoding.decode(e.body(), e.raw("Content-Transfer-Encoding"));
        if (!contains(bytes, "-----BEGIN PGP ")) return false; // cheap test first: most parts have none
        String charset = e.contentType().param("charset");
        String text = Charsets.decode(bytes, charset);
        Block b = find(text);
        if (b == null) return false;
        BodyBuilder body = w.body();
        String before = text.substring(0, b.from);
        String after = text.substring(b.to);
        boolean partial = !before.isBlank() || !after.isBlank() || depth != w.wholeDepth();
        if (!before.isBlank()) body.block(before);
        String armor = text.substring(b.from, b.to);
        byte[] armorBytes = armor.getBytes(StandardCharsets.UTF_8);
        CryptoEngine engine = w.crypto();
        CryptoEngine.Opened o;
        if (armorBytes.length > MAX_ARMOR_BYTES) {
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
            p = w.protection(path, CryptoEngine.Kind.PGP, sig, null, partial ? -1 : depth);
        } else {
            Protection.Encryption enc = !o.encrypted() ? null : new Protection.Encryption(
                    o.recipients().stream().map(Sanitizer::oneLine).toList(), o.ok(), Sanitizer.oneLine(o.detail()));
            p = w.protection(path, CryptoEngine.Kind.PGP, o.signature(), enc, partial ? -1 : depth);
        }
        w.begin(p);
        if (o.ok() && o.content() != null) {
            // gpg's output of a clear-signed text is UTF-8 or the part's charset, as the signer wrote it.
            body.block(Charsets.decode(o.content(), charset));
        } else if (b.signed) {
            // Not verified: the text is still readable, but shown as what it is.
            body.block(armor);
        }
        w.end(p);
        if (!after.isBlank()) body.block(after);
        return true;
    }

    private record Block(int from, int to, boolean signed) {}

    /** The first armor block that starts a line and is closed; null when there is none. */
    static Block find(String text) {
        int s = lineStart(text, SIGNED);
        int m = lineStart(text, MESSAGE);
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
        if (end < 0) return null;
        int to = end + endMarker.length();
        int eol = text.indexOf('\n', to);
        to = eol < 0 ? text.length() : eol + 1;
        return new Block(from, to, signed);
    }

    private static int lineStart(String text, String marker) {
        int i = text.indexOf(marker);
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
