package dev.postern.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Sizes#human} computes its tenths in whole numbers; it must print what "%.1f" printed, ties included. */
class SizesTest {
    private static String formatted(long bytes) {
        if (bytes < 1024) return Long.toString(bytes);
        if (bytes < 1024 * 1024) return String.format(Locale.ROOT, "%.1fK", bytes / 1024.0);
        if (bytes < 1024L * 1024 * 1024) return String.format(Locale.ROOT, "%.1fM", bytes / (1024.0 * 1024));
        return String.format(Locale.ROOT, "%.1fG", bytes / (1024.0 * 1024 * 1024));
    }

    @Test
    void everyKilobyteSizeAndSampledLargerOnesPrintAsTheFormatterDid() {
        for (long b = 0; b < 12_000; b++) assertEquals(formatted(b), Sizes.human(b), "bytes " + b);
        Random r = new Random(16);
        for (int i = 0; i < 20_000; i++) {
            long b = (r.nextLong() >>> 1) % (i % 2 == 0 ? 1L << 20 : 8L << 30);
            assertEquals(formatted(b), Sizes.human(b), "bytes " + b);
        }
        // the half-way tenths, where rounding half up and half even part: 1.25 MiB, 1023.75 MiB, and their neighbours
        for (long b : new long[] {1280, 1280L << 10, (1024L * 1024 * 1024) - (256L << 10), (1024L << 20) - 1, 1024L << 20}) {
            for (long d = -2; d <= 2; d++) assertEquals(formatted(b + d), Sizes.human(b + d), "bytes " + (b + d));
        }
    }
}
