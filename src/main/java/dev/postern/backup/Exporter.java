package dev.postern.backup;

import dev.postern.model.Envelope;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.store.MailStore;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Writes folders from the store as mbox ({@code OUT/FOLDER.mbox}), Maildir ({@code OUT/FOLDER/cur})
 * or EML files ({@code OUT/FOLDER/*.eml}). Flags go to the Maildir info or mbox Status/X-Status; the
 * message date goes to the mbox From line and to file times (which Dovecot takes as the internal date).
 *
 * <p>{@code OUT/.postern-export} remembers which bodies (by content hash) each folder's exports wrote, so
 * {@code --since-last} writes only the rest, appending to an mbox instead of replacing it.
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
        void raws(String folder, long uidValidity, Collection<Long> uids, BiConsumer<Long, byte[]> sink);
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
        return export(account, folders, format, out, sinceLast, null);
    }

    /** As {@link #export(String, List, Format, Path, boolean)}; with {@code server}, uncached bodies come from it. */
    public List<FolderReport> export(String account, List<String> folders, Format format, Path out, boolean sinceLast,
            ServerBodies server) {
        try {
            Files.createDirectories(out);
            Path statePath = out.resolve(STATE);
            Set<String> done = new LinkedHashSet<>(Files.exists(statePath)
                    ? Files.readAllLines(statePath, StandardCharsets.UTF_8) : List.of());
            List<FolderReport> reports = new ArrayList<>();
            for (String folder : folders) {
                int total = store.count(account, folder);
                if (total == 0 && store.folders(account).stream().noneMatch(f -> f.name().equals(folder))) {
                    throw new PosternException(ExitCode.NOINPUT, "account " + account + " has no folder '" + folder
                            + "' in the store; `postern sync` or `postern list " + folder + "` fetches it first.");
                }
                reports.add(exportFolder(account, folder, store.page(account, folder, 0, total), format, out, sinceLast, done, server));
            }
            Path tmp = out.resolve(STATE + ".tmp");
            Files.write(tmp, done, StandardCharsets.UTF_8);
            Files.move(tmp, statePath, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return reports;
        } catch (IOException e) {
            throw new PosternException(ExitCode.IOERR, "cannot write the export to " + out + " (" + e.getMessage()
                    + "); check free space and permissions; files already written are complete.", e);
        }
    }

    private FolderReport exportFolder(String account, String folder, List<Envelope> envelopes, Format format, Path out,
            boolean sinceLast, Set<String> done, ServerBodies server) throws IOException {
        // Oldest first, as mail archives are read.
        List<Envelope> ordered = new ArrayList<>(envelopes);
        java.util.Collections.reverse(ordered);
        String base = fileName(folder);
        int[] n = new int[4]; // written, unchanged, not cached, from the server
        Path target = format == Format.MBOX ? out.resolve(base + ".mbox") : out.resolve(base);
        OutputStream mbox = null;
        try {
            if (format == Format.MBOX) {
                mbox = new BufferedOutputStream(sinceLast
                        ? Files.newOutputStream(target, StandardOpenOption.CREATE, StandardOpenOption.APPEND)
                        : Files.newOutputStream(target));
            } else {
                if (format == Format.MAILDIR) for (String d : List.of("cur", "new", "tmp")) Files.createDirectories(target.resolve(d));
                else Files.createDirectories(target);
            }
            OutputStream mboxOut = mbox;
            String keyPrefix = account + "\t" + folder.replace('\t', ' ').replace('\n', ' ') + "\t";
            // Uncached messages wait here for one server request, in order, so the archive stays oldest first.
            List<Envelope> pending = new ArrayList<>();
            long pendingBytes = 0;
            for (Envelope e : ordered) {
                byte[] raw = null;
                if (e.bodyHash() != null) {
                    if (sinceLast && done.contains(keyPrefix + e.bodyHash())) {
                        n[1]++;
                        continue;
                    }
                    raw = store.body(e.ref()).orElse(null);
                }
                if (raw == null) {
                    if (server == null) {
                        n[2]++;
                        continue;
                    }
                    if (!pending.isEmpty() && (pendingBytes + e.size() > SERVER_BATCH_BYTES || pending.size() >= SERVER_BATCH_MESSAGES)) {
                        fromServer(server, folder, pending, format, target, mboxOut, sinceLast, done, keyPrefix, n);
                        pending.clear();
                        pendingBytes = 0;
                    }
                    pending.add(e);
                    pendingBytes += e.size();
                    continue;
                }
                if (!pending.isEmpty()) {
                    fromServer(server, folder, pending, format, target, mboxOut, sinceLast, done, keyPrefix, n);
                    pending.clear();
                    pendingBytes = 0;
                }
                write(e, raw, e.bodyHash(), format, target, mboxOut);
                done.add(keyPrefix + e.bodyHash());
                n[0]++;
            }
            if (!pending.isEmpty()) fromServer(server, folder, pending, format, target, mboxOut, sinceLast, done, keyPrefix, n);
        } finally {
            if (mbox != null) mbox.close();
        }
        return new FolderReport(account, folder, n[0], n[1], n[2], target, n[3]);
    }

    /** One bounded server request for the pending envelopes, written in their order; ones the server lacks are counted. */
    private void fromServer(ServerBodies server, String folder, List<Envelope> pending, Format format, Path target,
            OutputStream mbox, boolean sinceLast, Set<String> done, String keyPrefix, int[] n) throws IOException {
        java.util.Map<Long, byte[]> got = new java.util.HashMap<>();
        server.raws(folder, pending.get(0).ref().uidValidity(), pending.stream().map(e -> e.ref().uid()).toList(), got::put);
        for (Envelope e : pending) {
            byte[] raw = got.remove(e.ref().uid());
            if (raw == null) {
                n[2]++; // expunged on the server since the last sync
                continue;
            }
            String hash = sha256(raw); // the store's content hash, so --since-last matches cached and fetched alike
            if (sinceLast && done.contains(keyPrefix + hash)) {
                n[1]++;
                continue;
            }
            write(e, raw, hash, format, target, mbox);
            done.add(keyPrefix + hash);
            n[0]++;
            n[3]++;
        }
    }

    private static String sha256(byte[] raw) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(raw));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static void write(Envelope e, byte[] raw, String hash, Format format, Path target, OutputStream mbox) throws IOException {
        FileTime time = FileTime.from(e.date() == null ? java.time.Instant.EPOCH : e.date());
        switch (format) {
            case MBOX -> MboxFormat.write(mbox, raw, e.flags(), e.date());
            case MAILDIR -> {
                String name = (e.date() == null ? 0 : e.date().getEpochSecond()) + ".P" + e.ref().uid() + "Q"
                        + hash.substring(0, 16) + ".postern" + MaildirFormat.info(e.flags());
                writeFile(target.resolve("tmp"), target.resolve("cur").resolve(name), LineEnds.toLf(raw), time);
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
        try (var ch = java.nio.channels.FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap(bytes));
            ch.force(true);
        }
        Files.setLastModifiedTime(tmp, time);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** A folder name from a server as one safe path component: no separators, controls or leading dots. */
    static String fileName(String folder) {
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
