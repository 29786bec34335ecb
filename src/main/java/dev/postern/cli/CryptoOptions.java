package dev.postern.cli;

import picocli.CommandLine.Option;

/**
 * --sign, --encrypt and --smime for send, reply and forward: the choices the typed commands take (null: as configured);
 * the composing capability puts them over the account's and the identity's pgp_sign / pgp_encrypt.
 */
final class CryptoOptions {
    @Option(names = "--sign", negatable = true, description = {"Sign with your key (PGP/MIME, or S/MIME with --smime);"
            + " --no-sign overrides pgp_sign = true."})
    Boolean sign;

    @Option(names = "--encrypt", negatable = true, description = {"Encrypt to every recipient and to yourself; refuses (exit 65)"
            + " naming the recipients without a usable key; each Bcc recipient gets a copy encrypted to them alone."
            + " --no-encrypt overrides pgp_encrypt, and sends a reply to (or inline forward of) encrypted mail in clear,"
            + " which is otherwise encrypted (pgp_reply_encrypt) and refused (exit 65) when a key is missing."})
    Boolean encrypt;

    @Option(names = "--smime", description = "Sign/encrypt with S/MIME through gpgsm instead of OpenPGP (or crypto_protocol = \"smime\").")
    boolean smime;
}
