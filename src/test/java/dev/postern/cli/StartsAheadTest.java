package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which command lines log in ahead, while picocli parses them: those that ask the server anyway, never a cached list. */
class StartsAheadTest {
    @Test
    void aListThatAsksTheServerLogsInAheadAndACachedOneNever() {
        assertTrue(PosternCommand.startsAhead(new String[] {"list", "--json"}));
        assertTrue(PosternCommand.startsAhead(new String[] {"--config", "/tmp/c.toml", "list", "--limit", "50"}));
        assertFalse(PosternCommand.startsAhead(new String[] {"list", "--cached"}));
        assertFalse(PosternCommand.startsAhead(new String[] {"list", "--cached=true", "--json"}));
        assertFalse(PosternCommand.startsAhead(new String[] {"list", "--help"}));
        assertTrue(PosternCommand.startsAhead(new String[] {"sync"}));
        assertFalse(PosternCommand.startsAhead(new String[] {"folders"}));
    }
}
