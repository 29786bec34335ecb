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
}
