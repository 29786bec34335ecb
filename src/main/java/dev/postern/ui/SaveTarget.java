package dev.postern.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** What the pager's save prompt asked for: an attachment number (null for all) and a directory. */
record SaveTarget(Integer index, Path directory) {
    /** $XDG_DOWNLOAD_DIR, else ~/Downloads if it exists, else the home directory. */
    static Path defaultDirectory(Map<String, String> env) {
        return defaultDirectory(env, Path.of("").toAbsolutePath());
    }

    /**
     * As {@link #defaultDirectory(Map)} for the person whose environment is {@code env} and working directory {@code cwd}
     * (a served reader's client: its HOME, its directory, not the owner's; hunt 38-A, A9).
     */
    static Path defaultDirectory(Map<String, String> env, Path cwd) {
        String xdg = env.get("XDG_DOWNLOAD_DIR");
        if (xdg != null && !xdg.isBlank() && Files.isDirectory(cwd.resolve(xdg))) return cwd.resolve(xdg);
        Path home = Path.of(env.getOrDefault("HOME", System.getProperty("user.home")));
        Path downloads = home.resolve("Downloads");
        return Files.isDirectory(downloads) ? downloads : home;
    }

    /** @throws IllegalArgumentException with a sentence for the status line */
    static SaveTarget parse(String input, Path defaultDir, int count, Map<String, String> env) {
        return parse(input, defaultDir, count, env, Path.of("").toAbsolutePath());
    }

    /** As {@link #parse(String, Path, int, Map)}, a relative directory taken in {@code cwd}: the reader's user's, served or not. */
    static SaveTarget parse(String input, Path defaultDir, int count, Map<String, String> env, Path cwd) {
        // Read by hand, not by the pattern ^\s*(\d+)?\s*(.*?)\s*$ it was: the lazy group re-read each run of inner blanks,
        // 30,000 pasted spaces took 6 s on the UI thread (hunt 34-E, E7). Blanks are the pattern's \s, digits ASCII.
        String s = input == null ? "" : input;
        int from = 0;
        int to = s.length();
        while (from < to && blank(s.charAt(from))) from++;
        while (to > from && blank(s.charAt(to - 1))) to--;
        int digits = from;
        while (digits < to && s.charAt(digits) >= '0' && s.charAt(digits) <= '9') digits++;
        Integer index = null;
        if (digits > from) {
            String number = s.substring(from, digits);
            try {
                index = Integer.valueOf(number);
            } catch (NumberFormatException e) {
                index = -1;
            }
            if (index < 1 || index > count) {
                throw new IllegalArgumentException("There is no attachment " + number + "; this message has " + count + ".");
            }
        }
        int rest = digits;
        while (rest < to && blank(s.charAt(rest))) rest++;
        String d = s.substring(rest, to);
        Path dir = defaultDir;
        if (!d.isEmpty()) dir = TypedPath.of(d, TypedPath.home(env), cwd);
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            // A file name (`~/report.txt`): the prompt takes where to save, never a new name (hunt 43-R, R8).
            throw new IllegalArgumentException(dir + " is a file, not a directory; type the directory to save into ("
                    + (dir.getParent() == null ? "/" : dir.getParent()) + "): attachments keep their own names.");
        }
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException("No such directory: " + dir + ".");
        return new SaveTarget(index, dir);
    }

    private static boolean blank(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }
}
