package dev.postern.config;

import dev.postern.config.toml.TomlTable;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Signing, encryption and decrypted-text settings: {@code store_decrypted} at the top level; {@code pgp_sign},
 * {@code pgp_encrypt}, {@code pgp_reply_encrypt} and {@code crypto_protocol} at the top level (for every account) or in an account's table
 * (for that account, overriding the top level). Unset: nothing is signed or encrypted, PGP is the protocol,
 * and decrypted text is kept only in memory.
 *
 * @param storeDecrypted the text cache may keep text of decrypted attachments (in clear, on disk)
 */
public record CryptoConfig(boolean storeDecrypted, Policy topLevel, Map<String, Policy> accounts) {
    public static final Set<String> TOP_KEYS = Set.of("store_decrypted", "pgp_sign", "pgp_encrypt", "crypto_protocol",
            "pgp_reply_encrypt");
    public static final Set<String> ACCOUNT_KEYS = Set.of("pgp_sign", "pgp_encrypt", "crypto_protocol", "pgp_reply_encrypt");

    public enum Encrypt {
        /** Encrypt when every recipient has a key; otherwise send signed (or plain) and say which keys are missing. */
        IF_POSSIBLE,
        /** Encrypt, and refuse to send when a recipient has no key. */
        ALWAYS,
        NEVER
    }

    public enum Protocol { PGP, SMIME }

    /**
     * What one account does by default when sending. {@code replyEncrypt} (pgp_reply_encrypt, default true, as mutt's
     * crypt_replyencrypt): a reply to, or inline forward of, a message that came encrypted is encrypted whatever
     * {@code encrypt} says, and is not sent in clear without the user's say (--no-encrypt, or a question in the reader).
     */
    public record Policy(boolean sign, Encrypt encrypt, Protocol protocol, boolean replyEncrypt) {
        public static final Policy NONE = new Policy(false, Encrypt.NEVER, Protocol.PGP);

        public Policy(boolean sign, Encrypt encrypt, Protocol protocol) {
            this(sign, encrypt, protocol, true);
        }

        public Policy withSign(boolean v) { return new Policy(v, encrypt, protocol, replyEncrypt); }

        public Policy withEncrypt(Encrypt v) { return new Policy(sign, v, protocol, replyEncrypt); }
    }

    public CryptoConfig {
        accounts = Map.copyOf(accounts);
    }

    public static CryptoConfig none() {
        return new CryptoConfig(false, Policy.NONE, Map.of());
    }

    public Policy policy(String account) {
        return accounts.getOrDefault(account, topLevel);
    }

    public static CryptoConfig load(Config config) {
        return parse(config.source(), ConfigLoader.document(config), config.accounts().stream().map(AccountConfig::name).toList());
    }

    static CryptoConfig parse(Path file, TomlTable toml, List<String> accountNames) {
        boolean store = toml.contains("store_decrypted") && ConfigLoader.bool(file, "the top level", toml, "store_decrypted");
        Policy top = policy(file, "the top level", toml, Policy.NONE);
        Map<String, Policy> per = new LinkedHashMap<>();
        if (toml.get("accounts") instanceof TomlTable accounts) {
            for (String name : accountNames) {
                if (accounts.get(name) instanceof TomlTable t) per.put(name, policy(file, "[accounts." + dev.postern.model.Names.tomlKey(name) + "]", t, top));
            }
        }
        return new CryptoConfig(store, top, per);
    }

    /** One table's pgp_sign, pgp_encrypt and crypto_protocol over {@code inherited} (an identity's, too). */
    static Policy policyOf(Path file, String where, TomlTable t, Policy inherited) {
        return policy(file, where, t, inherited);
    }

    private static Policy policy(Path file, String where, TomlTable t, Policy inherited) {
        boolean sign = t.contains("pgp_sign") ? ConfigLoader.bool(file, where, t, "pgp_sign") : inherited.sign();
        Encrypt encrypt = inherited.encrypt();
        if (t.contains("pgp_encrypt")) {
            Object v = t.get("pgp_encrypt");
            encrypt = switch (v instanceof String s ? s.toLowerCase(Locale.ROOT) : "") {
                case "if-possible" -> Encrypt.IF_POSSIBLE;
                case "always" -> Encrypt.ALWAYS;
                case "never" -> Encrypt.NEVER;
                default -> throw ConfigLoader.error(file, where + " pgp_encrypt = " + v
                        + " is not one of \"if-possible\", \"always\", \"never\"");
            };
        }
        Protocol protocol = inherited.protocol();
        if (t.contains("crypto_protocol")) {
            Object v = t.get("crypto_protocol");
            protocol = switch (v instanceof String s ? s.toLowerCase(Locale.ROOT) : "") {
                case "pgp", "openpgp" -> Protocol.PGP;
                case "smime", "s/mime" -> Protocol.SMIME;
                default -> throw ConfigLoader.error(file, where + " crypto_protocol = " + v + " is not one of \"pgp\", \"smime\"");
            };
        }
        boolean replyEncrypt = t.contains("pgp_reply_encrypt") ? ConfigLoader.bool(file, where, t, "pgp_reply_encrypt")
                : inherited.replyEncrypt();
        return new Policy(sign, encrypt, protocol, replyEncrypt);
    }
}
