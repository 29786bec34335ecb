package dev.postern.resident;

import java.util.ArrayList;
import java.util.List;

/**
 * What an owner tells from a client's command line before it runs it: {@code daemon stop} and {@code daemon status},
 * which are served whatever else holds (another build, an edited config), since they are how one gets rid of it; and
 * what it says to a client of another build it does not serve.
 */
final class DaemonLine {
    private DaemonLine() {}

    /**
     * {@code daemon stop} and {@code daemon status} are served whatever the client's build: they are how a
     * person (or a package's upgrade script) gets rid of an owner of an older build.
     */
    static boolean stopOrStatus(String[] args) {
        List<String> words = words(args);
        return words.size() >= 2 && words.get(0).equals("daemon") && (words.get(1).equals("stop") || words.get(1).equals("status"));
    }

    /** {@code daemon stop}: the command under way is stopped for it, not waited for (hunt 33-Y, Y4). */
    static boolean stop(String[] args) {
        List<String> words = words(args);
        return words.size() >= 2 && words.get(0).equals("daemon") && words.get(1).equals("stop");
    }

    /**
     * The refusal of a client of another build (as after an upgrade replaced the jar this owner runs from), by an owner
     * that cannot hand the command back (Owner.handsBack): the reader and the shell go when their user quits them, a
     * daemon hands the next command back once it serves no reader; until then 75, and the sentence says what ends it.
     */
    static String otherBuild(Owner.Role role, java.nio.file.Path dataDir, boolean servesReader, String clientBuild) {
        String end = role == Owner.Role.DAEMON ? (servesReader ? "it serves a reader: quit that reader (the daemon then hands"
                + " the next command to this build), or stop the daemon (postern daemon stop)" : "stop it (postern daemon stop)")
                : role == Owner.Role.SHELL ? "quit that shell (exit)" : "quit that reader (q)";
        return "postern: " + role.words() + " (pid " + ProcessHandle.current().pid() + "), which owns " + dataDir
                + ", runs another build (" + Wire.BUILD + ") than this postern (" + clientBuild + "), as after an upgrade;"
                + " " + end + " and run the command again.\n";
    }

    private static List<String> words(String[] args) {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") || args[i].equals("-c")) {
                i++;
            } else if (!args[i].startsWith("-")) {
                words.add(args[i]);
            }
        }
        return words;
    }
}
