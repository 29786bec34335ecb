package dev.postern.ui;

import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.render.Sanitizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a bindings file: sections {@code [global] [index] [pager] [compose]}, then one binding a line,
 * {@code KEYS = COMMAND LINE}, e.g. {@code D = delete --expunge}, {@code gi = change-folder INBOX},
 * {@code x = unbind}. Strict: an unknown key name, command, option or section is a config error naming the
 * file and the line, because a binding that silently does nothing is worse.
 */
public final class BindingsFile {
    private static final Pattern NAMED = Pattern.compile("<([^<>]+)>");
    private static final Pattern F_KEY = Pattern.compile("F([1-9]|1[0-2])");
    private static final List<String> NAMED_KEYS = List.of("Down", "Up", "Left", "Right", "Enter", "PageDown",
            "PageUp", "Home", "End", "Tab", "BackTab", "Esc", "Backspace", "Delete", "Insert", "Space", "lt");

    private BindingsFile() {}

    /**
     * Lays the bindings of {@code text} over a copy of {@code base}.
     *
     * @param name how errors name the file (its path)
     */
    public static KeyMap parse(String name, String text, KeyMap base, CommandRegistry registry) {
        return parse(name, text, base, registry, null);
    }

    /**
     * As above; with {@code home}, a command line's unquoted leading {@code ~} (alone or before '/') is that directory,
     * as on the ':' line (`x = :export --out ~/mail`; hunt 43-R, R2's sibling: it made a directory named '~').
     */
    public static KeyMap parse(String name, String text, KeyMap base, CommandRegistry registry, String home) {
        KeyMap keys = base.copy();
        String context = KeyMap.GLOBAL;
        Map<String, Integer> lineOf = new java.util.HashMap<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            if (line.startsWith("[")) {
                int hash = line.indexOf(" #");
                if (hash < 0) hash = line.indexOf("\t#");
                if (hash > 0) line = line.substring(0, hash).strip(); // "[index]   # comment"
                if (!line.endsWith("]")) throw error(name, i, "a section is written [index]");
                String s = line.substring(1, line.length() - 1).strip().toLowerCase(Locale.ROOT);
                if (!KeyMap.CONTEXTS.contains(s)) {
                    throw error(name, i, "unknown section [" + Sanitizer.oneLine(s) + "]; sections are ["
                            + String.join("], [", KeyMap.CONTEXTS) + "]");
                }
                context = s;
                continue;
            }
            String keyText;
            String rest;
            if (line.startsWith("=")) { // binding the '=' key itself: "= = first"
                keyText = "=";
                rest = line.substring(1).strip();
                if (!rest.startsWith("=")) throw error(name, i, "expected 'KEY = COMMAND'");
                rest = rest.substring(1);
            } else {
                int eq = line.indexOf('=');
                if (eq < 0) throw error(name, i, "expected 'KEY = COMMAND', e.g. 'D = delete --expunge'");
                keyText = line.substring(0, eq).strip();
                rest = line.substring(eq + 1);
            }
            if (keyText.isEmpty() || keyText.chars().anyMatch(Character::isWhitespace)) {
                throw error(name, i, "'" + Sanitizer.oneLine(keyText) + "' is not a key; write keys without spaces, e.g. gi or <C-d>");
            }
            String sequence;
            try {
                sequence = sequence(keyText);
            } catch (IllegalArgumentException e) {
                throw error(name, i, e.getMessage());
            }
            List<String> command;
            try {
                command = CommandWords.split(rest.strip(), true, home);
            } catch (IllegalArgumentException e) {
                throw error(name, i, e.getMessage());
            }
            if (command.isEmpty()) throw error(name, i, "no command after '='; use 'unbind' to remove a key");
            if (!(command.size() == 1 && command.get(0).equals(KeyMap.UNBIND))) {
                String problem = registry.problem(command);
                if (problem != null) throw error(name, i, Sanitizer.oneLine(problem));
            }
            keys.bind(context, sequence, command);
            lineOf.put(context + " " + sequence, i);
        }
        for (String c : KeyMap.CONTEXTS) {
            for (Map.Entry<String, String> e : keys.shadowed(c).entrySet()) {
                Integer at = lineOf.get(c + " " + e.getKey());
                if (at == null) at = lineOf.get(KeyMap.GLOBAL + " " + e.getKey());
                if (at == null) at = lineOf.getOrDefault(c + " " + e.getValue(), lineOf.get(KeyMap.GLOBAL + " " + e.getValue()));
                if (at == null) continue; // both from the base map, checked when it was read
                throw error(name, at, "'" + e.getKey() + "' can never be typed in [" + c + "] because '" + e.getValue()
                        + "' is bound; unbind it there ('" + e.getValue() + " = unbind')");
            }
        }
        return keys;
    }

    /** The canonical form of a key sequence as {@link KeyMap#keyName} spells each key. */
    static String sequence(String text) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char ch = text.charAt(i);
            if (ch == '<') {
                Matcher m = NAMED.matcher(text);
                if (!m.find(i) || m.start() != i) throw new IllegalArgumentException("'" + Sanitizer.oneLine(text)
                        + "' opens '<' without a key name; write <lt> for the < key");
                out.append(named(m.group(1)));
                i = m.end();
            } else {
                int cp = text.codePointAt(i);
                if (Character.isISOControl(cp)) throw new IllegalArgumentException("control characters are written <C-x>");
                out.appendCodePoint(cp);
                i += Character.charCount(cp);
            }
        }
        return out.toString();
    }

    private static String named(String n) {
        for (String k : NAMED_KEYS) if (k.equalsIgnoreCase(n)) return "<" + k + ">";
        if (F_KEY.matcher(n.toUpperCase(Locale.ROOT)).matches()) return "<" + n.toUpperCase(Locale.ROOT) + ">";
        if (n.length() == 3 && (n.charAt(0) == 'C' || n.charAt(0) == 'c') && n.charAt(1) == '-' && Character.isLetter(n.charAt(2))) {
            return "<C-" + Character.toLowerCase(n.charAt(2)) + ">";
        }
        if (n.length() == 3 && (n.charAt(0) == 'M' || n.charAt(0) == 'm' || n.charAt(0) == 'A' || n.charAt(0) == 'a')
                && n.charAt(1) == '-' && !Character.isWhitespace(n.charAt(2))) {
            return "<M-" + n.charAt(2) + ">";
        }
        throw new IllegalArgumentException("unknown key name <" + Sanitizer.oneLine(n) + ">; names are <C-a>..<C-z>, <M-x>, <F1>..<F12>, <"
                + String.join(">, <", NAMED_KEYS) + ">");
    }

    private static PosternException error(String name, int line, String what) {
        // One full stop, whether or not what was wrong is a sentence already (a command's own refusal).
        return new PosternException(ExitCode.CONFIG, Sanitizer.sentence("bindings " + name + ", line " + (line + 1) + ": " + what));
    }

    /** Every binding of a map as file lines, for tests and for showing the defaults. */
    static List<String> lines(KeyMap keys) {
        List<String> out = new ArrayList<>();
        for (String c : KeyMap.CONTEXTS) {
            out.add("[" + c + "]");
            keys.bindings(c).forEach((k, v) -> out.add(k + " = " + v));
        }
        return out;
    }
}
