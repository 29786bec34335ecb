package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which command lines open the store and the search index before picocli parses them: {@code search --local} only. */
class LocalSearchStartsAheadTest {
    private static boolean ahead(String... args) {
        return PosternCommand.localSearchStartsAhead(args);
    }

    @Test
    void aLocalSearchStartsAhead() {
        assertTrue(ahead("search", "--local", "body:x"));
        assertTrue(ahead("--config", "/tmp/c.toml", "-a", "work", "search", "--folder", "Sent", "body:x", "--local"));
        assertTrue(ahead("search", "--json", "--local", "from:a", "subject:b"));
    }

    @Test
    void otherCommandLinesDoNot() {
        assertFalse(ahead("search", "body:x"), "a server search logs in; it is not started ahead here");
        assertFalse(ahead("search", "--local", "--help"));
        assertFalse(ahead("search", "--", "--local"));
        assertFalse(ahead("list", "--local"));
        assertFalse(ahead("--config", "search", "list", "--local"), "the config file named search is not the command");
        assertFalse(ahead());
    }
}
