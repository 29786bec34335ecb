package dev.postern.attach;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;

/**
 * A sender's file name made into one harmless path segment. The result never contains a separator, a
 * control or invisible formatting character (bidi overrides and every default-ignorable included), shell syntax, or a leading dot
 * or dash; it is never empty, ".", "..", or a Windows device name, and it fits in 200 UTF-8 bytes with
 * its extension kept. Letters and digits of any script stay as they are, where the file names of this JVM can hold them:
 * under a single-byte locale (ISO-8859-1, which the launchers keep) or ASCII, a letter its charset lacks becomes
 * {@code _}, as an unsafe character does, so the attachment is still saved (a CJK name under de_DE stopped the whole
 * save: hunt 39-I, I4); {@link #unnamable} tells whether that happened.
 */
public final class SafeName {
    static final int MAX_BYTES = 200;
    private static final String KEPT_PUNCTUATION = ".-_+,=@#%()[]";
    private static final Set<String> WINDOWS_DEVICES = Set.of("CON", "PRN", "AUX", "NUL",
            "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
            "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9");

    private SafeName() {}

    /** @param index the attachment's number, for a name when nothing usable is left */
    public static String of(String untrusted, int index) {
        return of(untrusted, index, dev.postern.model.FileNameCharset.of());
    }

    /** As {@link #of(String, int)}, for file names in {@code names}. */
    static String of(String untrusted, int index, java.nio.charset.Charset names) {
        java.nio.charset.CharsetEncoder encoder = names.equals(StandardCharsets.UTF_8) ? null : names.newEncoder();
        String name = untrusted == null ? "" : Normalizer.normalize(dev.postern.render.Sanitizer.streamSafe(untrusted), Normalizer.Form.NFC);
        int cut = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        name = name.substring(cut + 1);
        StringBuilder out = new StringBuilder(name.length());
        boolean space = false;
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            i += Character.charCount(cp);
            int kind = Character.getType(cp);
            if (kind == Character.CONTROL || kind == Character.FORMAT || kind == Character.SURROGATE
                    || kind == Character.PRIVATE_USE || kind == Character.UNASSIGNED
                    || kind == Character.LINE_SEPARATOR || kind == Character.PARAGRAPH_SEPARATOR
                    || dev.postern.render.Sanitizer.isDefaultIgnorable(cp)) {
                // NUL, ESC, CR, RLO, zero-width joiners, and what draws as nothing though Unicode calls it a letter or
                // a mark (the Hangul fillers U+3164, U+115F, U+FFA0: "invoice.pdf" and twenty of them before
                // ".desktop" hid the real extension; U+034F): dropped, never shown or written
                continue;
            }
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                space = true;
                continue;
            }
            if (space && out.length() > 0) out.append(' ');
            space = false;
            if (Character.isLetterOrDigit(cp) || kind == Character.NON_SPACING_MARK
                    || kind == Character.COMBINING_SPACING_MARK || kind == Character.ENCLOSING_MARK
                    || KEPT_PUNCTUATION.indexOf(cp) >= 0
                    || (cp >= 0x80 && (kind == Character.CURRENCY_SYMBOL || kind == Character.OTHER_SYMBOL))) {
                if (encoder == null || cp < 0x80 || encoder.canEncode(new String(Character.toChars(cp)))) out.appendCodePoint(cp);
                else out.append('_'); // a letter these file names cannot hold
            } else {
                out.append('_');
            }
        }
        String s = trim(out.toString());
        if (s.isEmpty() || s.chars().noneMatch(c -> Character.isLetterOrDigit(c) || c >= 0x80)) {
            return "attachment-" + Math.max(index, 0);
        }
        int dot = s.indexOf('.');
        String base = (dot < 0 ? s : s.substring(0, dot)).strip().toUpperCase(Locale.ROOT);
        if (WINDOWS_DEVICES.contains(base)) s = "_" + s;
        return fit(s);
    }

    /**
     * Whether {@code untrusted} has a letter (or mark, symbol) this JVM's file names cannot hold, so that {@link #of} wrote
     * {@code _} for it: the name saved is then not the sender's, and the user is told which it was.
     */
    public static boolean unnamable(String untrusted) {
        return unnamable(untrusted, dev.postern.model.FileNameCharset.of());
    }

    static boolean unnamable(String untrusted, java.nio.charset.Charset names) {
        return untrusted != null && !of(untrusted, 0, names).equals(of(untrusted, 0, StandardCharsets.UTF_8));
    }

    /** No leading dot (hidden, "." and ".."), dash (an option to the next command) or space; no trailing dot or space. */
    private static String trim(String s) {
        int start = 0;
        while (start < s.length() && ".- ".indexOf(s.charAt(start)) >= 0) start++;
        int end = s.length();
        while (end > start && ". ".indexOf(s.charAt(end - 1)) >= 0) end--;
        return s.substring(start, end);
    }

    private static String fit(String s) {
        if (utf8(s) <= MAX_BYTES) return s;
        int dot = s.lastIndexOf('.');
        String ext = dot > 0 && s.length() - dot <= 16 ? s.substring(dot) : "";
        String stem = s.substring(0, s.length() - ext.length());
        int budget = MAX_BYTES - utf8(ext);
        StringBuilder kept = new StringBuilder();
        int used = 0;
        for (int i = 0; i < stem.length(); ) {
            int cp = stem.codePointAt(i);
            int n = utf8(new String(Character.toChars(cp)));
            if (used + n > budget) break;
            kept.appendCodePoint(cp);
            used += n;
            i += Character.charCount(cp);
        }
        return trim(kept.toString()) + ext;
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
