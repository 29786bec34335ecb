package dev.postern.backup;

import java.nio.file.Path;

/** Streams an archive and prints what it holds; run in a child JVM with a small heap by {@link StreamingImportTest}. */
public final class ArchiveCount {
    private ArchiveCount() {}

    public static void main(String[] args) {
        long[] n = {0, 0};
        ArchiveReader.Summary s = ArchiveReader.stream(Path.of(args[0]), m -> {
            n[0]++;
            n[1] += m.raw().length;
        });
        System.out.println(s.format() + " messages=" + n[0] + " bytes=" + n[1] + " skipped=" + s.skipped());
    }
}
