package dev.postern.config.toml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.config.toml.TomlCorpus.Doc;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our parser against tomlj 1.1.1 (what postern used before) on the same documents: equal trees for valid
 * TOML, both refusing invalid TOML, on the same line unless noted. Where tomlj departs from the TOML 1.0 spec
 * we follow the spec; those documents are listed in {@link #TOMLJ_DEPARTS} with the reason.
 */
class TomlDifferentialTest {
    /** Documents where tomlj 1.1.1 disagrees with TOML 1.0; ours follows the spec (checked in the tests below). */
    static final Map<String, String> TOMLJ_DEPARTS = Map.of(
            "inline table extended by a subtable header",
            "TOML 1.0: inline tables are fully self-contained; sub-tables cannot be added outside the braces. tomlj accepts [a.c] after a = {...}",
            "negative offset under an hour",
            "tomlj reads the offset -00:45 as +00:45 (the sign is lost when the hours are zero)",
            "byte order mark", "toml-test valid/utf8-bom-*: a leading UTF-8 BOM is allowed; tomlj refuses it",
            "offset with a one-digit minute", "toml-test invalid/datetime/offset-*-minute-1digit: the offset needs HH:MM; tomlj accepts +09:9");

    /** Invalid documents on which tomlj 1.1.1 fails with an internal AssertionError (surefire runs with -ea) instead of a parse error. */
    static final Map<String, String> TOMLJ_CRASHES = Map.of(
            "short unicode escape", "QuotedStringVisitor.visitEscaped asserts on a non-hex digit in \\uXXXX");

    /** Invalid documents where the two report different lines, and why ours is the better line. */
    static final Map<String, String> OTHER_LINE = Map.of();

    static Stream<Doc> valid() {
        return TomlCorpus.VALID.stream();
    }

    static Stream<Doc> invalid() {
        return TomlCorpus.INVALID.stream();
    }

    @Test
    void theCorpusIsLargeEnough() {
        assertTrue(TomlCorpus.VALID.size() + TomlCorpus.INVALID.size() >= 60);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void validDocumentsGiveTheSameTree(Doc doc) {
        TomlParseResult ours = Toml.parse(doc.text());
        assertFalse(ours.hasErrors(), () -> "ours: " + ours.errors());
        org.tomlj.TomlParseResult theirs = org.tomlj.Toml.parse(doc.text());
        if (TOMLJ_DEPARTS.containsKey(doc.name())) {
            assertTrue(theirs.hasErrors() || !TomljTree.tomlj(theirs).equals(TomljTree.ours(ours.table())),
                    "tomlj now agrees; remove it from TOMLJ_DEPARTS");
            return;
        }
        assertFalse(theirs.hasErrors(), () -> "tomlj: " + theirs.errors());
        Object a = TomljTree.ours(ours.table());
        Object b = TomljTree.tomlj(theirs);
        assertEquals(TomljTree.ordered(b), TomljTree.ordered(a));
        assertEquals(b, a);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidDocumentsFailInBoth(Doc doc) {
        TomlParseResult ours = Toml.parse(doc.text());
        assertTrue(ours.hasErrors(), () -> "ours accepted: " + TomljTree.ours(ours.table()));
        TomlParseError e = ours.errors().get(0);
        assertTrue(e.position().line() >= 1 && e.position().column() >= 1, e::toString);
        if (TOMLJ_CRASHES.containsKey(doc.name())) {
            assertThrows(AssertionError.class, () -> org.tomlj.Toml.parse(doc.text()), "tomlj no longer crashes here");
            return;
        }
        org.tomlj.TomlParseResult theirs = org.tomlj.Toml.parse(doc.text());
        if (TOMLJ_DEPARTS.containsKey(doc.name())) {
            assertFalse(theirs.hasErrors(), "tomlj now refuses this too; remove it from TOMLJ_DEPARTS");
            return;
        }
        assertTrue(theirs.hasErrors(), () -> "tomlj accepted: " + TomljTree.tomlj(theirs));
        if (OTHER_LINE.containsKey(doc.name())) return;
        assertEquals(theirs.errors().get(0).position().line(), e.position().line(),
                () -> "ours: " + e + " / tomlj: " + theirs.errors().get(0));
    }

    @Test
    void everyDocumentIsEitherValidOrInvalidOnce() {
        List<String> names = Stream.concat(TomlCorpus.VALID.stream(), TomlCorpus.INVALID.stream()).map(Doc::name).toList();
        assertEquals(names.size(), names.stream().distinct().count(), "duplicate names in the corpus");
    }
}
