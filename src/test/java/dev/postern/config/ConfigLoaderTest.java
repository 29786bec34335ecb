package dev.postern.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.model.Protocol;
import dev.postern.model.Security;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir Path dir;

    private final ConfigLoader loader = new ConfigLoader(Map.of("HOME", "/home/u"));

    private Path write(String toml, String perms) throws IOException {
        Path p = dir.resolve("config.toml");
        Files.writeString(p, toml);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
        return p;
    }

    private PosternException fails(String toml) throws IOException {
        Path p = write(toml, "rw-------");
        PosternException e = assertThrows(PosternException.class, () -> loader.load(p));
        assertEquals(ExitCode.CONFIG, e.exitCode());
        assertTrue(e.getMessage().startsWith("config " + p + ": "), e.getMessage());
        return e;
    }

    /** Hunt 38-M, M6: names the config took but no command could (-a splits on commas, "-x" is an option). */
    @Test
    void refusesAccountNamesNoCommandCanTakeAndKeepsThoseItCan() throws IOException {
        String body = "\nprotocol = \"imap\"\nhost = \"h\"\nuser = \"u\"\npassword_command = \"true\"\n";
        for (String[] bad : new String[][] {{"\"\"", "\"\""}, {"\"a,b\"", "\"a,b\""}, {"\"-x\"", "-x"},
                {"\"tab\\there\"", "\"tab\\u0009here\""}, {"\"home \"", "\"home \""}}) {
            String m = fails("[accounts." + bad[0] + "]" + body).getMessage();
            assertTrue(m.contains("[accounts." + bad[1] + "]: an account name must not be empty, hold a comma or a control"
                    + " character, begin with - or begin or end with a space"), m);
        }
        Config ok = loader.load(write("[accounts.\"pop keep\"]" + body + "[accounts.\"work.tls\"]" + body + "[accounts.\"\u00dcber\"]" + body, "rw-------"));
        assertEquals(java.util.List.of("pop keep", "work.tls", "\u00dcber"), ok.accounts().stream().map(AccountConfig::name).toList());
    }

    @Test
    void readsAnAccountWithDefaultsFilledIn() throws IOException {
        Config c = loader.load(write("""
                [accounts.work]
                protocol = "imap"
                host = "imap.example.org"
                user = "alice"
                password_command = "pass show mail/work"
                """, "rw-r--r--"));
        AccountConfig a = c.accounts().get(0);
        assertEquals("work", a.name());
        assertEquals(Protocol.IMAP, a.protocol());
        assertEquals(Security.TLS, a.security());
        assertEquals(993, a.port());
        assertEquals(Duration.ofSeconds(30), a.timeout());
        assertInstanceOf(PasswordSource.Command.class, a.password());
        assertNull(a.trustCert());
        assertEquals(Path.of("/home/u/.local/share/postern"), c.dataDir());
    }

    /**
     * F6 of hunt 27: a relative data_dir was taken in the working directory, so cron (in HOME) and the reader (anywhere)
     * each made and used a store of their own. Every relative path the config names is beside the config file.
     */
    @Test
    void relativePathsInTheConfigAreBesideItNotInTheWorkingDirectory() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("cfg"));
        Files.createDirectories(sub.resolve("certs"));
        Files.writeString(sub.resolve("certs/own.pem"), "x");
        Path p = sub.resolve("config.toml");
        Files.writeString(p, """
                data_dir = "relative/dir"
                mailcap_path = "mailcap:/etc/mailcap:~/.mailcap"
                signature_file = "sig.txt"
                [accounts.work]
                protocol = "imap"
                host = "imap.example.org"
                user = "alice"
                password_env = "P"
                tls_trust_cert = "certs/own.pem"
                [[accounts.work.identities]]
                address = "alice@example.org"
                """);
        Config c = loader.load(p);
        assertEquals(sub.resolve("relative/dir"), c.dataDir());
        assertEquals(sub.resolve("certs/own.pem"), c.accounts().get(0).trustCert());
        Map<String, String> env = Map.of("HOME", "/home/u");
        assertEquals(java.util.List.of(sub.resolve("mailcap"), Path.of("/etc/mailcap"), Path.of("/home/u/.mailcap")),
                ViewConfig.load(c, env).mailcapFiles());
        assertEquals(sub.resolve("sig.txt").toString(),
                IdentityConfig.load(c).account("work").identities().get(0).signature().file());
        assertEquals(Path.of("/abs/store"), loader.load(write("data_dir = \"/abs/store\"\n[accounts.w]\nprotocol = \"imap\"\n"
                + "host = \"h\"\nuser = \"u\"\npassword_env = \"P\"\n", "rw-------")).dataDir());
    }

    @Test
    void defaultPortFollowsProtocolAndSecurity() {
        assertEquals(993, AccountConfig.defaultPort(Protocol.IMAP, Security.TLS));
        assertEquals(143, AccountConfig.defaultPort(Protocol.IMAP, Security.STARTTLS));
        assertEquals(995, AccountConfig.defaultPort(Protocol.POP3, Security.TLS));
        assertEquals(110, AccountConfig.defaultPort(Protocol.POP3, Security.PLAIN));
    }

    @Test
    void keepsAccountsInFileOrder() throws IOException {
        Config c = loader.load(write("""
                [accounts.zeta]
                protocol = "imap"
                host = "a"
                user = "u"
                password_env = "P"
                [accounts.alpha]
                protocol = "pop3"
                host = "b"
                user = "u"
                password_env = "P"
                security = "starttls"
                """, "rw-r--r--"));
        assertEquals("zeta", c.accounts().get(0).name());
        assertEquals("alpha", c.accounts().get(1).name());
        assertEquals(110, c.accounts().get(1).port());
    }

    @Test
    void unknownKeyNamesTheKeyAndTheTable() throws IOException {
        PosternException e = fails("""
                [accounts.work]
                protocol = "imap"
                hots = "imap.example.org"
                user = "alice"
                password_env = "P"
                """);
        assertTrue(e.getMessage().contains("[accounts.work] has an unknown key 'hots'"), e.getMessage());
    }

    @Test
    void syntaxErrorNamesTheLine() throws IOException {
        PosternException e = fails("[accounts.work]\nprotocol = \"imap\nhost = 1\n");
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void noPasswordSourceMeansAskAtTheTerminal() throws IOException {
        Config c = loader.load(write("""
                [accounts.work]
                protocol = "imap"
                host = "h"
                user = "alice"
                """, "rw-r--r--"));
        assertInstanceOf(PasswordSource.Prompt.class, c.accounts().get(0).password());
    }

    @Test
    void twoPasswordSourcesAreRefused() throws IOException {
        PosternException e = fails("""
                [accounts.work]
                protocol = "imap"
                host = "h"
                user = "alice"
                password_env = "A"
                password_command = "b"
                """);
        assertTrue(e.getMessage().contains("keep exactly one password source"), e.getMessage());
    }

    @Test
    void literalPasswordOnlyInAPrivateFile() throws IOException {
        String toml = """
                [accounts.work]
                protocol = "imap"
                host = "h"
                user = "alice"
                password = "secret"
                """;
        Path open = write(toml, "rw-r--r--");
        PosternException e = assertThrows(PosternException.class, () -> loader.load(open));
        assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
        assertEquals(ExitCode.CONFIG, e.exitCode());
        Path closed = write(toml, "rw-------");
        PasswordSource.Literal l = (PasswordSource.Literal) loader.load(closed).accounts().get(0).password();
        assertEquals("secret", l.password());
        assertTrue(!l.toString().contains("secret"), "a literal password must not show up in logs");
    }

    @Test
    void plaintextIsRefusedOffLoopbackUnlessAllowed() throws IOException {
        String base = """
                [accounts.work]
                protocol = "imap"
                host = "mail.example.org"
                user = "alice"
                password_env = "P"
                security = "plain"
                """;
        PosternException e = fails(base);
        assertTrue(e.getMessage().contains("unencrypted"), e.getMessage());
        AccountConfig allowed = loader.load(write(base + "allow_plaintext = true\n", "rw-------")).accounts().get(0);
        assertEquals(Security.PLAIN, allowed.security());
        AccountConfig loopback = loader.load(write(base.replace("mail.example.org", "127.0.0.1"), "rw-------"))
                .accounts().get(0);
        assertEquals(143, loopback.port());
    }

    @Test
    void badValuesAreExplained() throws IOException {
        String head = "[accounts.w]\nhost = \"h\"\nuser = \"u\"\npassword_env = \"P\"\n";
        assertTrue(fails(head + "protocol = \"smtp\"\n").getMessage().contains("is not one of imap | pop3"));
        assertTrue(fails(head + "protocol = \"imap\"\nport = 70000\n").getMessage().contains("between 1 and 65535"));
        assertTrue(fails(head + "protocol = \"imap\"\nport = \"993\"\n").getMessage().contains("whole number"));
        assertTrue(fails(head).getMessage().contains("needs protocol"));
        // An unreadable tls_trust_cert is the account's own failure when it connects (TrustFilePerAccountTest), not the file's.
    }

    @Test
    void aFileThatIsNotUtf8IsSaidSoAndADirectoryCannotBeRead() throws IOException {
        Path p = dir.resolve("latin1.toml");
        Files.write(p, "# caf\u00e9\n[accounts.w]\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        PosternException e = assertThrows(PosternException.class, () -> loader.load(p));
        assertEquals(ExitCode.CONFIG, e.exitCode());
        assertEquals("config " + p + ": is not UTF-8 text (TOML files are UTF-8); save it as UTF-8.", e.getMessage());
        Path d = Files.createDirectory(dir.resolve("d.toml"));
        e = assertThrows(PosternException.class, () -> loader.load(d));
        assertEquals(ExitCode.CONFIG, e.exitCode());
        assertTrue(e.getMessage().contains("cannot be read"), e.getMessage());
    }

    @Test
    void noAccountsIsAnError() throws IOException {
        assertTrue(fails("data_dir = \"/tmp/x\"\n").getMessage().contains("defines no account"));
    }

    @Test
    void missingFileSaysHowToCreateOne() {
        PosternException e = assertThrows(PosternException.class, () -> loader.load(dir.resolve("nope.toml")));
        assertEquals(ExitCode.CONFIG, e.exitCode());
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        // The manual page an installed postern has, not the source tree's man/postern.toml.5 (hunt 43-P, P1).
        assertTrue(e.getMessage().contains("`man postern.toml`") && !e.getMessage().contains("man/"), e.getMessage());
    }

    @Test
    void xdgDirectoriesAreHonoured() {
        ConfigLoader xdg = new ConfigLoader(Map.of("HOME", "/home/u", "XDG_CONFIG_HOME", "/cfg", "XDG_DATA_HOME", "/data"));
        assertEquals(Path.of("/cfg/postern/config.toml"), xdg.defaultConfigPath());
        assertEquals(Path.of("/data/postern"), xdg.defaultDataDir());
        assertEquals(Path.of("/home/u/.config/postern/config.toml"), loader.defaultConfigPath());
    }

    @Test
    void passwordCommandHasADeadlineOf30SecondsUnlessTheAccountNamesOne() throws IOException {
        String base = "[accounts.a]\nprotocol = \"imap\"\nhost = \"h\"\nuser = \"u\"\npassword_command = \"pass mail\"\n";
        Config c = loader.load(write(base, "rw-------"));
        assertEquals(Duration.ofSeconds(30), ((PasswordSource.Command) c.accounts().get(0).password()).timeout());
        c = loader.load(write(base + "command_timeout_seconds = 5\n", "rw-------"));
        assertEquals(Duration.ofSeconds(5), ((PasswordSource.Command) c.accounts().get(0).password()).timeout());
        PosternException e = fails("[accounts.a]\nprotocol = \"imap\"\nhost = \"h\"\nuser = \"u\"\npassword_env = \"PW\"\n"
                + "command_timeout_seconds = 5\n");
        assertTrue(e.getMessage().contains("command_timeout_seconds but no password_command"), e.getMessage());
    }
}
