package dev.postern.backend.imap;

import dev.postern.model.Query;
import jakarta.mail.Flags;
import jakarta.mail.Message;
import jakarta.mail.search.AndTerm;
import jakarta.mail.search.BodyTerm;
import jakarta.mail.search.ComparisonTerm;
import jakarta.mail.search.FlagTerm;
import jakarta.mail.search.FromStringTerm;
import jakarta.mail.search.NotTerm;
import jakarta.mail.search.OrTerm;
import jakarta.mail.search.RecipientStringTerm;
import jakarta.mail.search.SearchTerm;
import jakarta.mail.search.SentDateTerm;
import jakarta.mail.search.SizeTerm;
import jakarta.mail.search.SubjectTerm;
import java.util.Date;
import java.util.TimeZone;

/** A {@link Query} as a Jakarta SearchTerm, which Angus sends as IMAP SEARCH keys (pure, unit-tested). */
final class ImapSearch {
    private ImapSearch() {}

    static SearchTerm term(Query q) {
        return term(q, true);
    }

    /**
     * The messages of {@code f} that the server finds for {@code term}, asked of the server and nothing else. Not
     * {@code IMAPFolder.search}: where the server refuses a search (NO [BADCHARSET] to a text in UTF-8, or a key it
     * does not know), Angus searches on the client instead, fetching every message of the folder, silently: a whole
     * mailbox downloaded for one search on a slow link (hunt 39-I, I10). A refused charset is said as such.
     */
    static Message[] onServer(org.eclipse.angus.mail.imap.IMAPFolder f, SearchTerm term) throws jakarta.mail.MessagingException {
        return onServer(f, term, null);
    }

    /** {@link #onServer(org.eclipse.angus.mail.imap.IMAPFolder, SearchTerm)}, a refused charset said for {@code account}. */
    static Message[] onServer(org.eclipse.angus.mail.imap.IMAPFolder f, SearchTerm term, dev.postern.config.AccountConfig account)
            throws jakarta.mail.MessagingException {
        boolean[] charsetRefused = {false};
        int[] seqs = (int[]) f.doCommand(p -> {
            try {
                return p.search(term);
            } catch (jakarta.mail.search.SearchException e) {
                // Angus tried the text in UTF-8 (and the JVM's charset) and the server refused each: "Search failed".
                if (!org.eclipse.angus.mail.imap.protocol.SearchSequence.isAscii(term)) {
                    charsetRefused[0] = true;
                    return null;
                }
                throw new org.eclipse.angus.mail.iap.ProtocolException(e.getMessage(), e);
            }
        });
        if (charsetRefused[0]) {
            throw new dev.postern.model.PosternException(dev.postern.model.ExitCode.UNAVAILABLE, (account == null
                    ? "the server" : "account " + account.name() + ": the server at " + account.host() + ":" + account.port())
                    + " cannot search for text that is not ASCII (it refused the search in UTF-8).");
        }
        return seqs == null || seqs.length == 0 ? new Message[0] : f.getMessages(seqs);
    }

    /**
     * {@code positive}: the term is under an even number of NOTs. A server's SENTSINCE/SENTBEFORE count the Date
     * header's own day (in the zone it was written in), which can be a day either side of the user's day
     * ({@link Query.OnDay}): so the day sent is one wider where it counts for the answer (one narrower under a NOT),
     * the server's answer holds every message the user's days take, and the caller drops the rest with
     * {@link Query#datesAllow}.
     */
    private static SearchTerm term(Query q, boolean positive) {
        if (q instanceof Query.Contains c) {
            String t = c.text();
            return switch (c.field()) {
                case FROM -> new FromStringTerm(t);
                case TO -> new RecipientStringTerm(Message.RecipientType.TO, t);
                case CC -> new RecipientStringTerm(Message.RecipientType.CC, t);
                case SUBJECT -> new SubjectTerm(t);
                case BODY -> new BodyTerm(t);
                case TEXT -> balancedOr(new SearchTerm[] {new FromStringTerm(t), new SubjectTerm(t),
                        new RecipientStringTerm(Message.RecipientType.TO, t), new BodyTerm(t)}, 0, 4);
            };
        }
        if (q instanceof Query.HasFlag h) return new FlagTerm(new Flags(ImapMapper.toJakarta(h.flag())), true);
        if (q instanceof Query.OnDay d) {
            boolean wider = positive; // since: an earlier day is wider; before: a later one
            java.time.LocalDate sent = d.since() == wider ? d.day().minusDays(1) : d.day().plusDays(1);
            // Angus writes the day in the JVM's zone; give it that zone's midnight of the day.
            Date day = Date.from(sent.atStartOfDay(TimeZone.getDefault().toZoneId()).toInstant());
            return new SentDateTerm(d.since() ? ComparisonTerm.GE : ComparisonTerm.LT, day);
        }
        if (q instanceof Query.Size s) {
            return new SizeTerm(s.larger() ? ComparisonTerm.GT : ComparisonTerm.LT, (int) Math.min(Integer.MAX_VALUE, s.bytes()));
        }
        if (q instanceof Query.Not n) return new NotTerm(term(n.q(), !positive));
        if (q instanceof Query.And a) return new AndTerm(a.all().stream().map(p -> term(p, positive)).toArray(SearchTerm[]::new));
        return balancedOr(((Query.Or) q).any().stream().map(p -> term(p, positive)).toArray(SearchTerm[]::new), 0,
                ((Query.Or) q).any().size());
    }

    /**
     * {@code terms[from, to)} as a balanced tree of two-term OrTerms. Angus writes an n-term OrTerm as a chain of n - 1
     * binary ORs and recurses once per link: a flat OR of 2,000 terms overflowed the account worker's stack, exit 70
     * (hunt 38-Q, Q13). Balanced, the recursion is log2 n deep; the server reads the same OR. (An AndTerm Angus writes
     * flat, in a loop.)
     */
    static SearchTerm balancedOr(SearchTerm[] terms, int from, int to) {
        if (to - from == 1) return terms[from];
        int mid = (from + to) >>> 1;
        return new OrTerm(balancedOr(terms, from, mid), balancedOr(terms, mid, to));
    }
}
