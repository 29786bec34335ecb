package dev.postern.index;

import dev.postern.model.Envelope;
import dev.postern.model.MessageRef;
import dev.postern.model.Query;
import dev.postern.model.TextFold;
import dev.postern.store.EnvelopeCodec;
import java.io.IOException;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SimpleCollector;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.FixedBitSet;

/**
 * Answers a {@link Query} over one folder's documents with exactly the messages {@link Query#matches}
 * finds on the store. Each part of the query gets two sets of documents from the index: those that
 * surely match and those that may ({@code sure ⊆ matches ⊆ maybe}). A text needle of letters and digits
 * alone is exact ({@link WordRuns}): sure is the documents with a word containing it. Any other needle,
 * a flag, date or size gives only a superset, and a document in maybe but not in sure is decided
 * with its envelope, part by part, reading its body only when a body term still needs it. The envelopes
 * are the documents' own (the store's bytes, kept beside each document), so a hit reads nothing else.
 */
final class QueryPlan {
    private record Sets(FixedBitSet sure, FixedBitSet maybe) {}

    private final IndexSearcher searcher;
    private final String account;
    private final String folderName;
    private final long uidValidity;
    private final Term folderTerm;
    private final int maxDoc;
    private final FixedBitSet folder;
    private final Map<Query, Sets> sets = new IdentityHashMap<>();

    QueryPlan(IndexSearcher searcher, String account, String folder, long uidValidity) throws IOException {
        this.searcher = searcher;
        this.account = account;
        this.folderName = folder;
        this.uidValidity = uidValidity;
        this.folderTerm = new Term(LuceneIndex.FOLDER, LuceneIndex.folderKey(account, folder, uidValidity));
        this.maxDoc = searcher.getIndexReader().maxDoc();
        this.folder = bits(new TermQuery(folderTerm));
    }

    /** The envelopes the documents in {@code docs} hold, by doc id (null elsewhere). */
    private Envelope[] envelopes(FixedBitSet docs) throws IOException {
        Envelope[] out = new Envelope[maxDoc];
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            NumericDocValues uids = leaf.reader().getNumericDocValues(LuceneIndex.UID);
            BinaryDocValues envelopes = leaf.reader().getBinaryDocValues(LuceneIndex.ENVELOPE);
            if (uids == null) continue;
            int end = leaf.docBase + leaf.reader().maxDoc();
            for (int doc = next(docs, leaf.docBase); doc < end; doc = next(docs, doc + 1)) {
                int d = doc - leaf.docBase;
                if (!uids.advanceExact(d) || envelopes == null || !envelopes.advanceExact(d)) {
                    throw new IOException("document " + doc + " of the folder lacks its UID or envelope");
                }
                BytesRef b = envelopes.binaryValue();
                byte[] bytes = b.offset == 0 && b.length == b.bytes.length ? b.bytes : java.util.Arrays.copyOfRange(b.bytes, b.offset, b.offset + b.length);
                out[doc] = EnvelopeCodec.decode(new MessageRef(account, folderName, uidValidity, uids.longValue()), bytes);
            }
        }
        return out;
    }

    /** The first set bit at or after {@code from}, or maxDoc. */
    private int next(FixedBitSet bits, int from) {
        if (from >= maxDoc) return maxDoc;
        int i = bits.nextSetBit(from);
        return i == org.apache.lucene.search.DocIdSetIterator.NO_MORE_DOCS ? maxDoc : i;
    }

    /**
     * {missing, all}: how many of the folder's messages have no body stored (their envelope's body hash is null) and how
     * many it has, as a count over the store's envelopes finds them, from {@link LuceneIndex#BODYLESS} (or the
     * envelope, for a document written before that field).
     */
    int[] bodiesMissing() throws IOException {
        int missing = 0;
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            int end = leaf.docBase + leaf.reader().maxDoc();
            int doc = next(folder, leaf.docBase);
            if (doc >= end) continue;
            NumericDocValues bodyless = leaf.reader().getNumericDocValues(LuceneIndex.BODYLESS);
            BinaryDocValues envelopes = leaf.reader().getBinaryDocValues(LuceneIndex.ENVELOPE);
            for (; doc < end; doc = next(folder, doc + 1)) {
                int d = doc - leaf.docBase;
                if (bodyless != null && bodyless.advanceExact(d)) {
                    if (bodyless.longValue() != 0) missing++;
                } else if (envelopes == null || !envelopes.advanceExact(d)) {
                    throw new IOException("document " + doc + " of the folder lacks its envelope");
                } else {
                    BytesRef b = envelopes.binaryValue();
                    byte[] bytes = java.util.Arrays.copyOfRange(b.bytes, b.offset, b.offset + b.length);
                    if (!EnvelopeCodec.decode(new MessageRef(account, folderName, uidValidity, 0), bytes).cached()) missing++;
                }
            }
        }
        return new int[] {missing, folder.cardinality()};
    }

    int folderSize() {
        return folder.cardinality();
    }

    /**
     * The envelopes of the messages that match: the sure ones, and those only maybe matching that {@code decide}
     * confirms with the envelope and the body text ({@code body}); in doc order.
     */
    List<Envelope> run(Query q, Function<Envelope, String> body) throws IOException {
        Sets top = sets(q);
        Envelope[] envelopes = envelopes(top.maybe);
        List<Envelope> out = new java.util.ArrayList<>(top.maybe.cardinality());
        for (int doc = next(top.maybe, 0); doc < maxDoc; doc = next(top.maybe, doc + 1)) {
            Envelope e = envelopes[doc];
            boolean match;
            if (top.sure.get(doc)) {
                match = true;
            } else {
                String[] cached = new String[1];
                boolean[] read = new boolean[1];
                Function<Envelope, String> once = env -> {
                    if (!read[0]) {
                        cached[0] = body.apply(env);
                        read[0] = true;
                    }
                    return cached[0];
                };
                match = decide(q, doc, e, once);
            }
            if (match) out.add(e);
        }
        return out;
    }

    private boolean decide(Query q, int doc, Envelope e, Function<Envelope, String> body) {
        Sets s = sets.get(q);
        if (s.sure.get(doc)) return true;
        if (!s.maybe.get(doc)) return false;
        if (q instanceof Query.Not n) return !decide(n.q(), doc, e, body);
        if (q instanceof Query.And a) {
            for (Query p : a.all()) if (!decide(p, doc, e, body)) return false;
            return true;
        }
        if (q instanceof Query.Or o) {
            for (Query p : o.any()) if (decide(p, doc, e, body)) return true;
            return false;
        }
        return q.matches(e, body);
    }

    private Sets sets(Query q) throws IOException {
        Sets s = sets.get(q);
        if (s != null) return s;
        if (q instanceof Query.Contains c) {
            s = contains(c);
        } else if (q instanceof Query.Not n) {
            Sets inner = sets(n.q());
            s = new Sets(minus(folder, inner.maybe), minus(folder, inner.sure));
        } else if (q instanceof Query.And a) {
            FixedBitSet sure = folder.clone(), maybe = folder.clone();
            for (Query p : a.all()) {
                Sets ps = sets(p);
                sure.and(ps.sure);
                maybe.and(ps.maybe);
            }
            s = new Sets(sure, maybe);
        } else if (q instanceof Query.Or o) {
            FixedBitSet sure = new FixedBitSet(maxDoc), maybe = new FixedBitSet(maxDoc);
            for (Query p : o.any()) {
                Sets ps = sets(p);
                sure.or(ps.sure);
                maybe.or(ps.maybe);
            }
            s = new Sets(sure, maybe);
        } else {
            s = new Sets(new FixedBitSet(maxDoc), folder.clone()); // flags, dates, sizes: the envelope decides
        }
        sets.put(q, s);
        return s;
    }

    private static FixedBitSet minus(FixedBitSet all, FixedBitSet taken) {
        FixedBitSet out = all.clone();
        out.andNot(taken);
        return out;
    }

    private static List<String> fields(Query.Field f) {
        return switch (f) {
            case FROM -> List.of("from");
            case TO -> List.of("to");
            case CC -> List.of("cc");
            case SUBJECT -> List.of("subject");
            case BODY -> List.of("body");
            case TEXT -> List.of("from", "subject", "to", "body"); // as Query.matches: not cc
        };
    }

    private Sets contains(Query.Contains c) throws IOException {
        String needle = TextFold.fold(c.text()); // as a scan folds it
        FixedBitSet sure = new FixedBitSet(maxDoc), maybe = new FixedBitSet(maxDoc);
        if (needle.isEmpty()) return new Sets(sure, folder.clone());
        List<int[]> runs = WordRuns.runs(needle);
        boolean wordOnly = runs.size() == 1 && runs.get(0)[0] == 0 && runs.get(0)[1] == needle.length();
        for (String field : fields(c.field())) {
            FixedBitSet longRuns = bits(new TermQuery(new Term(LuceneIndex.LONG, field)));
            if (wordOnly) {
                FixedBitSet words = containing(field, needle, false);
                sure.or(words);
                maybe.or(words);
            } else if (runs.isEmpty()) {
                maybe.or(folder);
            } else {
                FixedBitSet all = null;
                for (int[] r : runs) {
                    String run = needle.substring(r[0], r[1]);
                    boolean atStart = r[0] == 0, atEnd = r[1] == needle.length();
                    // A run the needle cuts at its start may end a longer word; one cut at its end may begin one.
                    FixedBitSet b = atStart && atEnd ? containing(field, run, false)
                            : atStart ? containing(field, run, true)
                            : atEnd ? bits(new PrefixQuery(new Term(field, run)))
                            : bits(new TermQuery(new Term(field, run)));
                    if (all == null) all = b;
                    else all.and(b);
                }
                maybe.or(all);
            }
            maybe.or(longRuns);
        }
        return new Sets(sure, maybe);
    }

    /**
     * The folder's documents with a word in {@code field} that contains {@code part} (with {@code atEnd}: that ends
     * with it): a walk of the field's term dictionary, the same answer as the wildcard {@code *part*} ({@code *part})
     * without building and running its automaton. The terms and {@code part} are UTF-8, whose encoded characters
     * never overlap, so a byte match is a character match.
     */
    private FixedBitSet containing(String field, String part, boolean atEnd) throws IOException {
        byte[] p = part.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        FixedBitSet out = new FixedBitSet(maxDoc);
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            Terms terms = leaf.reader().terms(field);
            if (terms == null) continue;
            Bits live = leaf.reader().getLiveDocs();
            TermsEnum te = terms.iterator();
            PostingsEnum docs = null;
            for (BytesRef t = te.next(); t != null; t = te.next()) {
                if (!(atEnd ? endsWith(t, p) : contains(t, p))) continue;
                docs = te.postings(docs, PostingsEnum.NONE);
                for (int d = docs.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = docs.nextDoc()) {
                    if (live == null || live.get(d)) out.set(leaf.docBase + d);
                }
            }
        }
        out.and(folder);
        return out;
    }

    private static boolean contains(BytesRef t, byte[] p) {
        int last = t.offset + t.length - p.length;
        outer:
        for (int i = t.offset; i <= last; i++) {
            for (int j = 0; j < p.length; j++) if (t.bytes[i + j] != p[j]) continue outer;
            return true;
        }
        return false;
    }

    private static boolean endsWith(BytesRef t, byte[] p) {
        if (t.length < p.length) return false;
        int from = t.offset + t.length - p.length;
        for (int j = 0; j < p.length; j++) if (t.bytes[from + j] != p[j]) return false;
        return true;
    }

    /** The folder's documents the query finds. */
    private FixedBitSet bits(org.apache.lucene.search.Query q) throws IOException {
        FixedBitSet out = new FixedBitSet(maxDoc);
        org.apache.lucene.search.Query filtered = new BooleanQuery.Builder()
                .add(q, BooleanClause.Occur.FILTER)
                .add(new TermQuery(folderTerm), BooleanClause.Occur.FILTER)
                .build();
        searcher.search(filtered, new SimpleCollector() {
            private int base;

            @Override
            protected void doSetNextReader(LeafReaderContext context) {
                base = context.docBase;
            }

            @Override
            public void collect(int doc) {
                out.set(base + doc);
            }

            @Override
            public ScoreMode scoreMode() {
                return ScoreMode.COMPLETE_NO_SCORES;
            }
        });
        return out;
    }
}
