package dev.postern.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The [accounts.NAME.pop3] table and unified_inbox: defaults, values, and one sentence per mistake. */
class Pop3ConfigTest {
    @TempDir Path dir;
    private final ConfigLoader loader = new ConfigLoader(Map.of("HOME", "/home/u"));

    private static final String HOME = "[accounts.home]\nprotocol = \"pop3\"\nhost = \"pop.example.org\"\nuser = \"a\"\n"
            + "password_env = \"P\"\n";
    private static final String WORK = "[accounts.work]\nprotocol = \"imap\"\nhost = \"imap.example.org\"\nuser = \"a\"\n"
            + "password_env = \"P\"\n";

    private Config load(String toml) throws IOException {
        Path p = dir.resolve("c.toml");
        Files.writeString(p, toml);
        return loader.load(p);
    }

    private String fails(String toml) throws IOException {
        PosternException e = assertThrows(PosternException.class, () -> load(toml));
        assertEquals(ExitCode.CONFIG, e.exitCode());
        return e.getMessage();
    }

    @Test
    void pop3AccountsDefaultToKeepingMailWholeOnTheServer() throws IOException {
        Config c = load(HOME);
        assertEquals(Pop3Options.DEFAULTS, c.account("home").orElseThrow().pop3());
        assertEquals(995, c.account("home").orElseThrow().port());
        assertEquals(List.of(), c.unifiedInbox());
    }

    @Test
    void readsEveryPop3Setting() throws IOException {
        Config c = load(HOME + "[accounts.home.pop3]\nkeep_on_server = true\ndelete_after_days = 30\n"
                + "headers_first = true\nmax_message_bytes = 1000000\n");
        assertEquals(new Pop3Options(true, 30, true, 1_000_000), c.account("home").orElseThrow().pop3());
        assertEquals(new Pop3Options(false, 0, false, 0),
                load(HOME + "[accounts.home.pop3]\nkeep_on_server = false\n").account("home").orElseThrow().pop3());
    }

    @Test
    void mistakesInThePop3TableAreOneSentenceEach() throws IOException {
        assertTrue(fails(HOME + "[accounts.home.pop3]\nkeep = false\n")
                .contains("[accounts.home.pop3] has an unknown key 'keep'; known keys are delete_after_days, headers_first,"
                        + " keep_on_server, max_message_bytes."), "unknown key");
        assertTrue(fails(HOME + "[accounts.home.pop3]\ndelete_after_days = 0\n")
                .contains("[accounts.home.pop3] delete_after_days must be between 1 and 36500"));
        assertTrue(fails(HOME + "[accounts.home.pop3]\nkeep_on_server = \"no\"\n")
                .contains("keep_on_server must be true or false"));
        assertTrue(fails(HOME + "[accounts.home.pop3]\nkeep_on_server = false\ndelete_after_days = 3\n")
                .contains("remove one of them"));
        assertTrue(fails(WORK + "[accounts.work.pop3]\nheaders_first = true\n")
                .contains("[accounts.work] has a pop3 table but protocol = \"imap\""));
    }

    @Test
    void unifiedInboxNamesAccountsOfTheFile() throws IOException {
        assertEquals(List.of("home", "work"), load("unified_inbox = [\"home\", \"work\"]\n" + HOME + WORK).unifiedInbox());
        assertTrue(fails("unified_inbox = [\"home\", \"play\"]\n" + HOME + WORK)
                .contains("unified_inbox names 'play', which is not an account in this file; known: home, work"));
        assertTrue(fails("unified_inbox = \"home\"\n" + HOME).contains("unified_inbox must be a list of account names"));
    }
}
