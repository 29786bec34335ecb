package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * hunt37-J J6: a UID above 4294967295 (RFC 3501's 32-bit nz-number) went to the server, whose BAD was reported as a
 * faulty server, 75 (retried for ever by a script); it is the user's slip, said here: 64, nothing sent.
 */
class UidsTest {
    @Test
    void aUidBeyondThirtyTwoBitsIsAUsageError() {
        for (String text : new String[] {"4294967296", "1:4294967296", "4294967296:4294967290", "99999999999999999999", "0", "-3"}) {
            PosternException e = assertThrows(PosternException.class, () -> Uids.parse(List.of(text)), text);
            assertEquals(ExitCode.USAGE, e.exitCode(), text);
            assertTrue(e.getMessage().contains("from 1 to 4294967295"), e.getMessage());
        }
        for (String text : new String[] {"4294967296", "0"}) {
            PosternException e = assertThrows(PosternException.class, () -> Uids.one(text), text);
            assertEquals(ExitCode.USAGE, e.exitCode(), text);
        }
    }

    @Test
    void theLargestUidAndRangesBelowItStand() {
        assertEquals(List.of(4294967295L), List.copyOf(Uids.parse(List.of("4294967295"))));
        assertEquals(List.of(4294967290L, 4294967291L, 4294967292L, 4294967293L, 4294967294L, 4294967295L),
                List.copyOf(Uids.parse(List.of("4294967290:4294967295"))));
        assertEquals(4294967295L, Uids.one("4294967295"));
        assertEquals(List.of(3L, 7L, 8L, 9L), List.copyOf(Uids.parse(List.of("7:9,3"))));
    }
}
