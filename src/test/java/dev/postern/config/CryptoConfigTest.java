package dev.postern.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.PosternException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pgp_sign, pgp_encrypt, crypto_protocol (top level and per account) and store_decrypted. */
class CryptoConfigTest {
    @TempDir Path dir;

    private Config load(String extraTop, String extraAccount) throws Exception {
        Path f = dir.resolve("config.toml");
        Files.writeString(f, extraTop + "\n[accounts.home]\nprotocol = \"imap\"\nhost = \"h\"\nuser = \"u\"\n" + extraAccount
                + "\n[accounts.work]\nprotocol = \"imap\"\nhost = \"w\"\nuser = \"u\"\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        return new ConfigLoader(Map.of("HOME", dir.toString())).load(f);
    }

    @Test
    void unsetMeansNothingSignedOrEncryptedAndNothingDecryptedKept() throws Exception {
        CryptoConfig c = CryptoConfig.load(load("", ""));
        assertFalse(c.storeDecrypted());
        assertEquals(CryptoConfig.Policy.NONE, c.policy("home"));
    }

    @Test
    void accountKeysOverrideTheTopLevel() throws Exception {
        CryptoConfig c = CryptoConfig.load(load("store_decrypted = true\npgp_sign = true\npgp_encrypt = \"if-possible\"",
                "pgp_encrypt = \"always\"\ncrypto_protocol = \"smime\""));
        assertTrue(c.storeDecrypted());
        assertEquals(new CryptoConfig.Policy(true, CryptoConfig.Encrypt.ALWAYS, CryptoConfig.Protocol.SMIME), c.policy("home"));
        assertEquals(new CryptoConfig.Policy(true, CryptoConfig.Encrypt.IF_POSSIBLE, CryptoConfig.Protocol.PGP), c.policy("work"));
    }

    @Test
    void aWrongValueIsOneSentenceNamingTheKey() {
        PosternException e = assertThrows(PosternException.class, () -> load("", "pgp_encrypt = \"sometimes\""));
        assertEquals(78, e.exitCode().code());
        assertTrue(e.getMessage().contains("[accounts.home] pgp_encrypt = sometimes is not one of \"if-possible\", \"always\", \"never\""),
                e.getMessage());
        PosternException b = assertThrows(PosternException.class, () -> load("store_decrypted = \"yes\"", ""));
        assertTrue(b.getMessage().contains("store_decrypted must be true or false"), b.getMessage());
    }
}
