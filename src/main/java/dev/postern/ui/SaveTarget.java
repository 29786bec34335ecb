package dev.postern.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the pager's save prompt asked for: an attachment number (null for all) and a directory. */
record SaveTarget(Integer index, Path directory) {
    private static final Pattern INPUT = Pattern.compile("^\\s*(\\d+)?\\s*(.*?)\\s*$", Pattern.DOTALL);

    /** $XDG_DOWNLOAD_DIR, else ~/Downloads if it exists, else the home directory. */
    static Path defaultDirectory(Map<String, String> env) {
        String xdg = env.get("XDG_DOWNLOAD_DIR");
        if (xdg != null && !xdg.isBlank() && Files.isDirectory(Path.of(xdg))) return Path.of(xdg);
        Path home = Path.of(env.getOrDefault("HOME", System.getProperty("user.home")));
        Path downloads = home.resolve("Downloads");
        return Files.isDirectory(downloads) ? downloads : home;
    }

    /** @throws IllegalArgumentException with a sentence for the status line */
    static SaveTarget parse(String input, Path defaultDir, int count, Map<String, String> env) {
        Matcher m = INPUT.matcher(input == null ? "" : input);
        if (!m.matches()) throw new IllegalArgumentException("Type an attachment number and/or a directory.");
        Integer index = null;
        if (m.group(1) != null) {
            try {
                index = Integer.valueOf(m.group(1));
            } catch (NumberFormatException e) {
                index = -1;
            }
            if (index < 1 || index > count) {
                throw new IllegalArgumentException("There is no attachment " + m.group(1) + "; this message has " + count + ".");
            }
        }
        String d = m.group(2);
        Path dir = defaultDir;
        if (!d.isEmpty()) {
            String home = env.getOrDefault("HOME", System.getProperty("user.home"));
            dir = d.equals("~") ? Path.of(home) : d.startsWith("~/") ? Path.of(home, d.substring(2)) : Path.of(d);
        }
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException("No such directory: " + dir + ".");
        return new SaveTarget(index, dir);
    }
}
