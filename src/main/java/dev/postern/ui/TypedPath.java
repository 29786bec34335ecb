package dev.postern.ui;

import dev.postern.model.HomeEnv;
import java.nio.file.Path;
import java.util.Map;

/**
 * A path the person at the reader typed (compose's attach prompt, a ':' line): {@code ~} and {@code ~/...} in their
 * HOME, a relative one in their working directory. A served reader's person is its client's, not the owner's
 * process (hunt 38-A, A9 for the save prompt; hunt 43-R, R2: `a report.pdf` attached the owner's file of that name,
 * `~` was the JVM's user.home).
 */
final class TypedPath {
    private TypedPath() {}

    /** The HOME of the person at {@code terminal} (an empty or relative one taken as unset: the passwd entry's). */
    static String home(ReaderTerminal terminal) {
        return home(HomeEnv.of(terminal.environment()));
    }

    static String home(Map<String, String> env) {
        String h = env.get("HOME");
        return h != null ? h : System.getProperty("user.home");
    }

    /** {@code typed} as the person at {@code terminal} means it. */
    static Path of(String typed, ReaderTerminal terminal) {
        return of(typed, home(terminal), terminal.directory());
    }

    static Path of(String typed, String home, Path cwd) {
        if (typed.equals("~")) return Path.of(home);
        if (typed.startsWith("~/")) return Path.of(home, typed.substring(2));
        return cwd.resolve(typed);
    }
}
