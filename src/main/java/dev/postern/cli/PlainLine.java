package dev.postern.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * The words of a plain command line that a short command reads without picocli (issue 16: {@link LocalSearchLine},
 * {@link CachedList}), one at a time, with what those readers read alike: the root's {@code --config FILE} and
 * {@code --account NAME} / {@code -a NAME} (each also as {@code --x=VALUE}, at most once) and an option's value (after
 * the '=' of {@code --x=VALUE}, else the next word). A value missing, empty, or starting with {@code -} or {@code @}, a
 * root option given twice, or a config path that is none, is refused: the caller then leaves the line to picocli,
 * which says what is wrong. Each reader keeps its own words ({@code --} among them) and its {@code @file} refusal.
 */
final class PlainLine {
    /** What {@link #root} made of the current word. */
    enum Root { NONE, TAKEN, REFUSED }

    private final String[] args;
    private int at = -1;
    private String word;
    private String name;
    private String joined; // the VALUE of --x=VALUE, or null
    private Path config;
    private String account;

    PlainLine(String[] args) {
        this.args = args;
    }

    /** Moves to the next word; false at the line's end. */
    boolean next() {
        if (++at >= args.length) return false;
        word = args[at];
        int eq = word.startsWith("--") ? word.indexOf('=') : -1;
        name = eq > 0 ? word.substring(0, eq) : word;
        joined = eq > 0 ? word.substring(eq + 1) : null;
        return true;
    }

    /** The current word as given. */
    String word() { return word; }

    /** The current word's option name: before the '=' of {@code --x=VALUE}, else the word. */
    String name() { return name; }

    /** The current option's value (after its '=', else the next word, then taken); null when missing or odd. */
    String value() {
        String v = joined;
        if (v == null) {
            if (at + 1 >= args.length) return null;
            v = args[++at];
        }
        return v.isEmpty() || v.startsWith("-") || v.startsWith("@") ? null : v;
    }

    /** Takes the current word (with its value) when it is --config, --account or -a: TAKEN, or REFUSED; else NONE. */
    Root root() {
        boolean cfg = name.equals("--config");
        if (!cfg && !name.equals("--account") && !name.equals("-a")) return Root.NONE;
        String v = value();
        if (v == null || (cfg ? config != null : account != null)) return Root.REFUSED;
        if (!cfg) {
            account = v;
            return Root.TAKEN;
        }
        try {
            config = Path.of(v);
        } catch (InvalidPathException e) {
            return Root.REFUSED;
        }
        return Root.TAKEN;
    }

    /** The --config given, or null. */
    Path config() { return config; }

    /** The --account (-a) given, or null. */
    String account() { return account; }
}
