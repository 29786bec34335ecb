package dev.postern.render;

import java.util.Locale;

/** Byte counts the way mutt shows them: 512, 1.2K, 3.4M. */
public final class Sizes {
    private Sizes() {}

    /**
     * {@link #human}, with "bytes" said under 1K, for a count standing alone in a sentence (fetch's summary), where a
     * bare "100" reads as a count of something else (hunt 33-Z, Z18); a column of sizes keeps {@link #human}.
     */
    public static String withUnit(long bytes) {
        if (bytes >= 1024 || bytes < 0) return human(bytes);
        return bytes + (bytes == 1 ? " byte" : " bytes");
    }

    public static String human(long bytes) {
        if (bytes < 1024) return Long.toString(bytes);
        // Tenths rounded half up, in whole numbers: what "%.1f" makes of bytes / 1024 (exact in a double), without the
        // Formatter's locale look-up, which cost a short `list` a tenth of its time.
        if (bytes < 1024 * 1024) return tenths(bytes, 1024) + "K";
        if (bytes < 1024L * 1024 * 1024) return tenths(bytes, 1024 * 1024) + "M";
        return String.format(Locale.ROOT, "%.1fG", bytes / (1024.0 * 1024 * 1024));
    }

    /** {@code bytes / unit} to one decimal, rounded half up ({@code unit} a power of two, {@code bytes < 1024 * unit}). */
    private static String tenths(long bytes, long unit) {
        long t = (bytes * 10 + unit / 2) / unit;
        return (t / 10) + "." + (t % 10);
    }
}
