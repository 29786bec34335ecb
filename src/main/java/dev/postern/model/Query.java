package dev.postern.model;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Function;

/**
 * A search over messages, from {@link QueryParser}: run on the server (IMAP SEARCH) or on the store
 * ({@link #matches}). Text comparisons are substring matches with case, accents and compatibility forms aside
 * ({@link TextFold}), at least as lenient as an IMAP server's i;unicode-casemap (RFC 5051).
 */
public sealed interface Query {

    enum Field { FROM, TO, CC, SUBJECT, BODY, TEXT }

    record Contains(Field field, String text) implements Query {}

    record HasFlag(Flag flag) implements Query {}

    /**
     * {@code since}: on or after the day; otherwise before the day. Days are the user's ({@code zone}: the command's
     * client's, {@link Zones#zone()}, where the query was read), the days the list shows; the instant is the message's
     * date as postern keeps it (the Date header when plausible, else the arrival). Online, the server is asked a day
     * wider and its answer checked with {@link #datesAllow} (hunts 38-Q Q1, 38-T T2: the three used to differ).
     */
    record OnDay(LocalDate day, boolean since, ZoneId zone) implements Query {
        public OnDay(LocalDate day, boolean since) {
            this(day, since, Zones.zone());
        }

        /** The first instant of the day in the user's zone. */
        public Instant start() {
            return day.atStartOfDay(zone).toInstant();
        }

        boolean holds(Envelope e) {
            return e.date() != null && e.date().isBefore(start()) != since;
        }
    }

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
        if (this instanceof OnDay d) return d.holds(e);
        if (this instanceof Size s) return s.larger() ? e.size() > s.bytes() : e.size() < s.bytes();
        if (this instanceof Not n) return !n.q().matches(e, body);
        if (this instanceof And a) return a.all().stream().allMatch(q -> q.matches(e, body));
        return ((Or) this).any().stream().anyMatch(q -> q.matches(e, body));
    }

    /**
     * False only when what the envelope tells makes the query false for {@code e}: its date terms, and the terms
     * on its own fields (from, to, cc, subject, flags, size); a body term is unknown here (Kleene's three values
     * through NOT, AND and OR). A server's answer to a query is checked with it, so that a day means the user's day
     * there as on the store.
     */
    default boolean datesAllow(Envelope e) {
        return dateTruth(e) != Boolean.FALSE;
    }

    /** TRUE, FALSE, or null for unknown. */
    private Boolean dateTruth(Envelope e) {
        if (this instanceof OnDay d) return d.holds(e);
        if (this instanceof Not n) {
            Boolean t = n.q().dateTruth(e);
            return t == null ? null : !t;
        }
        if (this instanceof And a) {
            Boolean out = Boolean.TRUE;
            for (Query q : a.all()) {
                Boolean t = q.dateTruth(e);
                if (t == Boolean.FALSE) return Boolean.FALSE;
                if (t == null) out = null;
            }
            return out;
        }
        if (this instanceof Or o) {
            Boolean out = Boolean.FALSE;
            for (Query q : o.any()) {
                Boolean t = q.dateTruth(e);
                if (t == Boolean.TRUE) return Boolean.TRUE;
                if (t == null) out = null;
            }
            return out;
        }
        if (readsBodies()) return null; // a body the store may not hold: the server decided it
        return matches(e, x -> null); // the envelope's own fields, as the store's search reads them
    }

    private static boolean has(String haystack, String needle) {
        return TextFold.contains(haystack, needle);
    }
}
