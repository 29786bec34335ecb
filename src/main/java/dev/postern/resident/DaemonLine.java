package dev.postern.resident;

import java.util.ArrayList;
import java.util.List;

/**
 * What an owner tells from a client's command line before it runs it: {@code daemon stop} and {@code daemon status},
 * which are served whatever else holds (another build, an edited config), since they are how one gets rid of it.
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
