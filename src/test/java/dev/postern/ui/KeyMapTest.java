package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KeyMapTest {
    private final KeyMap keys = KeyMap.defaults();

    @Test
    void namesKeysLikeABindingsFileWould() {
        assertEquals("j", KeyMap.keyName(new KeyStroke('j', false, false)));
        assertEquals("G", KeyMap.keyName(new KeyStroke('G', false, false)));
        assertEquals("<Space>", KeyMap.keyName(new KeyStroke(' ', false, false)));
        assertEquals("<C-c>", KeyMap.keyName(new KeyStroke('c', true, false)));
        assertEquals("<Down>", KeyMap.keyName(new KeyStroke(KeyType.ArrowDown)));
        assertEquals("<Enter>", KeyMap.keyName(new KeyStroke(KeyType.Enter)));
        assertEquals("<PageDown>", KeyMap.keyName(new KeyStroke(KeyType.PageDown)));
    }

    @Test
    void defaultsAreMuttLike() {
        assertEquals(Optional.of("next"), keys.command(new KeyStroke('j', false, false)));
        assertEquals(Optional.of("next"), keys.command(new KeyStroke(KeyType.ArrowDown)));
        assertEquals(Optional.of("prev"), keys.command(new KeyStroke('k', false, false)));
        assertEquals(Optional.of("last"), keys.command(new KeyStroke('G', false, false)));
        assertEquals(Optional.of("open"), keys.command(new KeyStroke(KeyType.Enter)));
        assertEquals(Optional.of("page-down"), keys.command(new KeyStroke(KeyType.PageDown)));
        assertEquals(Optional.of("search"), keys.command(new KeyStroke('/', false, false)));
        assertEquals(Optional.empty(), keys.command(new KeyStroke('z', true, false)));
    }

    @Test
    void nSearchesAgainInThePagerButMovesToTheNextMessageElsewhere() {
        KeyStroke n = new KeyStroke('n', false, false);
        assertEquals(Optional.of("next-message"), keys.command(n));
        assertEquals(Optional.of("search-next"), keys.command(KeyMap.PAGER, n));
        assertEquals(Optional.of("next"), keys.command(KeyMap.PAGER, new KeyStroke('j', false, false)));
        assertEquals(Optional.of("toggle-threads"), keys.command(new KeyStroke('T', false, false)));
        assertEquals(Optional.of("limit"), keys.command(new KeyStroke('l', false, false)));
    }

    @Test
    void rebindingReplacesTheDefault() {
        KeyMap k = KeyMap.defaults().bind("j", "prev");
        assertEquals(Optional.of("prev"), k.command(new KeyStroke('j', false, false)));
        assertTrue(k.keysFor("next").contains("<Down>"));
    }

    @Test
    void everyDefaultCommandIsDescribedForHelp() {
        java.util.List<String> all = new java.util.ArrayList<>(keys.bindings().values());
        all.addAll(keys.bindings(KeyMap.PAGER).values());
        for (String command : all) {
            assertTrue(KeyMap.DESCRIPTIONS.containsKey(command), command);
        }
    }
}
