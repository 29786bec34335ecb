package dev.postern.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Corners of TOML that the config code meets now that it reads the file with dev.postern.config.toml. */
class ConfigTomlEdgesTest {
    @TempDir Path dir;

    private Config load(String text) throws Exception {
        Path p = dir.resolve("config.toml");
        Files.writeString(p, text);
        return new ConfigLoader(Map.of("HOME", dir.toString())).load(p);
    }

    private String fails(String text) {
        PosternException e = assertThrows(PosternException.class, () -> load(text));
        assertEquals(ExitCode.CONFIG, e.exitCode());
        return e.getMessage();
    }

    private static String account(String header) {
        return header + "\nprotocol = \"imap\"\nhost = \"h\"\nuser = \"u\"\npassword_env = \"P\"\n";
    }

    @Test
    void accountNamesMayHoldDotsAndKeepTheirOrder() throws Exception {
        Config c = load(account("[accounts.\"my.work\"]") + account("[accounts.home]") + account("[accounts.'a b']"));
        assertEquals(List.of("my.work", "home", "a b"), c.accounts().stream().map(AccountConfig::name).toList());
    }

    @Test
    void aMixedRetentionArrayIsASentenceNotACrash() {
        String m = fails(account("[accounts.w]").replace("[accounts.w]", "retention = [{ account = \"*\", folders = [\"x\"], older_than_days = 3 }, 1]\n[accounts.w]"));
        assertTrue(m.endsWith("retention must be written as [[retention]] tables."), m);
    }

    @Test
    void aSyntaxErrorNamesFileLineAndColumn() {
        String m = fails("[accounts.w]\nprotocol = \"imap\"\nhost = \"h\" x\n");
        assertTrue(m.startsWith("config " + dir.resolve("config.toml") + ": line 3, column 12: "), m);
    }

    @Test
    void aQuotedDottedTopLevelKeyIsUnknownNotAPath() {
        String m = fails("\"accounts.w\" = 1\n" + account("[accounts.w]"));
        assertTrue(m.contains("the top level has an unknown key 'accounts.w'"), m);
    }

    /** A runaway value (a pasted key, 100,000 characters) is named by its start in the sentence, not repeated whole. */
    @Test
    void aVeryLongValueIsShownByItsStart() {
        String big = "x".repeat(100_000);
        String m = fails(account("[accounts.w]").replace("protocol = \"imap\"", "protocol = \"" + big + "\""));
        assertTrue(m.length() < 600, () -> m.length() + " characters: " + m.substring(0, 300));
        assertTrue(m.contains("protocol = \"" + "x".repeat(60) + "...\" (100000 characters) is not one of"), m);
        String shortOne = fails(account("[accounts.w]").replace("protocol = \"imap\"", "protocol = \"imapx\""));
        assertTrue(shortOne.contains("protocol = \"imapx\" is not one of"), shortOne);
    }
}
