package dev.postern.cli;

import java.util.Set;

/**
 * The words that name a command at the top of postern's command line (with their aliases, and {@code help}); any
 * other first word is the reader's FOLDER ({@code postern Archive}), as the root command parses it. Spelled out
 * rather than read from the command classes, so that the thin client (resident.Client, in its small JVM) tells a
 * command from a folder without loading the command tree; the launchers' Perl client carries the same list.
 * CommandNamesTest holds both to the tree ({@link PosternCommand#SUBCOMMANDS} and the typed commands).
 */
public final class CommandNames {
    private CommandNames() {}

    public static final Set<String> TOP = Set.of("attachment", "auth", "bounce", "cancel", "complete", "completion",
            "copy", "daemon", "delete", "demo", "export", "fetch", "flag", "folder", "folders", "forward", "help", "import",
            "jobs", "list", "move", "outbox", "queue", "read", "recall", "reply", "retention", "search", "send", "shell",
            "store", "sync");

    /** Whether {@code word}, the first that is not a root option (or its value), names a command, not a folder. */
    public static boolean isCommand(String word) { return word != null && TOP.contains(word); }

    /**
     * The command words {@code word} is a slip of (git's "did you mean"): those at the fewest edits from it (a letter
     * added, dropped, changed, or two side by side swapped), within one edit for a word of up to four letters and two
     * for a longer one, as "fetch" or "flag or folder"; null when it is a command itself or near none. Case is not a
     * difference ({@code Fetch} is a slip of fetch). The caller decides whether a folder of that name makes it no slip.
     */
    public static String nearest(String word) {
        if (word == null || word.isEmpty() || word.length() > 40 || TOP.contains(word)) return null;
        String w = word.toLowerCase(java.util.Locale.ROOT);
        int most = w.length() <= 4 ? 1 : 2;
        int best = most + 1;
        java.util.TreeSet<String> found = new java.util.TreeSet<>();
        for (String c : TOP) {
            int d = distance(w, c);
            if (d > most || d > best) continue;
            if (d < best) found.clear();
            best = d;
            found.add(c);
        }
        return found.isEmpty() ? null : String.join(" or ", found);
    }

    /** Edits from {@code a} to {@code b}: insertions, deletions, substitutions and swaps of two neighbours. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    /**
     * {@code postern help [COMMAND]} as {@code postern [COMMAND] --help} (no {@code help} command is registered: as a first
     * word it was taken for the reader's folder, hunt 32-W W1); any other command line as it is.
     */
    public static String[] withHelp(String[] args) {
        String first = firstWord(args);
        if (!"help".equals(first)) return args;
        java.util.List<String> out = new java.util.ArrayList<>();
        boolean seen = false;
        for (String a : args) {
            if (!seen && a.equals("help")) {
                seen = true;
                continue;
            }
            out.add(a);
        }
        out.add("--help");
        return out.toArray(String[]::new);
    }

    /**
     * For {@code postern help WORD} where WORD names no command: WORD (the caller says so and ends with 64; it used to
     * print the root's usage and end with 0, hunt 37-J, J18); null for any other command line.
     */
    public static String unknownHelpTopic(String[] args) {
        if (!"help".equals(firstWord(args))) return null;
        boolean seen = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) return null;
            if (a.equals("--config") || a.equals("-a") || a.equals("--account")) i++;
            else if (a.startsWith("-")) continue;
            else if (!seen) seen = true; // "help" itself
            else return isCommand(a) ? null : a;
        }
        return null;
    }

    /** The sentence for {@link #unknownHelpTopic}: names the nearest commands when it is a slip of one. */
    public static String noHelpTopic(String word) {
        String near = nearest(word);
        // This class is in the client jar, without the render package: control characters shown as '?' here.
        StringBuilder shown = new StringBuilder();
        word.codePoints().limit(60).forEach(c -> shown.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return "postern: there is no command named '" + shown + (word.codePointCount(0, word.length()) > 60 ? "..." : "") + "'"
                + (near == null ? "" : " (did you mean " + near + "?)") + "; `postern --help` lists them.";
    }

    /**
     * The first argument that is not one of the root's options ({@code --config FILE}, {@code -a NAME}) or their
     * values, up to {@code --}; null when none: a command's name when {@link #isCommand} says so, else the reader's
     * FOLDER.
     */
    public static String firstWord(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) return null;
            if (a.equals("--config") || a.equals("-a") || a.equals("--account")) i++;
            else if (!a.startsWith("-")) return a;
        }
        return null;
    }
}
