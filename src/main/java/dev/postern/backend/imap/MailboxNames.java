package dev.postern.backend.imap;

/**
 * Folder names as an IMAP server sends them without UTF8=ACCEPT: modified UTF-7 (RFC 3501 5.1.3). Angus decodes a
 * malformed one leniently, so two different names could come out as one ({@code x&AOk-} and the malformed
 * {@code x&é-} both as something else than the server means) and a sync of one would store the other's mail. This
 * says which names are well formed.
 */
final class MailboxNames {
    private MailboxNames() {}

    private static final String B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

    /**
     * Whether every {@code &} of {@code raw} starts a well-formed shift: {@code &-}, or modified base64 ending in
     * {@code -} whose bits are whole UTF-16 units (zero padding, no lone surrogate). Characters outside shifts are
     * not judged here.
     */
    static boolean wellFormed(String raw) {
        int i = 0;
        int n = raw.length();
        while (i < n) {
            if (raw.charAt(i) != '&') {
                i++;
                continue;
            }
            int end = raw.indexOf('-', i + 1);
            if (end < 0) return false;
            if (end > i + 1 && !units(raw.substring(i + 1, end))) return false;
            i = end + 1;
        }
        return true;
    }

    private static boolean units(String b64) {
        int bits = 0;
        int acc = 0;
        int high = -1;
        for (int k = 0; k < b64.length(); k++) {
            int v = B64.indexOf(b64.charAt(k));
            if (v < 0) return false;
            acc = (acc << 6) | v;
            bits += 6;
            if (bits >= 16) {
                bits -= 16;
                int unit = (acc >>> bits) & 0xFFFF;
                acc &= (1 << bits) - 1;
                if (Character.isHighSurrogate((char) unit)) {
                    if (high >= 0) return false;
                    high = unit;
                } else if (Character.isLowSurrogate((char) unit)) {
                    if (high < 0) return false;
                    high = -1;
                } else if (high >= 0) {
                    return false;
                }
            }
        }
        return high < 0 && bits < 6 && acc == 0;
    }

    /**
     * LIST line {@code line} with its delimiter made NIL when it is a quoted string of more than one character
     * (RFC 3501 allows one, or NIL), or null when the line is not such. Angus reads one character of it and then
     * took the rest of the line for the name: every folder became one named " ". Taking the first character would
     * split "Work::Sub" into "Work", "" and "Sub"; with NIL each name is kept whole, as sent, and usable.
     */
    static String flatDelimiter(String line) {
        int close = line.indexOf(')');
        if (close < 0 || !line.startsWith(" \"", close + 1)) return null;
        int p = close + 3;
        int n = 0;
        for (; p < line.length() && line.charAt(p) != '"'; p++, n++) {
            if (line.charAt(p) == '\\') p++;
        }
        if (p >= line.length() || n <= 1) return null;
        return line.substring(0, close + 2) + "NIL" + line.substring(p + 1);
    }
}
