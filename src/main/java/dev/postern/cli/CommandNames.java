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
