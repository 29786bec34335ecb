package dev.postern.render;

import java.util.List;

/**
 * Verifies and decrypts the protected parts of a message for the renderer (PGP/MIME, inline PGP, S/MIME).
 * The renderer never does cryptography itself: it hands the exact bytes to an engine (the user's GnuPG,
 * {@code dev.postern.crypto.GnupgEngine}) and shows what the engine says. Implementations bound time and
 * output, and never throw: every failure is a result with {@link Status#ERROR} or {@code ok = false}.
 */
public interface CryptoEngine {
    enum Kind { PGP, SMIME }

    /** What a signature check found, worst first. */
    enum Status {
        /** The signed bytes do not match the signature: changed in transit, or forged. */
        BAD,
        /** The signature is good but the key was revoked. */
        REVOKED_KEY,
        /** The signature is good but the key (or certificate) has expired. */
        EXPIRED_KEY,
        /** The signature itself has expired. */
        EXPIRED_SIGNATURE,
        /** The key that made the signature is not in the keyring: nothing can be said about it. */
        UNKNOWN_KEY,
        /**
         * The signature matches, but the certificate does not chain to a trusted root (S/MIME), or the user
         * marked the key as never to be trusted (PGP): anyone could have made it.
         */
        UNTRUSTED,
        /** The check could not be made (malformed signature, unsupported algorithm, gpg missing or stopped). */
        ERROR,
        /** A good signature by the key named. */
        GOOD
    }

    /**
     * @param signer    the user id (PGP) or certificate subject (S/MIME) of the signing key, as the engine names it; may be empty
     * @param key       the key's fingerprint or id (PGP), the certificate's fingerprint (S/MIME); may be empty
     * @param validity  how far the keyring trusts that the key belongs to the signer: "ultimate", "full",
     *                  "marginal", "unknown", "never", or "" when not said
     * @param addresses every mail address on the key or certificate, lower case, for the From check
     * @param detail    one short phrase on an error (why it could not be checked); "" otherwise
     */
    record Signature(Status status, String signer, String key, String validity, List<String> addresses, String detail) {
        public Signature {
            signer = signer == null ? "" : signer;
            key = key == null ? "" : key;
            validity = validity == null ? "" : validity;
            addresses = addresses == null ? List.of() : List.copyOf(addresses);
            detail = detail == null ? "" : detail;
        }

        public static Signature error(String why) {
            return new Signature(Status.ERROR, "", "", "", List.of(), why);
        }
    }

    /**
     * What opening an encrypted or opaque-signed blob gave.
     *
     * @param encrypted  the blob was encrypted (false: it was only signed, as an armored signed message can be)
     * @param content    the plaintext (a MIME entity for PGP/MIME and S/MIME, text for inline PGP); null when not ok
     * @param recipients the keys the message was encrypted to, as the engine names them (empty for signed-only)
     * @param signature  the signature found inside, or null when there was none
     * @param detail     one short phrase on a failure ("no secret key for ...", "timed out", ...)
     */
    record Opened(boolean ok, boolean encrypted, byte[] content, List<String> recipients, Signature signature, String detail) {
        public Opened {
            recipients = recipients == null ? List.of() : List.copyOf(recipients);
            detail = detail == null ? "" : detail;
        }

        public static Opened failed(List<String> recipients, String why) {
            return new Opened(false, true, null, recipients, null, why);
        }
    }

    /** A detached signature over {@code data} (already in canonical CRLF form). */
    Signature verifyDetached(Kind kind, byte[] data, byte[] signature);

    /** Decrypts a PGP message (armored or binary) or an S/MIME enveloped-data blob (DER). */
    Opened decrypt(Kind kind, byte[] data);

    /** An inline clear-signed PGP text, or an S/MIME signed-data blob: checks it and returns what was signed. */
    Opened openSigned(Kind kind, byte[] data);
}
