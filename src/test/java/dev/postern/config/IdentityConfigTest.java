package dev.postern.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.PosternException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** [[accounts.NAME.identities]], signature_file / signature_command, sig_on_top and sent_folder. */
class IdentityConfigTest {
    @TempDir Path dir;

    private Config load(String extraTop, String extraAccount) throws Exception {
        int tables = extraAccount.indexOf("[[");
        String keys = tables < 0 ? extraAccount : extraAccount.substring(0, tables);
        String after = tables < 0 ? "" : extraAccount.substring(tables);
        Path f = dir.resolve("config.toml");
        Files.writeString(f, extraTop + "\n[accounts.work]\nprotocol = \"imap\"\nhost = \"w\"\nuser = \"u\"\n"
                + "[accounts.home]\nprotocol = \"imap\"\nhost = \"h\"\nuser = \"u\"\n" + keys
                + "[accounts.home.smtp]\nhost = \"h\"\nfrom = \"Al <al@home.example>\"\n" + after);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        return new ConfigLoader(Map.of("HOME", dir.toString())).load(f);
    }

    @Test
    void theSmtpFromComesFirstThenTheTablesInOrder() throws Exception {
        IdentityConfig c = IdentityConfig.load(load("signature_file = \"~/sig\"\nsig_on_top = true",
                "sent_folder = \"Sent Items\"\n"
                + "[[accounts.home.identities]]\naddress = \"al@club.example\"\nname = \"Al, Treasurer\"\n"
                + "aliases = [\"treasurer@club.example\", \"al+*@club.example\"]\nsignature_command = \"fortune\"\n"
                + "sent_folder = \"Club\"\npgp_sign = true\n"
                + "[[accounts.home.identities]]\naddress = \"AL@HOME.example\"\nname = \"Al at home\"\n"));
        IdentityConfig.Account home = c.account("home");
        assertEquals(List.of("al@club.example", "AL@HOME.example"), home.identities().stream().map(IdentityConfig.Identity::address).toList(),
                "a table with the from address replaces the from identity");
        IdentityConfig.Identity club = home.identities().get(0);
        assertEquals("\"Al, Treasurer\" <al@club.example>", club.from());
        assertEquals("fortune", club.signature().command());
        assertEquals("~/sig", home.identities().get(1).signature().file(), "the top level's signature is inherited");
        assertTrue(home.sigOnTop());
        assertTrue(club.matches("Al+Dues@Club.Example"));
        assertTrue(club.matches("treasurer@club.example"));
        assertFalse(club.matches("al@club.example.org"));
        assertEquals(club, home.addressedBy(List.of("x@y", "Treasurer <treasurer@club.example>")));
        assertEquals(club, home.named("Al, Treasurer"));
        assertEquals("Club", home.sentFolderFor("al@club.example"));
        assertEquals("Sent Items", home.sentFolderFor("al@home.example"));
        assertTrue(club.policy(CryptoConfig.Policy.NONE).sign());
        assertNull(c.account("work").first(), "an account without from or identities has none");
    }

    @Test
    void mistakesAreOneSentenceNamingTheTable() {
        PosternException both = assertThrows(PosternException.class, () -> load("",
                "signature_file = \"a\"\nsignature_command = \"b\"\n"));
        assertEquals(78, both.exitCode().code());
        assertTrue(both.getMessage().contains("[accounts.home] sets signature_file and signature_command; keep one of them"),
                both.getMessage());
        PosternException bad = assertThrows(PosternException.class, () -> load("",
                "[[accounts.home.identities]]\naddress = \"Al <al@x.example>\"\n"));
        assertTrue(bad.getMessage().contains("[[accounts.home.identities]] #1 address = \"Al <al@x.example>\" is not a bare mail address"),
                bad.getMessage());
        PosternException unknown = assertThrows(PosternException.class, () -> load("",
                "[[accounts.home.identities]]\naddress = \"al@x.example\"\nsignature = \"x\"\n"));
        assertTrue(unknown.getMessage().contains("has an unknown key 'signature'"), unknown.getMessage());
    }
}
