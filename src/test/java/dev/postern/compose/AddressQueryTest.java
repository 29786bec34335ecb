package dev.postern.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** address_book_command in mutt's query_command format; completion never waits for it. */
class AddressQueryTest {
    @TempDir Path dir;

    @Test
    void readsMuttsFormatHeaderFirstThenAddressTabNameTabOther() {
        assertEquals(List.of("Zelda Quux <zelda@book.example>", "zed@book.example", "\"Quux, Z.\" <zq@book.example>"),
                AddressQuery.parse("Searching... 3 found\nzelda@book.example\tZelda Quux\tfriend\nzed@book.example\n"
                        + "not an address\tNobody\nzq@book.example\tQuux, Z.\t\n"));
        assertEquals(List.of(), AddressQuery.parse("only a header line\n"));
    }

    @Test
    void theTypedTextArrivesAsDollarOneAndPercentSAndTheFirstAskStartsTheQueryWithoutWaiting() throws Exception {
        Path script = dir.resolve("book.sh");
        Path seen = dir.resolve("seen");
        Path release = dir.resolve("release");
        // The command answers only once the test lets it: what cached() does meanwhile is seen, not timed.
        Files.writeString(script, "#!/bin/sh\nwhile [ ! -e '" + release + "' ]; do sleep 0.05; done\necho \"$1|$2\" > '" + seen
                + "'\nprintf 'header\\n%s@book.example\\tBook %s\\n' \"$1\" \"$1\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        List<String> failures = new ArrayList<>();
        AddressQuery q = new AddressQuery(script + " %s \"$1\"", Duration.ofSeconds(60), failures::add);
        assertEquals(List.of(), q.cached("ann'o"), "nothing yet: the query runs in the background");
        // Still running, not ended by its deadline (a cached() that waited would return only then).
        assertFalse(q.start("ann'o").isDone() || !failures.isEmpty(), "cached() returned while the command still runs: " + failures);
        Files.createFile(release);
        List<String> found = q.start("ann'o").get(60, TimeUnit.SECONDS);
        assertEquals(List.of("Book ann'o <ann'o@book.example>"), found);
        assertEquals("ann'o|ann'o\n", Files.readString(seen), "%s is the quoted text, $1 too");
        assertEquals(found, q.cached("ann'o"), "the next ask has the answer");
        assertTrue(failures.isEmpty(), failures.toString());
    }

    @Test
    void aHangingOrFailingCommandIsOneSentenceAndNoAddresses() throws Exception {
        List<String> failures = new ArrayList<>();
        AddressQuery q = new AddressQuery("sleep 60", Duration.ofSeconds(1), failures::add);
        assertEquals(List.of(), q.start("x").get(20, TimeUnit.SECONDS));
        assertEquals(List.of("address_book_command did not finish within 1 s and was stopped."), failures);
        AddressQuery f = new AddressQuery("exit 2", Duration.ofSeconds(5), failures::add);
        assertEquals(List.of(), f.start("x").get(20, TimeUnit.SECONDS));
        assertEquals("address_book_command exited with code 2.", failures.get(1));
    }
}
