package dev.postern.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The cryptographic status of one protected part of a message, as the pager, {@code postern read} and
 * {@code --json} show it. Every string has passed {@link Sanitizer}.
 *
 * @param path         the part's section path ("1" is the whole body of a simple message)
 * @param kind         PGP or S/MIME
 * @param signature    the signature check, or null when the part is not signed
 * @param encryption   the encryption, or null when the part is not encrypted
 * @param fromMismatch the signer's key carries no address equal to the message's From address
 * @param from         the From address the signer was compared with ("" when there was none)
 * @param partial      other text of the message lies outside this part (not covered by it)
 */
public record Protection(String path, CryptoEngine.Kind kind, CryptoEngine.Signature signature, Encryption encryption,
                         boolean fromMismatch, String from, boolean partial) {
    /** Where every status line starts: message text starting the same way is marked, so it cannot pass for one. */
    public static final String PREFIX = "[postern] ";

    /**
     * @param to        the keys it was encrypted to
     * @param decrypted whether it could be decrypted here
     * @param detail    why not, when it could not
     */
    public record Encryption(List<String> to, boolean decrypted, String detail) {
        public Encryption {
            to = List.copyOf(to);
            detail = detail == null ? "" : detail;
        }
    }

    /**
     * Whether this part may be called well signed: a good signature by a key the keyring holds valid (full or
     * ultimate validity, or an S/MIME certificate with a trusted chain) that carries the From address.
     */
    public boolean trustworthySignature() {
        return signature != null && signature.status() == CryptoEngine.Status.GOOD && !fromMismatch && certified();
    }

    private boolean certified() {
        return signature.validity().equals("full") || signature.validity().equals("ultimate");
    }

    /** Whether any of {@code parts} came encrypted, decrypted here or not. */
    public static boolean anyEncrypted(List<Protection> parts) {
        for (Protection p : parts) if (p.encryption() != null) return true;
        return false;
    }

    /**
     * {@code body} (a rendered message's) without postern's own lines, as a reply or forward quotes it: they are not the
     * sender's words (hunt34-B B6). They are the lines that start with {@link #PREFIX}: the message's own text that
     * starts so is marked "(message text) " by the renderer, so it stays. A blank line left where a status block
     * stood (at the start, or doubled) goes with it.
     */
    public static String withoutStatusLines(String body) {
        if (body == null || !body.contains(PREFIX)) return body;
        List<String> kept = new ArrayList<>();
        boolean dropped = false;
        for (String line : body.split("\n", -1)) {
            if (line.startsWith(PREFIX)) {
                dropped = true;
                continue;
            }
            if (dropped && line.isBlank() && (kept.isEmpty() || kept.get(kept.size() - 1).isBlank())) continue;
            dropped = false;
            kept.add(line);
        }
        return String.join("\n", kept);
    }

    /** The status lines (one for the signature, one for the encryption), each starting with {@link #PREFIX}. */
    public List<String> lines() {
        List<String> out = new ArrayList<>(2);
        String k = kind == CryptoEngine.Kind.PGP ? "PGP" : "S/MIME";
        String where = path.equals("1") || path.isEmpty() ? "" : " (part " + path + ")";
        if (encryption != null) {
            String to = encryption.to().isEmpty() ? "" : " to " + String.join(", ", encryption.to());
            out.add(PREFIX + k + " encrypted" + where + to + (encryption.decrypted() ? ": decrypted"
                    : ": NOT decrypted" + (encryption.detail().isEmpty() ? "" : " (" + encryption.detail() + ")")));
        }
        if (signature != null) out.add(PREFIX + k + " " + signatureText() + where);
        if (partial) out.add(PREFIX + "only the text between this line and \"end of " + noun() + " part\" is " + noun()
                + "; the rest of the message is not");
        // What gpg said (a reason, a user id it unescaped) reaches the terminal only as one clean line (hunt34-B B8).
        out.replaceAll(Sanitizer::oneLine);
        return out;
    }

    /** The closing line of the region; null when the part covers the whole message. */
    public String endLine() {
        return PREFIX + "end of " + noun() + " part" + (path.isEmpty() ? "" : " " + path);
    }

    private String noun() {
        if (signature != null && encryption != null) return "signed and encrypted";
        return signature != null ? "signed" : "encrypted";
    }

    private String signatureText() {
        CryptoEngine.Signature s = signature;
        String who = s.signer().isEmpty() ? "" : " from " + s.signer();
        String key = s.key().isEmpty() ? "" : (kind == CryptoEngine.Kind.PGP ? ", key " : ", certificate ") + s.key();
        String validity = s.validity().isEmpty() ? "" : ", validity " + s.validity();
        String mismatch = fromMismatch ? "; WARNING: the signer is not the From address " + (from.isEmpty() ? "(none)" : from) : "";
        String uncertified = s.status() == CryptoEngine.Status.GOOD && !certified()
                ? "; WARNING: nothing you trust certifies that this key belongs to the signer" : "";
        String detail = s.detail().isEmpty() ? "" : " (" + s.detail() + ")";
        return switch (s.status()) {
            case GOOD -> "GOOD signature" + who + key + validity + uncertified + mismatch;
            case BAD -> "BAD signature" + who + key + ": the signed text was changed or the signature is forged";
            case REVOKED_KEY -> "signature" + who + key + " made by a REVOKED key: do not trust it" + mismatch;
            case EXPIRED_KEY -> "signature" + who + key + " made by an EXPIRED key" + validity + mismatch;
            case EXPIRED_SIGNATURE -> "EXPIRED signature" + who + key + mismatch;
            case UNKNOWN_KEY -> "signature by an UNKNOWN key" + key + ": not verified" + detail;
            case UNTRUSTED -> "signature" + who + key + " matches, but the key is NOT TRUSTED" + detail + mismatch;
            case ERROR -> "signature NOT verified" + key + detail;
        };
    }

    /** "good", "bad", "unknown-key", ... as {@code --json} carries it. */
    public String statusName() {
        return signature == null ? null : signature.status().name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
