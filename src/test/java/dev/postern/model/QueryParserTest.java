package dev.postern.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueryParserTest {

    @Test
    void theIssueExampleParsesToAnAndOfFiveTerms() {
        Query q = QueryParser.parse("from:bob subject:\"report\" since:2026-01-01 body:invoice -seen");
        assertEquals(new Query.And(List.of(
                new Query.Contains(Query.Field.FROM, "bob"),
                new Query.Contains(Query.Field.SUBJECT, "report"),
                new Query.OnDay(LocalDate.of(2026, 1, 1), true),
                new Query.Contains(Query.Field.BODY, "invoice"),
                new Query.Not(new Query.HasFlag(Flag.SEEN)))), q);
    }

    @Test
    void orBindsLooserThanAndAndParenthesesGroup() {
        Query q = QueryParser.parse("from:a subject:x or (from:b not flagged) larger:10k");
        Query group = new Query.And(List.of(new Query.Contains(Query.Field.FROM, "b"), new Query.Not(new Query.HasFlag(Flag.FLAGGED))));
        assertEquals(new Query.Or(List.of(
                new Query.And(List.of(new Query.Contains(Query.Field.FROM, "a"), new Query.Contains(Query.Field.SUBJECT, "x"))),
                new Query.And(List.of(group, new Query.Size(10 * 1024, true))))), q);
        assertEquals(new Query.Contains(Query.Field.SUBJECT, "weekly report"), QueryParser.parse("subject:\"weekly report\""));
        assertEquals(new Query.Not(new Query.HasFlag(Flag.SEEN)), QueryParser.parse("unread"));
        assertEquals(new Query.Contains(Query.Field.TEXT, "invoice"), QueryParser.parse("invoice"));
    }

    @Test
    void mistakesAreOneUsageSentence() {
        for (String bad : List.of("", "since:yesterday", "larger:lots", "colour:red", "(from:a", "from:", "-", "subject:\"open",
                "is:purple", "a or", "larger:9999999999G", "smaller:17179869184G", "larger:99999999999999999999", "since:0000-01-01", "before:0999-12-31", "since:+10000-01-01")) {
            PosternException e = assertThrows(PosternException.class, () -> QueryParser.parse(bad), bad);
            assertEquals(ExitCode.USAGE, e.exitCode(), bad);
            assertTrue(e.getMessage().endsWith("."), e.getMessage());
        }
    }

    @Test
    void matchesOnTheStoreLikeTheServerWould() {
        Envelope e = new Envelope(new MessageRef("a", "INBOX", 1, 7), "<m@x>", Instant.parse("2026-02-03T10:00:00Z"),
                "Bob <bob@example.org>", List.of("alice@example.org"), List.of(), "Monthly Report", 20_000,
                Flags.of(Flag.FLAGGED), null, List.of(), null);
        assertTrue(QueryParser.parse("from:BOB subject:report since:2026-01-01 -seen flagged larger:10k").matches(e, x -> null));
        assertFalse(QueryParser.parse("before:2026-02-03").matches(e, x -> null));
        assertTrue(QueryParser.parse("before:2026-02-04").matches(e, x -> null));
        assertFalse(QueryParser.parse("body:invoice").matches(e, x -> null), "no cached body: no body match");
        assertTrue(QueryParser.parse("body:invoice").matches(e, x -> "the Invoice is attached"));
        assertTrue(QueryParser.parse("to:alice or from:nobody").matches(e, x -> null));
        assertFalse(QueryParser.parse("smaller:1k").matches(e, x -> null));
    }

    /**
     * A search text longer than a server takes is refused as a usage error before anything is sent: Dovecot answered a
     * 100,000-character BODY literal with BYE, and postern called that "try again later" (75), which never helps.
     */
    @Test
    void aSearchTextLongerThanAThousandCharactersIsAUsageError() {
        String long1001 = "a".repeat(1001);
        for (String q : new String[] {"body:" + long1001, long1001, "subject:\"" + long1001 + "\"", "from:x or to:" + long1001}) {
            PosternException e = assertThrows(PosternException.class, () -> QueryParser.parse(q));
            assertEquals(ExitCode.USAGE, e.exitCode());
            assertTrue(e.getMessage().contains("1001 characters"), e.getMessage());
        }
        assertEquals(new Query.Contains(Query.Field.BODY, "a".repeat(1000)), QueryParser.parse("body:" + "a".repeat(1000)));
    }

    /**
     * A query nested past 64 levels, or of more than 1,000 terms, is one usage sentence: 50,000 parentheses or '-'
     * overflowed the parser's stack (internal error; through a daemon a false "the owner stopped", 75), hunt 38-Q Q13.
     */
    @Test
    void aDeepOrLongSearchIsAUsageSentenceNotAStackOverflow() {
        String[] deep = {"(".repeat(50_000) + "alpha" + ")".repeat(50_000), "-".repeat(50_000) + "alpha",
                "not ".repeat(50_000) + "alpha", "(".repeat(65) + "alpha" + ")".repeat(65)};
        for (String q : deep) {
            PosternException e = assertThrows(PosternException.class, () -> QueryParser.parse(q));
            assertEquals(ExitCode.USAGE, e.exitCode());
            assertTrue(e.getMessage().contains("nested more than 64 levels"), e.getMessage());
        }
        StringBuilder many = new StringBuilder("subject:t0");
        for (int i = 1; i <= 1000; i++) many.append(" or subject:t").append(i);
        PosternException e = assertThrows(PosternException.class, () -> QueryParser.parse(many.toString()));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("more than 1000 terms"), e.getMessage());
        // At the bounds it is read.
        assertEquals(new Query.Contains(Query.Field.TEXT, "alpha"), QueryParser.parse("(".repeat(64) + "alpha" + ")".repeat(64)));
        assertEquals(new Query.Not(new Query.Not(new Query.Contains(Query.Field.TEXT, "a"))), QueryParser.parse("- not a"));
        String thousand = many.substring(0, many.indexOf(" or subject:t1000"));
        assertEquals(1000, ((Query.Or) QueryParser.parse(thousand)).any().size());
    }
}
