package dev.postern.controller;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The folders the last {@code postern sync} of each account left out, and why, kept in {@value #FILE} in the
 * data directory (one line per folder: account, folder and reason, each URL-encoded). It lets sync say
 * which folders it leaves out once, and again only when that list changes (a sync from cron does not mail
 * the same notice every run), and lets {@code export} and {@code list --cached} explain an empty folder.
 * An unreadable file means the notice comes again, never that it is lost.
 */
public final class SyncNotes {
    public static final String FILE = "sync-left-out";

    private final Path file;
    private final List<String[]> rows = new ArrayList<>();
    private final Set<String> synced = new LinkedHashSet<>();

    private SyncNotes(Path file) {
        this.file = file;
        try {
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    String[] f = line.split(" ", -1);
                    if (f.length == 3) rows.add(new String[] {dec(f[0]), dec(f[1]), dec(f[2])});
                }
            }
        } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
            rows.clear(); // unreadable: say it again rather than never
        }
    }

    public static SyncNotes in(Path dataDir) {
        return new SyncNotes(dataDir.resolve(FILE));
    }

    /** Whether any sync of {@code account} has been recorded (it then listed the account's folders). */
    public boolean knows(String account) {
        return rows.stream().anyMatch(r -> r[0].equals(account)) || synced.contains(account);
    }

    /** Why the last sync of {@code account} left {@code folder} out, if it did. */
    public Optional<String> reason(String account, String folder) {
        return rows.stream().filter(r -> r[0].equals(account) && r[1].equals(folder)).map(r -> r[2]).findFirst();
    }

    /**
     * Records what the sync of {@code account} left out; true when that differs from what was recorded
     * before (so the caller says it). An account with nothing left out keeps a marker row, so that a later
     * change back to "something left out" is news again and {@link #knows} stays true.
     */
    public boolean record(String account, List<SyncFolders.LeftOut> leftOut) {
        Set<String> before = new LinkedHashSet<>();
        for (String[] r : rows) if (r[0].equals(account) && !(r[1].isEmpty() && r[2].isEmpty())) before.add(r[1] + "\n" + r[2]);
        Set<String> now = new LinkedHashSet<>();
        for (SyncFolders.LeftOut l : leftOut) now.add(l.folder() + "\n" + l.reason());
        rows.removeIf(r -> r[0].equals(account));
        for (SyncFolders.LeftOut l : leftOut) rows.add(new String[] {account, l.folder(), l.reason()});
        if (leftOut.isEmpty()) rows.add(new String[] {account, "", ""});
        synced.add(account);
        return !before.equals(now);
    }

    /** {@link #record} and {@link #save} at once, for the notes in {@code dataDir}: true when the list left out is news. */
    public static boolean note(Path dataDir, String account, List<SyncFolders.LeftOut> leftOut) {
        SyncNotes notes = in(dataDir);
        boolean news = notes.record(account, leftOut);
        notes.save();
        return news;
    }

    /** Writes the file (atomically); a failure only means the notice is repeated next time. */
    public void save() {
        StringBuilder b = new StringBuilder();
        for (String[] r : rows) b.append(enc(r[0])).append(' ').append(enc(r[1])).append(' ').append(enc(r[2])).append('\n');
        Path tmp = file.resolveSibling(FILE + ".tmp");
        try {
            // Folder names: 0600 from the first byte, as every file beside the store.
            Files.deleteIfExists(tmp);
            dev.postern.store.StoreFiles.createPrivate(tmp);
            Files.writeString(tmp, b.toString(), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | UncheckedIOException e) {
            // the notice comes again next time; a full disk leaves no half-written copy behind
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the next save replaces it
            }
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String dec(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
