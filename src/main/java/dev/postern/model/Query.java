package dev.postern.model;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * A search over messages, from {@link QueryParser}: run on the server (IMAP SEARCH) or on the store
 * ({@link #matches}). Text comparisons are case-insensitive substring matches, as IMAP SEARCH's are.
 */
public sealed interface Query {

    enum Field { FROM, TO, CC, SUBJECT, BODY, TEXT }

    record Contains(Field field, String text) implements Query {}

    record HasFlag(Flag flag) implements Query {}

    /** {@code since}: on or after the day; otherwise before the day (dates of the Date header, UTC days). */
    record OnDay(LocalDate day, boolean since) implements Query {}

    record Size(long bytes, boolean larger) implements Query {}

    record Not(Query q) implements Query {}

    record And(List<Query> all) implements Query {
        public And { all = List.copyOf(all); }
    }

    record Or(List<Query> any) implements Query {
        public Or { any = List.copyOf(any); }
    }

    /** Whether a term of this query looks in the body ({@code body:}, {@code text:}, a bare word). */
    default boolean readsBodies() {
        if (this instanceof Contains c) return c.field() == Field.BODY || c.field() == Field.TEXT;
        if (this instanceof Not n) return n.q().readsBodies();
        if (this instanceof And a) return a.all().stream().anyMatch(Query::readsBodies);
        if (this instanceof Or o) return o.any().stream().anyMatch(Query::readsBodies);
        return false;
    }

    /**
     * Whether a cached message matches. {@code body} gives the message's text when its body is cached
     * (null otherwise: a body term then does not match): the decoded text of its text parts (render's SearchText, which
     * the index holds too), as a server's SEARCH BODY reads it. {@code TEXT} is from, subject, to and that body, as the
     * server search sends it.
     */
    default boolean matches(Envelope e, Function<Envelope, String> body) {
        if (this instanceof Contains c) {
            return switch (c.field()) {
                case FROM -> has(e.from(), c.text());
                case TO -> e.to().stream().anyMatch(t -> has(t, c.text()));
                case CC -> e.cc().stream().anyMatch(t -> has(t, c.text()));
                case SUBJECT -> has(e.subject(), c.text());
                case BODY -> has(body.apply(e), c.text());
                case TEXT -> has(e.from(), c.text()) || has(e.subject(), c.text())
                        || e.to().stream().anyMatch(t -> has(t, c.text())) || has(body.apply(e), c.text());
            };
        }
        if (this instanceof HasFlag h) return e.flags().has(h.flag());
        if (this instanceof OnDay d) {
            if (e.date() == null) return false;
            boolean before = e.date().isBefore(d.day().atStartOfDay().toInstant(ZoneOffset.UTC));
            return d.since() != before;
        }
        if (this instanceof Size s) return s.larger() ? e.size() > s.bytes() : e.size() < s.bytes();
        if (this instanceof Not n) return !n.q().matches(e, body);
        if (this instanceof And a) return a.all().stream().allMatch(q -> q.matches(e, body));
        return ((Or) this).any().stream().anyMatch(q -> q.matches(e, body));
    }

    private static boolean has(String haystack, String needle) {
        return haystack != null && haystack.toLowerCase(Locale.ROOT).contains(needle.toLowerCase(Locale.ROOT));
    }
}
