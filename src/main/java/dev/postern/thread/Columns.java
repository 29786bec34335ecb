package dev.postern.thread;

import dev.postern.model.Envelope;
import dev.postern.model.Flags;
import dev.postern.model.MessageRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A folder's messages as columns: what arranging them (threads, sort, a limit on sender, subject, date or size)
 * and drawing an index row need, in primitive arrays, one slot a message, instead of one envelope object each.
 * Kept per message: where it lives (its folder once, the UID), date, size, flags (each distinct set once), sender
 * and subject (each distinct string once, as UTF-8 bytes), whether its body is in the store, and its thread links: each
 * distinct Message-ID (its own, and the References/In-Reply-To chain) numbered once, an int a link. UIDs and sizes
 * are kept as unsigned ints while they fit ({@link PackedLongs}). About 40 bytes a message besides the distinct
 * strings: a 100,000-message folder held as cut envelopes cost the reader about 45 MB of heap with its threads and
 * rows; as columns, under 10.
 *
 * <p>Message-IDs are told apart while the columns are built by a 64-bit hash of each: two different ids with the same
 * hash would be taken for one (for 100,000 ids the chance is about one in 10<sup>9</sup>), at worst two messages drawn
 * in one thread. Once built, an id is its number (the hashes are not kept: numbers thread the same pairs in half
 * the memory). Nothing acts on a message through these: keys act on envelopes re-read whole from the store.
 * Immutable once built; safe to read from any thread.
 */
public final class Columns {
    private final MessageRef[] origins;   // account, folder, UIDVALIDITY (uid 0) of each distinct folder
    private final char[] origin;          // index into origins, per message (null: one folder)
    private final PackedLongs uid;
    private final long[] date;            // epoch millis; NO_DATE when the message has none
    private final PackedLongs size;
    private final Flags[] flagSets;
    private final int[] flags;            // index into flagSets
    private final Texts texts;            // each distinct sender and subject once, as UTF-8
    private final int[] from;             // index into texts
    private final int[] subject;
    private final BitSet cached;
    private final BitSet linkless;        // no References and no In-Reply-To
    private final int[] id;               // the number of the message's Message-ID, -1 when it has none
    private final int[] chainFrom;        // chain of message i: chain[chainFrom[i] .. chainFrom[i + 1])
    private final int[] chain;            // numbers of the ids it references, oldest first
    private final int ids;                // how many distinct Message-IDs are numbered (ids and chains < ids)
    private volatile Forest forest;       // the threads, made on first use

    static final long NO_DATE = Long.MIN_VALUE;

    private Columns(Builder b) {
        int n = b.n;
        origins = b.originList.toArray(new MessageRef[0]);
        // The arrays are cut to size (not copied when a read of a known count filled them exactly).
        origin = b.origin == null ? null : b.origin.length == n ? b.origin : Arrays.copyOf(b.origin, n);
        uid = PackedLongs.of(b.uid, n);
        date = b.date.length == n ? b.date : Arrays.copyOf(b.date, n);
        size = PackedLongs.of(b.size, n);
        flagSets = b.flagList.toArray(new Flags[0]);
        flags = b.flags.length == n ? b.flags : Arrays.copyOf(b.flags, n);
        texts = b.texts.done();
        from = b.from.length == n ? b.from : Arrays.copyOf(b.from, n);
        subject = b.subject.length == n ? b.subject : Arrays.copyOf(b.subject, n);
        cached = b.cached;
        linkless = b.linkless;
        id = b.id.length == n ? b.id : Arrays.copyOf(b.id, n);
        chainFrom = Arrays.copyOf(b.chainFrom, n + 1);
        chain = Arrays.copyOf(b.chain, b.chainLength);
        ids = b.ids;
    }

    /** Columns of {@code envelopes}, message {@code i} being the i-th in iteration order. */
    public static Columns of(Collection<Envelope> envelopes) {
        Builder b = new Builder(envelopes.size());
        for (Envelope e : envelopes) b.add(e);
        return b.build();
    }

    /** How many messages. */
    public int size() { return date.length; }

    /** Where message {@code i} lives (a new record each call). */
    public MessageRef ref(int i) {
        MessageRef o = origins[origin == null ? 0 : origin[i]];
        return new MessageRef(o.account(), o.folder(), o.uidValidity(), uid.get(i));
    }

    /** The message at {@code ref}, or -1. */
    public int indexOf(MessageRef ref) {
        if (ref == null) return -1;
        for (int i = 0; i < date.length; i++) {
            if (uid.get(i) != ref.uid()) continue;
            MessageRef o = origins[origin == null ? 0 : origin[i]];
            if (o.uidValidity() == ref.uidValidity() && o.account().equals(ref.account()) && o.folder().equals(ref.folder())) return i;
        }
        return -1;
    }

    public long uid(int i) { return uid.get(i); }

    /** Epoch millis, or {@link #NO_DATE}. */
    long dateMillis(int i) { return date[i]; }

    /** For comparing: a message without a date counts as the epoch, as {@link SortKey} has it. */
    long sortDate(int i) { return date[i] == NO_DATE ? 0 : date[i]; }

    public long messageSize(int i) { return size.get(i); }

    public Flags flags(int i) { return flagSets[flags[i]]; }

    /** The sender (a new string each call: keep it only as long as it is needed). */
    public String from(int i) { return texts.get(from[i]); }

    public String subject(int i) { return texts.get(subject[i]); }

    /** The distinct sender (or subject) strings, numbered; {@link #fromText} and {@link #subjectText} give a message's number. */
    int texts() { return texts.size(); }

    String text(int k) { return texts.get(k); }

    int fromText(int i) { return from[i]; }

    int subjectText(int i) { return subject[i]; }

    boolean unread(int i) { return !flags(i).has(dev.postern.model.Flag.SEEN); }

    boolean linkless(int i) { return linkless.get(i); }

    boolean hasId(int i) { return id[i] >= 0; }

    /** The number of message {@code i}'s Message-ID (when {@link #hasId}): the same id, the same number. */
    int id(int i) { return id[i]; }

    /** How many distinct Message-IDs the messages have and reference: every {@link #id} and {@link #chainAt} is below it. */
    int ids() { return ids; }

    int chainFrom(int i) { return chainFrom[i]; }

    int chainTo(int i) { return chainFrom[i + 1]; }

    int chainAt(int k) { return chain[k]; }

    /**
     * Message {@code i} as an envelope cut to what a row shows: ref, date, sender, subject, size, flags, and
     * the body's presence ({@link #CACHED} for a hash); no Message-ID, links, To or Cc. For drawing and for
     * matching a limit on the kept columns, never for acting on the message.
     */
    public Envelope envelope(int i) {
        return new Envelope(ref(i), null, date[i] == NO_DATE ? null : Instant.ofEpochMilli(date[i]), from(i), List.of(), List.of(),
                subject(i), size.get(i), flags(i), null, List.of(), cached.get(i) ? CACHED : null);
    }

    /** The body hash of a cut envelope whose body is in the store: it says "cached", it names no body. */
    public static final String CACHED = "(cached)";

    /** The threads of these messages, made once (the first threaded or activity arrangement) and kept. */
    Forest forest() {
        Forest f = forest;
        if (f == null) {
            synchronized (this) {
                f = forest;
                if (f == null) forest = f = Forest.of(this);
            }
        }
        return f;
    }

    /** The messages at {@code indexes} (in that order), as columns of their own: a limit's matches. */
    public Columns subset(int[] indexes) {
        Builder b = new Builder(indexes.length);
        b.ids = ids; // the subset keeps these columns' numbering of ids
        for (int i : indexes) {
            MessageRef o = origins[origin == null ? 0 : origin[i]];
            int at = b.n;
            b.start(o, uid.get(i), date[i], size.get(i), flagSets[flags[i]], from(i), subject(i), cached.get(i));
            b.id[at] = id[i];
            if (linkless.get(i)) b.linkless.set(at);
            for (int k = chainFrom[i]; k < chainFrom[i + 1]; k++) b.link(chain[k]);
            b.finish();
        }
        return b.build();
    }

    /** Adds messages one at a time (a folder read page by page), then {@link #build}. Not thread-safe. */
    public static final class Builder {
        private int n;
        private final List<MessageRef> originList = new ArrayList<>(1);
        private final Map<MessageRef, Integer> originIndex = new HashMap<>();
        private char[] origin;
        private long[] uid;
        private long[] date;
        private long[] size;
        private final List<Flags> flagList = new ArrayList<>();
        private final Map<Flags, Integer> flagIndex = new HashMap<>();
        private int[] flags;
        private final Texts texts = new Texts();
        private int[] from;
        private int[] subject;
        private final BitSet cached = new BitSet();
        private final BitSet linkless = new BitSet();
        private int[] id;
        private int[] chainFrom;
        private int[] chain;
        private int chainLength;
        private LongIntMap numbers; // Message-ID hash to its number, while adding envelopes
        private int ids;

        public Builder(int expected) {
            int cap = Math.max(1, expected);
            uid = new long[cap];
            date = new long[cap];
            size = new long[cap];
            flags = new int[cap];
            from = new int[cap];
            subject = new int[cap];
            id = new int[cap];
            chainFrom = new int[cap + 1];
            chain = new int[Math.max(16, cap / 2)];
        }

        /** Adds {@code e} as the next message. */
        public Builder add(Envelope e) {
            MessageRef r = e.ref();
            int at = n;
            start(new MessageRef(r.account(), r.folder(), r.uidValidity(), 0), r.uid(), e.date() == null ? NO_DATE : e.date().toEpochMilli(),
                    e.size(), e.flags(), e.from(), e.subject(), e.bodyHash() != null);
            String own = MessageIds.first(e.messageId());
            id[at] = own == null ? -1 : number(own);
            if (e.references().isEmpty() && MessageIds.first(e.inReplyTo()) == null) linkless.set(at);
            for (String ref : MessageIds.chain(e.references(), e.inReplyTo())) link(number(ref));
            finish();
            return this;
        }

        private void start(MessageRef o, long u, long d, long s, Flags f, String fr, String su, boolean isCached) {
            if (n == uid.length) grow();
            Integer oi = originIndex.get(o);
            if (oi == null) {
                if (originList.size() == Character.MAX_VALUE) throw new IllegalStateException("more than 65,535 folders in one arrangement");
                oi = originList.size();
                originList.add(o);
                originIndex.put(o, oi);
                if (oi > 0 && origin == null) origin = new char[uid.length];
            }
            if (origin != null) origin[n] = (char) oi.intValue();
            uid[n] = u;
            date[n] = d;
            size[n] = s;
            Integer fi = flagIndex.get(f);
            if (fi == null) {
                fi = flagList.size();
                flagList.add(f);
                flagIndex.put(f, fi);
            }
            flags[n] = fi;
            from[n] = texts.add(fr == null ? "" : fr);
            subject[n] = texts.add(su == null ? "" : su);
            if (isCached) cached.set(n);
            chainFrom[n] = chainLength;
        }

        /** The number of Message-ID {@code s}: the next free one when its hash is new. */
        private int number(String s) {
            if (numbers == null) numbers = new LongIntMap(uid.length + uid.length / 4);
            long h = hash(s);
            int k = numbers.get(h);
            if (k < 0) {
                k = ids++;
                numbers.put(h, k);
            }
            return k;
        }

        private void link(int h) {
            if (chainLength == chain.length) chain = Arrays.copyOf(chain, chain.length * 2);
            chain[chainLength++] = h;
        }

        private void finish() {
            n++;
            chainFrom[n] = chainLength;
        }

        private void grow() {
            int cap = uid.length * 2;
            if (origin != null) origin = Arrays.copyOf(origin, cap);
            uid = Arrays.copyOf(uid, cap);
            date = Arrays.copyOf(date, cap);
            size = Arrays.copyOf(size, cap);
            flags = Arrays.copyOf(flags, cap);
            from = Arrays.copyOf(from, cap);
            subject = Arrays.copyOf(subject, cap);
            id = Arrays.copyOf(id, cap);
            chainFrom = Arrays.copyOf(chainFrom, cap + 1);
        }

        public Columns build() { return new Columns(this); }
    }

    /**
     * Distinct strings, each stored once as UTF-8 in one byte array (a 30-character subject: 34 bytes, against about
     * 80 as a String of its own). Numbered in the order first added.
     */
    private static final class Texts {
        private byte[] data = new byte[1024];
        private int length;
        private int[] start = new int[64];
        private int size;
        // While adding only: an open-addressing set of text numbers (+1; 0 empty) by String.hashCode, and each text's
        // hash. Not a map of the strings: a folder's distinct subjects held as String keys during the read cost
        // 10 MB at 100,000 messages, promoted to the old generation and kept committed after.
        private int[] table = new int[128];
        private int[] hashes = new int[64];

        int add(String s) {
            byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            int h = s.hashCode();
            int mask = table.length - 1;
            int slot = (h ^ (h >>> 16)) & mask;
            for (; table[slot] != 0; slot = (slot + 1) & mask) {
                int k = table[slot] - 1;
                if (hashes[k] == h && Arrays.equals(data, start[k], start[k + 1], b, 0, b.length)) return k;
            }
            if (length + b.length > data.length) data = Arrays.copyOf(data, Math.max(data.length * 2, length + b.length));
            System.arraycopy(b, 0, data, length, b.length);
            if (size + 1 >= start.length) {
                start = Arrays.copyOf(start, start.length * 2);
                hashes = Arrays.copyOf(hashes, start.length);
            }
            start[size] = length;
            length += b.length;
            start[size + 1] = length;
            hashes[size] = h;
            table[slot] = size + 1;
            size++;
            if (size * 2 > table.length) rehash();
            return size - 1;
        }

        private void rehash() {
            int[] t = new int[table.length * 2];
            int mask = t.length - 1;
            for (int k = 0; k < size; k++) {
                int slot = (hashes[k] ^ (hashes[k] >>> 16)) & mask;
                while (t[slot] != 0) slot = (slot + 1) & mask;
                t[slot] = k + 1;
            }
            table = t;
        }

        int size() { return size; }

        String get(int k) {
            return new String(data, start[k], start[k + 1] - start[k], java.nio.charset.StandardCharsets.UTF_8);
        }

        /** The kept form: arrays cut to size, the look-up table dropped. */
        Texts done() {
            Texts t = new Texts();
            t.data = Arrays.copyOf(data, length);
            t.length = length;
            t.start = Arrays.copyOf(start, size + 1);
            t.size = size;
            t.table = null;
            t.hashes = null;
            return t;
        }
    }

    /** A 64-bit hash of a Message-ID (FNV-1a over its chars, then mixed), what threading compares instead of the string. */
    static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
