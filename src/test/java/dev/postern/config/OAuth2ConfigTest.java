package dev.postern.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.auth.OAuth2Config;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code auth = "oauth2"} and the {@code [accounts.NAME.oauth2]} table. */
class OAuth2ConfigTest {
    @TempDir Path dir;

    private static final String ACCOUNT = """
            data_dir = "/data/postern"
            [accounts.work]
            protocol = "imap"
            host = "outlook.office365.com"
            user = "alice@example.com"
            auth = "oauth2"
            """;

    private Config load(String toml) throws IOException {
        Path p = dir.resolve("config.toml");
        Files.writeString(p, toml);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
        return new ConfigLoader(Map.of("HOME", "/home/u")).load(p);
    }

    private String fails(String toml) throws IOException {
        PosternException e = assertThrows(PosternException.class, () -> load(toml));
        assertEquals(ExitCode.CONFIG, e.exitCode());
        assertTrue(e.getMessage().endsWith("."), e.getMessage());
        return e.getMessage().substring(e.getMessage().indexOf(": ") + 2);
    }

    @Test
    void microsoftPresetFillsEndpointsScopesAndTheTokenFile() throws IOException {
        OAuth2Config o = load(ACCOUNT + """
                [accounts.work.oauth2]
                provider = "microsoft"
                client_id = "abc"
                tenant = "organizations"
                """).accounts().get(0).oauth2();
        assertEquals(OAuth2Config.Provider.MICROSOFT, o.provider());
        assertEquals(URI.create("https://login.microsoftonline.com/organizations/oauth2/v2.0/devicecode"), o.deviceUrl());
        assertEquals(URI.create("https://login.microsoftonline.com/organizations/oauth2/v2.0/token"), o.tokenUrl());
        assertTrue(o.scopes().contains("https://outlook.office.com/IMAP.AccessAsUser.All"));
        assertTrue(o.scopes().contains("offline_access"));
        assertEquals(Path.of("/data/postern/oauth2/work.json"), o.tokenFile());
        assertEquals(Duration.ofSeconds(30), o.timeout());
    }

    @Test
    void googlePresetHasNoDeviceFlowAndAsksForTheMailScope() throws IOException {
        OAuth2Config o = load(ACCOUNT + """
                [accounts.work.oauth2]
                provider = "google"
                client_id = "abc.apps.googleusercontent.com"
                client_secret_command = "pass show oauth/google"
                """).accounts().get(0).oauth2();
        assertNull(o.deviceUrl());
        assertEquals(List.of("https://mail.google.com/"), o.scopes());
        assertEquals("pass show oauth/google", o.clientSecretCommand());
    }

    @Test
    void customNeedsItsEndpointsAndTheSmtpTableInheritsTheSignIn() throws IOException {
        Config c = load(ACCOUNT + """
                [accounts.work.smtp]
                host = "smtp.example.com"
                [accounts.work.oauth2]
                provider = "custom"
                client_id = "abc"
                device_authorization_url = "https://id.example.com/device"
                token_url = "https://id.example.com/token"
                scopes = ["mail"]
                token_store_command = "my-keyring"
                """);
        AccountConfig a = c.accounts().get(0);
        assertEquals(a.oauth2(), a.smtp().asAccount(a).oauth2());
        assertEquals("my-keyring", a.oauth2().tokenStoreCommand());
    }

    @Test
    void mistakesAreOneSentenceEach() throws IOException {
        assertEquals("[accounts.work] auth = \"kerberos\" is not one of password | oauth2.",
                fails(ACCOUNT.replace("\"oauth2\"", "\"kerberos\"")));
        assertTrue(fails(ACCOUNT).startsWith("[accounts.work] sets auth = \"oauth2\" but has no [accounts.work.oauth2] table"));
        assertEquals("[accounts.work] sets auth = \"oauth2\" and password_command; an OAuth2 account has no password,"
                + " so remove password_command.", fails(ACCOUNT + "password_command = \"x\"\n[accounts.work.oauth2]\n"
                + "provider = \"microsoft\"\nclient_id = \"a\"\n"));
        // The man page said command_timeout_seconds bounds token_command; the limit of an OAuth2 account's commands is
        // timeout_seconds, and the sentence says so (hunt 31-R, R12).
        assertEquals("[accounts.work] sets auth = \"oauth2\" and command_timeout_seconds; the commands of an OAuth2 account"
                + " (token_command and the others) are given timeout_seconds, so remove command_timeout_seconds and raise"
                + " timeout_seconds if they need more time.", fails(ACCOUNT + "command_timeout_seconds = 4\n[accounts.work.oauth2]\n"
                + "token_command = \"x\"\n"));
        assertTrue(fails(ACCOUNT.replace("auth = \"oauth2\"", "") + "[accounts.work.oauth2]\nprovider = \"google\"\n")
                .startsWith("[accounts.work] has an oauth2 table but auth is not \"oauth2\""));
        assertTrue(fails(ACCOUNT + "[accounts.work.oauth2]\nprovider = \"microsoft\"\nclient_id = \"a\"\nclientid = \"b\"\n")
                .startsWith("[accounts.work.oauth2] has an unknown key 'clientid'; known keys are "));
        assertEquals("[accounts.work.oauth2] provider = \"yahoo\" is not one of microsoft | google | custom.",
                fails(ACCOUNT + "[accounts.work.oauth2]\nprovider = \"yahoo\"\nclient_id = \"a\"\n"));
        assertEquals("[accounts.work.oauth2] needs client_id.", fails(ACCOUNT + "[accounts.work.oauth2]\nprovider = \"google\"\n"));
        assertTrue(fails(ACCOUNT + "[accounts.work.oauth2]\nprovider = \"google\"\nclient_id = \"a\"\ntenant = \"x\"\n")
                .startsWith("[accounts.work.oauth2] sets tenant, which only provider = \"microsoft\" uses"));
        assertTrue(fails(ACCOUNT + "[accounts.work.oauth2]\nprovider = \"custom\"\nclient_id = \"a\"\n"
                + "token_url = \"http://id.example.com/token\"\ndevice_authorization_url = \"https://id.example.com/d\"\n"
                + "scopes = [\"mail\"]\n").contains("is plain http to another machine"));
        assertEquals("[accounts.work.oauth2] sets provider = \"custom\" and needs scopes, e.g. scopes = [\"mail\"].",
                fails(ACCOUNT + "[accounts.work.oauth2]\nprovider = \"custom\"\nclient_id = \"a\"\n"
                        + "token_url = \"https://id.example.com/token\"\nauthorization_url = \"https://id.example.com/a\"\n"));
        assertTrue(fails(ACCOUNT + "[accounts.work.oauth2]\ntoken_command = \"x\"\nclient_id = \"a\"\n")
                .startsWith("[accounts.work.oauth2] sets token_command and client_id"));
    }

    @Test
    void aTokenNeverCrossesAnUnencryptedLinkEvenWithAllowPlaintext() throws IOException {
        String msg = fails(ACCOUNT + "security = \"plain\"\nallow_plaintext = true\n[accounts.work.oauth2]\n"
                + "provider = \"microsoft\"\nclient_id = \"a\"\n");
        assertEquals("[accounts.work] would send an OAuth2 token unencrypted to outlook.office365.com, which"
                + " allow_plaintext does not permit; use security = \"tls\" or \"starttls\".", msg);
        // loopback (a test server, a local bridge) may be plain
        load(ACCOUNT.replace("outlook.office365.com", "127.0.0.1") + "security = \"plain\"\n[accounts.work.oauth2]\n"
                + "provider = \"microsoft\"\nclient_id = \"a\"\n");
    }
}
