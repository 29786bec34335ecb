package dev.postern.backup;

import dev.postern.backend.imap.ImapAppend;
import dev.postern.model.Work;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Appends an archive's messages to one IMAP folder, skipping those the folder held before the import (by content, copy by
 * copy: {@link ImapAppend#alreadyHeld}), so identical copies inside the archive all arrive and a re-run adds nothing.
 */
public final class Importer {
    public record Report(String format, int appended, int alreadyThere, List<String> skipped) {}

    private Importer() {}

    public static Report run(ArchiveReader.Result archive, ImapAppend target, String folder) {
        Set<Long> sizes = new HashSet<>();
        for (ArchivedMessage m : archive.messages()) sizes.addAll(ImapAppend.sizesOf(m.raw()));
        target.open(folder, sizes);
        int[] n = {0, 0};
        for (ArchivedMessage m : archive.messages()) append(target, m, n);
        return new Report(archive.format(), n[0], n[1], archive.skipped());
    }

    /**
     * Streams the archive twice, holding one message at a time: a first pass learns the messages' sizes
     * (the server's copies of those sizes are hashed to find what is already there), the second appends.
     */
    public static Report run(Path archive, ImapAppend target, String folder) {
        return run(archive, target, folder, Work.NONE);
    }

    /**
     * As {@link #run(Path, ImapAppend, String)}, telling {@code work} the messages done of the archive's and
     * stopping between two appends when it is cancelled ({@link Work.Cancelled}): what was appended stays in
     * the folder, and importing again skips it (same bytes).
     */
    public static Report run(Path archive, ImapAppend target, String folder, Work work) {
        Set<Long> sizes = new HashSet<>();
        long[] total = {0};
        ArchiveReader.stream(archive, m -> {
            sizes.addAll(ImapAppend.sizesOf(m.raw()));
            total[0]++;
        });
        work.progress(0, total[0]);
        target.open(folder, sizes);
        int[] n = {0, 0};
        ArchiveReader.Summary s = ArchiveReader.stream(archive, m -> {
            if (work.cancelled()) {
                throw new Work.Cancelled(dev.postern.render.Sanitizer.oneLine("import cancelled after " + (n[0] + n[1])
                        + " of " + total[0] + " messages: the " + n[0] + " appended stay in " + folder
                        + " and importing again skips them."));
            }
            append(target, m, n);
            work.progress(n[0] + n[1], total[0]);
        });
        return new Report(s.format(), n[0], n[1], s.skipped());
    }

    private static void append(ImapAppend target, ArchivedMessage m, int[] n) {
        if (target.alreadyHeld(m.raw())) {
            n[1]++;
            return;
        }
        target.append(m.raw(), m.flags(), m.date());
        n[0]++;
    }
}
