package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import org.junit.jupiter.api.Test;

class UidsOneTest {
    @Test
    void oneUidIsAPositiveWholeNumberAndAMistakeIsAUsageErrorWithoutRawControls() {
        assertEquals(42L, Uids.one("42"));
        for (String bad : new String[] {"0", "-3", "x", "4:5", "\u001b[31m7"}) {
            PosternException e = assertThrows(PosternException.class, () -> Uids.one(bad), bad);
            assertEquals(ExitCode.USAGE, e.exitCode());
            assertFalse(e.getMessage().contains("\u001b"), e.getMessage());
        }
    }
}
