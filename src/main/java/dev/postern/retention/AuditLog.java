package dev.postern.retention;

import dev.postern.auth.Json;
import dev.postern.config.RetentionConfig.Rule;
import dev.postern.config.RetentionConfig.Where;
import dev.postern.model.Envelope;
import dev.postern.model.ExitCode;
import dev.postern.model.JsonWriter;
import dev.postern.model.MessageRef;
import dev.postern.model.PosternException;
import dev.postern.store.MailStore;
import dev.postern.store.StoreFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The retention audit log ({@code retention-audit.jsonl}, 0600), written ahead of the deletions it tells of. Before
 * a batch is deleted, one {@code "state":"intent"} line per message (when, rule, where, account, folder,
 * uidvalidity, uid, message_id, hash, date, subject, and the batch's id) is written and synced; after the batch is
 * committed (and expunged), one {@code "state":"deleted"} line per message with the same fields. A process killed
 * between the two leaves intents without an outcome: {@link #resolve} (at the start of every retention run) settles
 * them against the store, so the log never misses a deletion nor claims one that did not happen:
 * {@code "deleted"} when the store shows it gone, {@code "not_deleted"} when the store shows it was not, and
 * {@code "unknown"} when only the server could tell (a server rule killed between its mark in the store and the
 * expunge). Lines written by that settling carry {@code "recovered":true}. A failed batch is settled the same way
 * at once.
 */
public final class AuditLog implements Retention.Audit, AutoCloseable {
    /** The states a message's line has. */
    public static final String INTENT = "intent";
    public static final String DELETED = "deleted";
    public static final String NOT_DELETED = "not_deleted";
    public static final String UNKNOWN = "unknown";

    private final Path path;
    private final FileChannel out;
    private final MailStore store;
    private final String run;
    private int batches;
    private String batch;

    private AuditLog(Path path, FileChannel out, MailStore store, Instant now) {
        this.path = path;
        this.out = out;
        this.store = store;
        this.run = Long.toString(now.toEpochMilli(), 36) + "-" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36);
    }

    /** Opens (creating it owner-only) the log at {@code path} to append the batches of a run that started {@code now}. */
    public static AuditLog open(Path path, MailStore store, Instant now) throws IOException {
        StoreFiles.createPrivate(path);
        boolean torn = torn(path);
        FileChannel out = FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        try {
            // A process killed mid-line left a line without its end: end it, so the next line is a line of its own.
            if (torn) out.write(ByteBuffer.wrap(new byte[] {'\n'}));
        } catch (IOException e) {
            out.close();
            throw e;
        }
        return new AuditLog(path, out, store, now);
    }

    private static boolean torn(Path path) throws IOException {
        try (FileChannel in = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = in.size();
            if (size == 0) return false;
            ByteBuffer last = ByteBuffer.allocate(1);
            in.read(last, size - 1);
            return last.get(0) != '\n';
        }
    }

    @Override
    public void intent(Rule rule, List<Envelope> part) {
        batch = run + "-" + (++batches);
        StringBuilder lines = new StringBuilder();
        for (Envelope e : part) lines.append(JsonWriter.write(line(rule, e, batch, INTENT))).append('\n');
        write(lines.toString(), "nothing more was deleted");
        force("nothing more was deleted");
    }

    @Override
    public void deleted(Rule rule, Envelope e) {
        write(JsonWriter.write(line(rule, e, batch, DELETED)) + "\n",
                "the deletions in " + e.ref().folder() + " were done and their intent is logged; the next retention run records them");
    }

    @Override
    public void failed(Rule rule, List<Envelope> part) {
        StringBuilder lines = new StringBuilder();
        for (Envelope e : part) {
            lines.append(JsonWriter.write(line(rule, e, batch, settle(store, rule.where(), e.ref())))).append('\n');
        }
        write(lines.toString(), "the next retention run records what happened to them");
        force("the next retention run records what happened to them");
    }

    /** Syncs what was written; the deleted lines of the last batch are durable once this returns. */
    @Override
    public void close() {
        try (out) {
            force("the next retention run records what happened to the last batch");
        } catch (IOException e) {
            throw new PosternException(ExitCode.IOERR, "cannot close the retention audit log " + path + " (" + e.getMessage() + ")", e);
        }
    }

    private void write(String text, String consequence) {
        try {
            ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) out.write(b);
        } catch (IOException io) {
            throw new PosternException(ExitCode.IOERR, "cannot write the retention audit log " + path + " (" + io.getMessage()
                    + "); " + consequence, io);
        }
    }

    private void force(String consequence) {
        try {
            out.force(true);
        } catch (IOException io) {
            throw new PosternException(ExitCode.IOERR, "cannot write the retention audit log " + path + " (" + io.getMessage()
                    + "); " + consequence, io);
        }
    }

    /** What settling found: how many messages of earlier runs' unfinished batches it recorded in each state. */
    public record Settled(int deleted, int notDeleted, int unknown) {
        public int total() { return deleted + notDeleted + unknown; }

        /** The sentence a run reports, or null when there was nothing to settle. */
        public String text(Path path) {
            if (total() == 0) return null;
            return "an earlier retention run stopped between deleting and logging; " + path + " now records " + deleted
                    + " of its messages as deleted, " + notDeleted + " as not deleted"
                    + (unknown == 0 ? "" : " and " + unknown + " as unknown (only the server can tell whether its copy went)");
        }
    }

    /**
     * Settles every intent in the log at {@code path} that has no outcome line (the process that wrote it was
     * killed), against {@code store}, and appends the outcome with {@code "recovered":true}. Nothing is written
     * when the log does not exist or every intent has its outcome.
     */
    public static Settled resolve(Path path, MailStore store, Instant now) {
        if (!Files.exists(path)) return new Settled(0, 0, 0);
        Map<String, Map<String, Object>> open = new LinkedHashMap<>();
        try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            for (String text; (text = in.readLine()) != null; ) {
                if (!text.contains("\"batch\"")) continue; // an older postern's line: one message deleted, no intent
                Map<String, Object> o;
                try {
                    o = Json.object(text);
                } catch (Json.Malformed e) {
                    continue; // a line torn by a kill: its batch's other lines still say what it was
                }
                if (!(o.get("batch") instanceof String) || !(o.get("state") instanceof String state)) continue;
                String key = key(o);
                if (INTENT.equals(state)) open.put(key, o);
                else open.remove(key);
            }
        } catch (IOException | UncheckedIOException e) {
            throw new PosternException(ExitCode.IOERR, "cannot read the retention audit log " + path + " (" + e.getMessage()
                    + "); nothing was deleted", e);
        }
        if (open.isEmpty()) return new Settled(0, 0, 0);
        int[] counts = new int[3];
        StringBuilder lines = new StringBuilder();
        for (Map<String, Object> intent : open.values()) {
            Map<String, Object> o = new LinkedHashMap<>(intent);
            String where = String.valueOf(o.get("where"));
            Where w = Where.valueOf(where.replace("+trash", "").toUpperCase(Locale.ROOT));
            MessageRef ref = new MessageRef((String) o.get("account"), (String) o.get("folder"),
                    ((Number) o.get("uidvalidity")).longValue(), ((Number) o.get("uid")).longValue());
            String state = settle(store, w, ref);
            counts[DELETED.equals(state) ? 0 : NOT_DELETED.equals(state) ? 1 : 2]++;
            o.put("state", state);
            o.put("recovered", true);
            o.put("recovered_when", now.toString());
            lines.append(JsonWriter.write(plain(o))).append('\n');
        }
        try (AuditLog log = open(path, store, now)) {
            log.write(lines.toString(), "nothing was deleted");
        } catch (IOException e) {
            throw new PosternException(ExitCode.IOERR, "cannot write the retention audit log " + path + " (" + e.getMessage()
                    + "); nothing was deleted", e);
        }
        return new Settled(counts[0], counts[1], counts[2]);
    }

    /**
     * What the store says of a message a batch set out to delete. Locally: gone is deleted, present is not. On the
     * server, the store knows only its own side: a server rule marks the local copy local-only (committed) before
     * the expunge, so unmarked is not deleted and marked is unknown; a "both" rule expunges first, so gone from the
     * store is deleted, present and not marked is unknown (the expunge may have happened), present and local-only
     * (it had no server copy) is not deleted.
     */
    static String settle(MailStore store, Where where, MessageRef ref) {
        boolean present = store.envelope(ref).isPresent();
        boolean localOnly = present && store.isDetached(ref);
        return switch (where) {
            case LOCAL -> present ? NOT_DELETED : DELETED;
            case SERVER -> present && !localOnly ? NOT_DELETED : UNKNOWN;
            case BOTH -> !present ? DELETED : localOnly ? NOT_DELETED : UNKNOWN;
        };
    }

    private static String key(Map<String, Object> o) {
        return o.get("batch") + "\0" + o.get("account") + "\0" + o.get("folder") + "\0" + o.get("uidvalidity") + "\0" + o.get("uid");
    }

    /** The parsed line as the writer takes it: JSON null back to null, numbers as longs. */
    private static Map<String, Object> plain(Map<String, Object> o) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : o.entrySet()) {
            Object v = e.getValue();
            if (v == Json.NULL) v = null;
            else if (v instanceof java.math.BigDecimal d) v = d.longValue();
            out.put(e.getKey(), v);
        }
        return out;
    }

    /** One message's line. */
    static Map<String, Object> line(Rule rule, Envelope e, String batch, String state) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("when", Instant.now().toString());
        o.put("rule", rule.name());
        o.put("where", rule.where().name().toLowerCase(Locale.ROOT) + (rule.where() != Where.LOCAL && rule.trash() ? "+trash" : ""));
        o.put("account", e.ref().account());
        o.put("folder", e.ref().folder());
        o.put("uidvalidity", e.ref().uidValidity());
        o.put("uid", e.ref().uid());
        o.put("message_id", e.messageId());
        o.put("hash", e.bodyHash());
        o.put("date", e.date() == null ? null : e.date().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        o.put("subject", e.subject());
        o.put("batch", batch);
        o.put("state", state);
        return o;
    }
}
