package dev.postern.attach;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * RFC 1524 mailcap files ({@code ~/.mailcap}, then {@code /etc/mailcap}, or {@code $MAILCAPS}), read to
 * choose a viewer. A viewer is always started from an argument list that postern builds itself, never a
 * shell string: the command is split into words here, and the file's path replaces {@code %s} inside a
 * word, so no file name or type can become shell syntax. Entries that need a shell (pipes, redirections,
 * command substitution, several commands) are skipped rather than run.
 */
public final class Mailcap {
    /** One line of a mailcap file. */
    public record Entry(String type, String command, boolean needsTerminal, boolean copiousOutput, String test) {}

    /** A viewer ready to start. {@code stdinFile}: the command had no %s and reads the file on stdin. */
    public record Launch(List<String> argv, boolean stdinFile, Entry entry) {}

    private final List<Entry> entries;

    private Mailcap(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    public List<Entry> entries() {
        return entries;
    }

    /** The files to read, in order: {@code $MAILCAPS} (colon-separated) if set, else ~/.mailcap and /etc/mailcap. */
    public static List<Path> defaultFiles(Map<String, String> env) {
        String list = env.get("MAILCAPS");
        List<Path> files = new ArrayList<>();
        if (list != null && !list.isBlank()) {
            for (String p : list.split(":")) if (!p.isBlank()) files.add(Path.of(p));
            return files;
        }
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        files.add(Path.of(home, ".mailcap"));
        files.add(Path.of("/etc/mailcap"));
        return files;
    }

    /** The {@code mailcap_path} setting's files when it is set (null: not set), else {@link #defaultFiles}. */
    public static List<Path> files(List<Path> setting, Map<String, String> env) {
        return setting != null ? setting : defaultFiles(env);
    }

    public static Mailcap load(List<Path> files) {
        List<Entry> all = new ArrayList<>();
        for (Path f : files) {
            try {
                if (Files.isRegularFile(f)) all.addAll(parse(Files.readString(f, StandardCharsets.UTF_8)).entries);
            } catch (IOException | java.io.UncheckedIOException e) {
                // An unreadable mailcap is like a missing one: the next file may still have a viewer.
            }
        }
        return new Mailcap(all);
    }

    public static Mailcap parse(String text) {
        List<Entry> out = new ArrayList<>();
        StringBuilder logical = new StringBuilder();
        for (String line : text.split("\r?\n", -1)) {
            if (logical.length() == 0 && (line.isBlank() || line.stripLeading().startsWith("#"))) continue;
            if (line.endsWith("\\") && !line.endsWith("\\\\")) {
                logical.append(line, 0, line.length() - 1);
                continue;
            }
            logical.append(line);
            Entry e = entry(logical.toString());
            if (e != null) out.add(e);
            logical.setLength(0);
        }
        return new Mailcap(out);
    }

    private static Entry entry(String line) {
        List<String> fields = splitFields(line);
        if (fields.size() < 2) return null;
        String type = fields.get(0).strip().toLowerCase(Locale.ROOT);
        if (type.isEmpty()) return null;
        if (!type.contains("/")) type = type + "/*";
        String command = fields.get(1).strip();
        boolean terminal = false;
        boolean copious = false;
        String test = null;
        for (String f : fields.subList(2, fields.size())) {
            String flag = f.strip();
            String lower = flag.toLowerCase(Locale.ROOT);
            if (lower.equals("needsterminal")) terminal = true;
            else if (lower.equals("copiousoutput")) copious = true;
            else if (lower.startsWith("test")) {
                int eq = flag.indexOf('=');
                if (eq > 0) test = flag.substring(eq + 1).strip();
            }
        }
        return new Entry(type, command, terminal, copious, test);
    }

    /** Fields are separated by ';'; "\;" is a literal semicolon inside a field. */
    static List<String> splitFields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                char next = line.charAt(i + 1);
                if (next == ';') {
                    cur.append(';');
                    i++;
                    continue;
                }
                cur.append(c);
                continue;
            }
            if (c == ';') {
                fields.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        fields.add(cur.toString());
        return fields;
    }

    /**
     * The first entry for {@code type} (exact, then "major/*") whose command can run without a shell and
     * whose test, if any, passes.
     */
    public Optional<Launch> viewer(String type, Path file, Map<String, String> env, Predicate<List<String>> test) {
        return viewer(type, file, env, test, e -> true, Map.of());
    }

    /**
     * As {@link #viewer(String, Path, Map, Predicate)}, among the entries {@code which} accepts (auto_view takes
     * only copiousoutput ones), with {@code params} for {@code %{name}}: values postern chose itself (the charset
     * it wrote the file in), never the sender's.
     */
    public Optional<Launch> viewer(String type, Path file, Map<String, String> env, Predicate<List<String>> test,
            Predicate<Entry> which, Map<String, String> params) {
        String t = type == null ? "application/octet-stream" : type.strip().toLowerCase(Locale.ROOT);
        for (Entry e : entries) {
            if (!matches(e.type(), t) || !which.test(e)) continue;
            Optional<List<String>> argv = argv(e.command(), file, t, env, params);
            if (argv.isEmpty() || argv.get().isEmpty()) continue;
            if (e.test() != null) {
                Optional<List<String>> testArgv = argv(e.test(), file, t, env, params);
                if (testArgv.isEmpty() || testArgv.get().isEmpty() || !test.test(testArgv.get())) continue;
            }
            boolean stdin = !e.command().contains("%s");
            return Optional.of(new Launch(argv.get(), stdin, e));
        }
        return Optional.empty();
    }

    static boolean matches(String pattern, String type) {
        if (pattern.equals(type)) return true;
        int slash = pattern.indexOf('/');
        String sub = pattern.substring(slash + 1);
        return (sub.equals("*") || sub.isEmpty()) && type.startsWith(pattern.substring(0, slash + 1));
    }

    /**
     * Splits a mailcap command into words like a shell would for the simple commands mailcap files hold
     * (quotes, backslashes, $VAR from the user's own environment), then substitutes %s (the file), %t (the
     * type) and %% inside each word. Empty if the command needs a real shell.
     */
    public static Optional<List<String>> argv(String command, Path file, String type, Map<String, String> env) {
        return argv(command, file, type, env, Map.of());
    }

    /** As above; {@code %{name}} is {@code params}' value (postern's own), or nothing (the sender's are never passed). */
    public static Optional<List<String>> argv(String command, Path file, String type, Map<String, String> env,
            Map<String, String> params) {
        List<String> words = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        int n = command.length();
        for (int i = 0; i < n; i++) {
            char c = command.charAt(i);
            if (c == '\'') {
                int end = command.indexOf('\'', i + 1);
                if (end < 0) return Optional.empty();
                cur.append(command, i + 1, end);
                i = end;
                inWord = true;
            } else if (c == '"') {
                int j = i + 1;
                for (; j < n && command.charAt(j) != '"'; j++) {
                    char d = command.charAt(j);
                    if (d == '\\' && j + 1 < n && "\"\\$`".indexOf(command.charAt(j + 1)) >= 0) {
                        cur.append(command.charAt(++j));
                    } else if (d == '`') {
                        return Optional.empty();
                    } else if (d == '$') {
                        int k = variable(command, j, env, cur);
                        if (k < 0) return Optional.empty();
                        j = k;
                    } else {
                        cur.append(d);
                    }
                }
                if (j >= n) return Optional.empty();
                i = j;
                inWord = true;
            } else if (c == '\\') {
                if (i + 1 < n) cur.append(command.charAt(++i));
                inWord = true;
            } else if (c == '$') {
                int k = variable(command, i, env, cur);
                if (k < 0) return Optional.empty();
                i = k;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) words.add(cur.toString());
                cur.setLength(0);
                inWord = false;
            } else if ("|&;<>()`".indexOf(c) >= 0 || (c == '#' && !inWord)) {
                return Optional.empty(); // shell syntax: this entry needs a shell, which postern never starts
            } else {
                cur.append(c);
                inWord = true;
            }
        }
        if (inWord) words.add(cur.toString());
        List<String> out = new ArrayList<>(words.size());
        for (String w : words) {
            String s = substitute(w, file, type, params);
            if (s == null) return Optional.empty();
            out.add(s);
        }
        return Optional.of(out);
    }

    /** $NAME or ${NAME} at {@code at}; appends the value; returns the index of its last char, or -1 for $(...). */
    private static int variable(String s, int at, Map<String, String> env, StringBuilder out) {
        int n = s.length();
        if (at + 1 >= n) {
            out.append('$');
            return at;
        }
        char next = s.charAt(at + 1);
        if (next == '(') return -1;
        if (next == '{') {
            int end = s.indexOf('}', at + 2);
            if (end < 0) return -1;
            out.append(env.getOrDefault(s.substring(at + 2, end), ""));
            return end;
        }
        int j = at + 1;
        while (j < n && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) j++;
        if (j == at + 1) {
            out.append('$');
            return at;
        }
        out.append(env.getOrDefault(s.substring(at + 1, j), ""));
        return j - 1;
    }

    private static String substitute(String word, Path file, String type, Map<String, String> params) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c != '%' || i + 1 >= word.length()) {
                out.append(c);
                continue;
            }
            char k = word.charAt(++i);
            switch (k) {
                case 's' -> out.append(file.toString());
                case 't' -> out.append(type.replaceAll("[^a-z0-9/.+-]", "_"));
                case '%' -> out.append('%');
                case '{' -> {
                    int end = word.indexOf('}', i);
                    if (end < 0) return null;
                    // The message's parameters are not passed on (their values come from the sender); postern's own are.
                    out.append(params.getOrDefault(word.substring(i + 1, end).toLowerCase(Locale.ROOT), ""));
                    i = end;
                }
                default -> {
                    return null; // %n, %F (multipart) and the like: not supported
                }
            }
        }
        return out.toString();
    }
}
