package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The two readers of a plain command line that a short command takes without picocli ({@link LocalSearchLine},
 * {@link CachedList}), over their one reader of the options they share ({@link PlainLine}): the root's --config and
 * --account/-a in every form, "--", @file. What either reads is what picocli would; the rest is left to picocli (null).
 */
class PlainLineTest {
    private static String[] words(String line) {
        return line.isEmpty() ? new String[0] : line.split(" ");
    }

    @Test
    void theRootOptionsAreReadAlikeInEveryFormBeforeOrAfterTheCommand() {
        for (String root : List.of("--config c.toml -a work", "--config=c.toml --account=work", "--account work --config c.toml",
                "-a work --config=c.toml")) {
            LocalSearchLine s = LocalSearchLine.of(words(root + " search --local lunch"));
            assertEquals(new LocalSearchLine(Path.of("c.toml"), "work", "INBOX", false, false, List.of("lunch")), s, root);
            assertEquals(s, LocalSearchLine.of(words("search " + root + " --local lunch")), root);
            CachedList l = CachedList.of(words(root + " list --cached"));
            assertEquals(new CachedList(Path.of("c.toml"), "work", "INBOX", null, false, false), l, root);
            assertEquals(l, CachedList.of(words("list --cached " + root)), root);
        }
        assertEquals(new LocalSearchLine(null, null, "Work", true, true, List.of("a", "b")),
                LocalSearchLine.of(words("search --local --json --folder=Work a b")));
        assertEquals(new CachedList(null, null, "Work", 5, true, true), CachedList.of(words("list --cached --json --threads --limit=5 Work")));
    }

    @Test
    void afterTwoDashesEveryWordIsAnOperandEvenOneThatLooksLikeAnOption() {
        assertEquals(new LocalSearchLine(null, null, "INBOX", false, false, List.of("--config", "-a", "x")),
                LocalSearchLine.of(words("search --local -- --config -a x")));
        assertEquals(new CachedList(null, null, "-a", null, false, false), CachedList.of(words("list --cached -- -a")));
        assertNull(CachedList.of(words("list --cached -- A B")), "a second folder");
        assertNull(CachedList.of(words("-- list --cached")), "-- before the command");
        assertNull(LocalSearchLine.of(words("-- search --local x")), "-- before the command");
    }

    @Test
    void whatTheyCannotReadAsPicocliWouldIsLeftToPicocli() {
        for (String odd : List.of("-awork", "-a=work", "--config", "--config=", "--config=-x", "--config @f", "--config=@f",
                "-a", "--account=", "--account -x", "-a a -a b", "--config a --config=b", "@args", "-h", "--help", "-V")) {
            assertNull(LocalSearchLine.of(words(odd + " search --local x")), odd);
            assertNull(LocalSearchLine.of(words("search --local x " + odd)), odd);
            assertNull(CachedList.of(words(odd + " list --cached")), odd);
            assertNull(CachedList.of(words("list --cached " + odd)), odd);
        }
        assertNull(LocalSearchLine.of(words("search --local -- @file")), "an @file after --");
        assertNull(CachedList.of(words("list --cached -- @file")), "an @file after --");
        assertNull(CachedList.of(words("list --cached --limit 07")));
        assertNull(CachedList.of(words("list --cached --limit=")));
        assertNull(LocalSearchLine.of(words("search --local --folder")));
        assertNull(LocalSearchLine.of(words("search --local --folder=A --folder B x")));
        assertNull(CachedList.of(words("list")), "no --cached");
        assertNull(LocalSearchLine.of(words("search x")), "no --local");
        assertNull(CachedList.of(words("--config a\u0000b list --cached")), "no path");
    }
}
