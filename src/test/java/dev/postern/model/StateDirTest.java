package dev.postern.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The state directory (log, histories, kept drafts) by one rule: the log, the reader's history, the shell's history,
 * a kept draft and a client's "look at the drafts" sentence each computed it their own way (a blank or relative
 * XDG_STATE_HOME, a relative HOME, read differently by each).
 */
class StateDirTest {
    private static final String PASSWD_HOME = System.getProperty("user.home");

    @Test
    void anAbsoluteXdgStateHomeIsUsed() {
        assertEquals("/x/state/postern", HomeEnv.stateDir(Map.of("XDG_STATE_HOME", "/x/state", "HOME", "/h")));
    }

    @Test
    void aBlankOrRelativeXdgStateHomeIsIgnoredAsTheSpecSays() {
        assertEquals("/h/.local/state/postern", HomeEnv.stateDir(Map.of("XDG_STATE_HOME", "", "HOME", "/h")));
        assertEquals("/h/.local/state/postern", HomeEnv.stateDir(Map.of("XDG_STATE_HOME", "state", "HOME", "/h")));
    }

    @Test
    void anEmptyOrRelativeHomeIsThePasswdEntrys() {
        assertEquals(PASSWD_HOME + "/.local/state/postern", HomeEnv.stateDir(Map.of("HOME", "")));
        assertEquals(PASSWD_HOME + "/.local/state/postern", HomeEnv.stateDir(Map.of("HOME", "..")));
        assertEquals(PASSWD_HOME + "/.local/state/postern", HomeEnv.stateDir(Map.of()));
    }
}
