package dev.postern.backup;

import dev.postern.model.Envelope;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.model.Work;
import dev.postern.store.MailStore;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Writes folders from the store as mbox ({@code OUT/FOLDER.mbox}), Maildir ({@code OUT/FOLDER/cur})
 * or EML files ({@code OUT/FOLDER/*.eml}). Flags go to the Maildir info or mbox Status/X-Status; the
 * message's arrival ({@link Envelope#arrived()}: its INTERNALDATE, the delivery date an mbox From line holds by
 * convention) goes to the mbox From line, the Maildir name and file times (which Dovecot and {@code import} take as the
 * internal date); the Date header's date only for an envelope stored before postern kept arrivals (hunt 38-T, T3:
 * export then import gave 24 of 36 messages their Date header's 1970 or 1999 as INTERNALDATE).
 *
 * <p>{@code OUT/.postern-export} remembers which bodies (by content hash) each folder's exports wrote, so
 * {@code --since-last} writes only the rest, appending to an mbox instead of replacing it.
 *
 * <p>Every name written in OUT is foreseeable, so each goes through {@link ExportFiles}: never through a link, never
 * into another user's file (hunt36-S, S5).
 */
public final class Exporter {
    public enum Format { MBOX, MAILDIR, EML }

    public record FolderReport(String account, String folder, int written, int unchanged, int notCached, Path path,
            int fromServer) {
        public FolderReport(String account, String folder, int written, int unchanged, int notCached, Path path) {
            this(account, folder, written, unchanged, notCached, path, 0);
        }
    }

    /**
     * Whole messages straight from the server, for what the store has not cached ({@code --from-server}):
     * an IMAP session's {@code BulkBodySource}. Asked by the bounded batch, so memory holds one batch.
     */
    public interface ServerBodies {
        /** The bytes of each of {@code messages} (of one UIDVALIDITY) the server still has, by UID. */
        void raws(String folder, List<Envelope> messages, BiConsumer<Long, byte[]> sink);
    }

    /** A server batch holds at most this many bytes (by the envelopes' sizes) or messages; one message always fits. */
    static final long SERVER_BATCH_BYTES = 8L * 1024 * 1024;
    static final int SERVER_BATCH_MESSAGES = 100;

    static final String STATE = ".postern-export";

    private final MailStore store;

    public Exporter(MailStore store) {
        this.store = store;
    }

    public List<FolderReport> export(String account, List<String> folders, Format format, Path out, boolean sinceLast) {
        return export(account, folders, format, out, sinceLast, null, Work.NONE);
    }

    /**
     * As {@link #export(String, List, Format, Path, boolean)}; with {@code server}, uncached bodies come from it.
     * {@code work} hears the messages done of all the folders' and is asked between messages whether to stop:
     * when cancelled, the folder being written is left as it was before (an mbox is written beside its
     * final name and renamed at the end, or cut back to its length before an append; Maildir and .eml files
     * are each complete), what was written is remembered for {@code --since-last}, and it throws
     * {@link Work.Cancelled} saying so.
     */
    public List<FolderReport> export(String account, List<String> folders, Format format, Path out, boolean sinceLast,
            ServerBodies server, Work work) {
        Progress p = new Progress(work);
        for (String folder : folders) p.total += store.count(account, folder);
        Set<String> done = null;
        Path statePath = out.resolve(STATE);
        try {
            ExportFiles.directory(out);
            ExportFiles.check(out, folders.stream().map(Exporter::fileName).toList(), format);
            done = new LinkedHashSet<>(readState(statePath));
            for (String folder : folders) othersExport(out, done, account, folder);
            undoAppends(out, done);
            List<FolderReport> reports = new ArrayList<>();
            for (String folder : folders) {
                int total = store.count(account, folder);
                if (total == 0 && store.folders(account).stream().noneMatch(f -> f.name().equals(folder))) {
                    throw new PosternException(ExitCode.NOINPUT, "account " + account + " has no folder '" + folder
                            + "' in the store; `postern sync` or `postern list " + folder + "` fetches it first.");
                }
                reports.add(exportFolder(account, folder, store.page(account, folder, 0, total), format, out, sinceLast, done, server, p));
            }
            saveState(statePath, done);
            return reports;
        } catch (Work.Cancelled c) {
            try {
                saveState(statePath, done); // what was written stays known to --since-last
            } catch (IOException | RuntimeException e) {
                // the next --since-last export writes those messages again; nothing is lost
            }
            throw c;
        } catch (dev.postern.model.OwnFiles.NotOwn e) {
            throw ExportFiles.refused(out, e);
        } catch (IOException e) {
            throw new PosternException(ExitCode.IOERR, "cannot write the export to " + out + " (" + e.getMessage()
                    + "); check free space and permissions; files already written are complete.", e);
        }
    }

    /**
     * Refuses, before anything is written, an export whose folder file (or directory) in OUT another account's export
     * wrote: an mbox would replace that account's archive, a Maildir, .eml or --since-last export would mix two
     * accounts' mail into one folder, in silence either way (hunt 38-M, M9). The state names each message's account.
     */
    private static void othersExport(Path out, Set<String> done, String account, String folder) {
        String base = fileName(folder);
        for (String line : done) {
            String[] f = line.split("\t", 3);
            if (f.length < 3 || f[0].equals(account) || !fileName(f[1]).equals(base)) continue;
            throw new PosternException(ExitCode.USAGE, "the export directory " + out + " holds account " + f[0] + "'s export of "
                    + f[1] + "; exporting account " + account + "'s " + folder + " there would replace or mix into it, so"
                    + " nothing was written: give each account its own --out (for example --out " + out.resolve(dirName(account)) + ").");
        }
    }

    /** An account's name as a directory name a user would type (what {@link #fileName} makes of a folder's). */
    private static String dirName(String account) {
        return fileName(account.replace(' ', '-'));
    }

    /** The state line that says an append to mbox {@code NAME} began at byte {@code N} (-1: the file was new). */
    private static final String APPENDING = "!appending ";

    /**
     * Cuts back every mbox an export killed mid-append (kill -9, a power cut) left longer than the state knows:
     * the append's first step recorded where it began, and only the state saved when the export ends, which
     * also knows what it wrote, drops that record. Before, the next --since-last export appended everything
     * again, the first message glued to a line cut midway.
     */
    private static void undoAppends(Path out, Set<String> done) throws IOException {
        for (java.util.Iterator<String> i = done.iterator(); i.hasNext(); ) {
            String line = i.next();
            if (!line.startsWith(APPENDING)) continue;
            i.remove();
            int sp = line.lastIndexOf(' ');
            Path mbox = out.resolve(line.substring(APPENDING.length(), sp)).normalize();
            long from;
            try {
                from = Long.parseLong(line.substring(sp + 1));
            } catch (NumberFormatException e) {
                continue;
            }
            if (!mbox.getParent().equals(out.normalize()) || !ExportFiles.own(mbox)) continue; // only our own files
            if (from < 0) {
                ExportFiles.removeOwn(mbox);
            } else if (Files.size(mbox) > from) {
                try (var ch = ExportFiles.existing(mbox, StandardOpenOption.WRITE)) {
                    ch.truncate(from);
                    ch.force(true);
                }
            }
        }
    }

    /** What earlier exports to OUT wrote: read only from the user's own regular file (another user's is refused). */
    private static List<String> readState(Path statePath) throws IOException {
        if (!ExportFiles.own(statePath)) return List.of();
        try (var ch = ExportFiles.existing(statePath, StandardOpenOption.READ)) {
            return new String(java.nio.channels.Channels.newInputStream(ch).readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    private static void saveState(Path statePath, Set<String> done) throws IOException {
        Path tmp = statePath.resolveSibling(STATE + ".tmp");
        try (OutputStream o = java.nio.channels.Channels.newOutputStream(ExportFiles.fresh(tmp))) {
            o.write((String.join("\n", done) + (done.isEmpty() ? "" : "\n")).getBytes(StandardCharsets.UTF_8));
        }
        ExportFiles.replace(tmp, statePath);
    }

    /** Messages done of all folders', for the job's progress and cancel. */
    private static final class Progress {
        final Work work;
        long total;
        long done;

        Progress(Work work) {
            this.work = work;
        }

        void step() {
            done++;
            work.progress(done, total);
        }
    }

    private FolderReport exportFolder(String account, String folder, List<Envelope> envelopes, Format format, Path out,
            boolean sinceLast, Set<String> done, ServerBodies server, Progress p) throws IOException {
        // Oldest first, as mail archives are read.
        List<Envelope> ordered = new ArrayList<>(envelopes);
        java.util.Collections.reverse(ordered);
        String base = fileName(folder);
        int[] n = new int[4]; // written, unchanged, not cached, from the server
        Path target = format == Format.MBOX ? out.resolve(base + ".mbox") : out.resolve(base);
        // A new mbox is written beside its name and renamed when whole; an append remembers where it began.
        Path part = out.resolve("." + base + ".mbox.part");
        long appendFrom = format == Format.MBOX && sinceLast && ExportFiles.own(target) ? Files.size(target) : -1;
        List<String> added = new ArrayList<>(); // keys this folder's mbox adds to done, taken back with it
        OutputStream mbox = null;
        boolean whole = false;
        String appending = APPENDING + target.getFileName() + " " + appendFrom;
        try {
            // A new mbox's part file left by an export killed while writing it: an append does not use it.
            if (format == Format.MBOX && sinceLast) ExportFiles.removeOwn(part);
            if (format == Format.MBOX && sinceLast) {
                done.add(appending);
                saveState(out.resolve(STATE), done); // before the first byte: a killed export is cut back next time
            }
            if (format == Format.MBOX) {
                mbox = new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(!sinceLast ? ExportFiles.fresh(part)
                        : appendFrom < 0 ? ExportFiles.fresh(target, StandardOpenOption.APPEND)
                        : ExportFiles.existing(target, StandardOpenOption.WRITE, StandardOpenOption.APPEND)));
            } else {
                ExportFiles.subdirectory(target);
                if (format == Format.MAILDIR) for (String d : List.of("cur", "new", "tmp")) ExportFiles.subdirectory(target.resolve(d));
            }
            OutputStream mboxOut = mbox;
            String keyPrefix = account + "\t" + folder.replace('\t', ' ').replace('\n', ' ') + "\t";
            Copies copies = new Copies(keyPrefix);
            // Uncached messages wait here for one server request, in order, so the archive stays oldest first.
            List<Envelope> pending = new ArrayList<>();
            long pendingBytes = 0;
            for (Envelope e : ordered) {
                if (p.work.cancelled()) throw cancelled(p, folder, format, target, out, sinceLast, appendFrom);
                p.step();
                byte[] raw = null;
                String key = null;
                if (e.bodyHash() != null) {
                    key = copies.next(e.bodyHash());
                    if (sinceLast && done.contains(key)) {
                        n[1]++;
                        continue;
                    }
                    try {
                        raw = store.body(e.ref()).orElse(null);
                    } catch (dev.postern.model.DamagedBody damaged) {
                        // Taken from the server with --from-server; else counted as not cached, and recorded so that
                        // the `postern sync` the summary advises fetches it again.
                        store.markDamaged(List.of(e.ref()));
                        store.commit();
                    } catch (dev.postern.model.PosternException unreadable) {
                        // The table of bodies itself is damaged around this one: the export saves what still reads
                        // (the way out `store verify` advises before a new store), counting this one as not cached.
                        if (unreadable.exitCode() != dev.postern.model.ExitCode.DATAERR) throw unreadable;
                        org.slf4j.LoggerFactory.getLogger(Exporter.class).warn("export: the body of {} does not read", e.ref(), unreadable);
                    }
                }
                if (raw == null) {
                    if (key != null) copies.undo(e.bodyHash()); // counted again by the hash of what the server sends
                    if (server == null) {
                        n[2]++;
                        continue;
                    }
                    if (!pending.isEmpty() && (pendingBytes + e.size() > SERVER_BATCH_BYTES || pending.size() >= SERVER_BATCH_MESSAGES)) {
                        fromServer(server, folder, pending, format, target, mboxOut, sinceLast, done, copies, n, added);
                        pending.clear();
                        pendingBytes = 0;
                    }
                    pending.add(e);
                    pendingBytes += e.size();
                    continue;
                }
                if (!pending.isEmpty()) {
                    fromServer(server, folder, pending, format, target, mboxOut, sinceLast, done, copies, n, added);
                    pending.clear();
                    pendingBytes = 0;
                }
                write(e, raw, e.bodyHash(), format, target, mboxOut);
                if (done.add(key)) added.add(key);
                n[0]++;
            }
            if (!pending.isEmpty()) fromServer(server, folder, pending, format, target, mboxOut, sinceLast, done, copies, n, added);
            if (mbox != null) {
                mbox.close();
                mbox = null;
                if (!sinceLast) ExportFiles.replace(part, target);
            }
            whole = true;
        } finally {
            if (mbox != null) {
                try {
                    mbox.close();
                } catch (IOException closing) {
                    // Failing already (a full disk fails the close's flush too): the tidying below must still run,
                    // or the part file would keep the space it took.
                }
            }
            if (!whole && format == Format.MBOX) {
                // Cancelled or failed: the mbox is as it was before this export, and so is what --since-last knows of it.
                if (sinceLast) {
                    if (appendFrom < 0) {
                        ExportFiles.removeOwn(target);
                    } else {
                        try (var ch = ExportFiles.existing(target, StandardOpenOption.WRITE)) {
                            ch.truncate(appendFrom);
                            ch.force(true);
                        }
                    }
                } else {
                    ExportFiles.removeOwn(part);
                }
                done.removeAll(added);
            }
            done.remove(appending); // the export's own end (or the cut-back above) settles it
        }
        return new FolderReport(account, folder, n[0], n[1], n[2], target, n[3]);
    }

    private static Work.Cancelled cancelled(Progress p, String folder, Format format, Path target, Path out,
            boolean sinceLast, long appendFrom) {
        String left = switch (format) {
            case MBOX -> sinceLast && appendFrom >= 0 ? target.getFileName() + " was cut back to what it held before"
                    : target.getFileName() + " was not written" + (Files.exists(target) ? " (the earlier one is untouched)" : "");
            case MAILDIR, EML -> "the messages written to " + target.getFileName() + " are complete and --since-last continues from them";
        };
        return new Work.Cancelled(dev.postern.render.Sanitizer.oneLine("export cancelled after " + (p.done) + " of " + p.total
                + " messages, in " + folder + ": " + left + " (in " + out + ")."));
    }

    /** One bounded server request for the pending envelopes, written in their order; ones the server lacks are counted. */
    private void fromServer(ServerBodies server, String folder, List<Envelope> pending, Format format, Path target,
            OutputStream mbox, boolean sinceLast, Set<String> done, Copies copies, int[] n, List<String> added) throws IOException {
        java.util.Map<Long, byte[]> got = new java.util.HashMap<>();
        server.raws(folder, pending, got::put);
        for (Envelope e : pending) {
            byte[] raw = got.remove(e.ref().uid());
            if (raw == null) {
                n[2]++; // expunged on the server since the last sync
                continue;
            }
            String hash = sha256(raw); // the store's content hash, so --since-last matches cached and fetched alike
            String key = copies.next(hash);
            if (sinceLast && done.contains(key)) {
                n[1]++;
                continue;
            }
            write(e, raw, hash, format, target, mbox);
            if (done.add(key) && added != null) added.add(key);
            n[0]++;
            n[3]++;
        }
    }

    /**
     * What --since-last records for a message of one folder: its account, folder and content hash, and from the second
     * identical copy in the folder on, which copy ("#2", "#3"...). Keyed by the hash alone, a folder's second copy of a
     * message (copied twice, or fetched twice from a POP3 server holding it twice) was taken for the first: an export to
     * an empty directory wrote one and called the others "already exported", and the archive lacked them for good
     * (hunt 41-H, H5). A state written before this names first copies alone, as it still does.
     */
    static final class Copies {
        private final String prefix;
        private final java.util.Map<String, Integer> seen = new java.util.HashMap<>();

        Copies(String prefix) {
            this.prefix = prefix;
        }

        /** The key of the next copy of {@code hash} in this folder's order. */
        String next(String hash) {
            int k = seen.merge(hash, 1, Integer::sum);
            return prefix + hash + (k == 1 ? "" : "#" + k);
        }

        /** Takes back the last {@link #next} of {@code hash}. */
        void undo(String hash) {
            seen.computeIfPresent(hash, (h, k) -> k == 1 ? null : k - 1);
        }
    }

    static String sha256(byte[] raw) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(raw));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static void write(Envelope e, byte[] raw, String hash, Format format, Path target, OutputStream mbox) throws IOException {
        java.time.Instant arrived = e.arrivedOr(e.date());
        FileTime time = FileTime.from(arrived == null ? java.time.Instant.EPOCH : arrived);
        switch (format) {
            case MBOX -> MboxFormat.write(mbox, raw, e.flags(), arrived);
            case MAILDIR -> {
                // A Maildir name starts with a delivery time in seconds since 1970, never a negative one.
                String name = (arrived == null ? 0 : Math.max(0, arrived.getEpochSecond())) + ".P" + e.ref().uid() + "Q"
                        + hash.substring(0, 16) + ".postern" + MaildirFormat.info(e.flags());
                writeFile(target.resolve("tmp"), target.resolve("cur").resolve(name), LineEnds.forMaildir(raw), time);
            }
            case EML -> {
                String name = String.format(Locale.ROOT, "%010d-%s.eml", e.ref().uid(), hash.substring(0, 16));
                writeFile(target, target.resolve(name), raw, time);
            }
        }
    }

    /** Written beside, synced, then renamed into place: a crash never leaves half a message under its final name. */
    private static void writeFile(Path tmpDir, Path target, byte[] bytes, FileTime time) throws IOException {
        Path tmp = tmpDir.resolve("." + target.getFileName() + ".part");
        try {
            try (var ch = ExportFiles.fresh(tmp)) {
                java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes);
                while (b.hasRemaining()) ch.write(b);
                ch.force(true);
            }
            ExportFiles.modified(tmp, time);
            ExportFiles.replace(tmp, target);
        } catch (IOException e) {
            if (!(e instanceof dev.postern.model.OwnFiles.NotOwn n && n.path().equals(tmp))) {
                ExportFiles.removeOwn(tmp); // a full disk: the half-written copy gives its space back
            }
            throw e;
        }
    }

    /** The longest file name (UTF-8 bytes) {@link #fileName} makes: file systems take 255, and a suffix follows. */
    static final int LONGEST_NAME = 200;

    /**
     * A folder name from a server as one safe path component: no separators, controls or leading dots, and at most
     * {@value #LONGEST_NAME} bytes: a longer one keeps its start and ends in {@code ~} and eight hex digits of its
     * SHA-256, so two long names that start alike stay two files (a 10,000-character name made the export fail).
     */
    static String fileName(String folder) {
        String s = component(folder);
        byte[] utf8 = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (utf8.length <= LONGEST_NAME) return s;
        String hash = sha256(folder.getBytes(java.nio.charset.StandardCharsets.UTF_8)).substring(0, 8);
        StringBuilder kept = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int n = new String(Character.toChars(cp)).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (bytes + n > LONGEST_NAME - 9) break;
            kept.appendCodePoint(cp);
            bytes += n;
            i += Character.charCount(cp);
        }
        return kept + "~" + hash;
    }

    private static String component(String folder) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < folder.length(); i++) {
            char c = folder.charAt(i);
            if (c == '/' || c == '\\') sb.append('.');
            else if (c < 32 || c == 127 || c == ':' || Character.getType(c) == Character.FORMAT) sb.append('_');
            else sb.append(c);
        }
        String s = sb.toString();
        while (s.startsWith(".")) s = "_" + s.substring(1);
        return s.isEmpty() ? "_" : s;
    }
}
