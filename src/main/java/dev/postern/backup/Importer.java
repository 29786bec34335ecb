package dev.postern.backup;

import dev.postern.backend.imap.ImapAppend;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Appends an archive's messages to one IMAP folder, skipping those the folder already holds (by content). */
public final class Importer {
    public record Report(String format, int appended, int alreadyThere, List<String> skipped) {}

    private Importer() {}

    public static Report run(ArchiveReader.Result archive, ImapAppend target, String folder) {
        Set<Long> sizes = new HashSet<>();
        for (ArchivedMessage m : archive.messages()) sizes.add((long) m.raw().length);
        target.open(folder, sizes);
        int appended = 0, present = 0;
        for (ArchivedMessage m : archive.messages()) {
            if (target.contains(m.raw())) {
                present++;
                continue;
            }
            target.append(m.raw(), m.flags(), m.date());
            appended++;
        }
        return new Report(archive.format(), appended, present, archive.skipped());
    }
}
