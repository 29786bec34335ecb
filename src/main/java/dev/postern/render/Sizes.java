package dev.postern.render;

import java.util.Locale;

/** Byte counts the way mutt shows them: 512, 1.2K, 3.4M. */
public final class Sizes {
    private Sizes() {}

    public static String human(long bytes) {
        if (bytes < 1024) return Long.toString(bytes);
        if (bytes < 1024 * 1024) return String.format(Locale.ROOT, "%.1fK", bytes / 1024.0);
        if (bytes < 1024L * 1024 * 1024) return String.format(Locale.ROOT, "%.1fM", bytes / (1024.0 * 1024));
        return String.format(Locale.ROOT, "%.1fG", bytes / (1024.0 * 1024 * 1024));
    }
}
