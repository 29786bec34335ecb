package dev.postern.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HOME and the XDG directories as the user's environment gives them (hunt 34-C): a HOME whose name is not valid in the
 * locale's charset is refused in one sentence, nothing created (C7); an empty or relative HOME is taken as unset, the
 * passwd entry's home (C9); every directory postern makes is 0700, under any umask (C8).
 */
class HomeEnvIT {
    @TempDir
    Path dir;

    /** The java command with {@code user.home} (the passwd entry's home, as the JVM reads it) at {@code home}. */
    private static List<String> jar(Path home, String... args) {
        List<String> argv = new ArrayList<>(PosternProcess.jarCommand(args));
        argv.add(1, "-Duser.home=" + home);
        return argv;
    }

    private static PosternProcess clean(PosternProcess p) {
        for (String v : List.of("XDG_RUNTIME_DIR", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME",
                "LC_ALL", "LC_CTYPE", "POSTERN_CLIENT")) p.env(v, null);
        return p.env("LANG", "C.UTF-8");
    }

    private Path config(Path home) throws Exception {
        return PosternConfig.write(Files.createDirectories(home.resolve(".config/postern")).resolve("config.toml"),
                home.resolve("data"), PosternConfig.account("t", "imap", "127.0.0.1", dev.postern.ClosedPort.take(), "plain", "u", "pw", 5, null));
    }

    @Test
    void aHomeNotValidInTheLocalesCharsetIsRefusedAndNothingIsCreated() throws Exception {
        Path parent = Files.createDirectories(dir.resolve("homes"));
        // /…/homes/jürgen in Latin-1 bytes, as a Latin-1 locale names it; its config in place.
        String make = "h=\"$(printf '%s/j\\374rgen' \"$0\")\"; mkdir -p \"$h/.config/postern\" && cp \"$1\" \"$h/.config/postern/\"";
        Path cfg = config(dir.resolve("template"));
        PosternProcess.command("sh", "-c", make, parent.toString(), cfg.toString()).run().assertExitCode(0);
        List<String> argv = new ArrayList<>(List.of("sh", "-c", "HOME=\"$(printf '%s/j\\374rgen' \"$0\")\" exec \"$@\"", parent.toString()));
        argv.addAll(jar(dir.resolve("passwd"), "complete", "accounts"));
        PosternProcess.Result r = clean(PosternProcess.command(argv.toArray(String[]::new))).run();
        r.assertExitCode(78).assertNoStackTrace();
        assertEquals("postern: HOME (" + parent + "/j?rgen) is not valid in the locale's charset, UTF-8, so postern cannot name"
                + " the directory; set HOME to a name in that charset, or run postern under the locale the name was made in;"
                + " nothing was done.\n", r.stderr(), r.describe());
        try (Stream<Path> s = Files.list(parent)) {
            assertEquals(1, s.count(), "no directory made beside the home under a mangled name");
        }
    }

    @Test
    void anEmptyOrRelativeHomeIsThePasswdHome() throws Exception {
        Path passwd = dir.resolve("passwd");
        config(passwd);
        Path work = Files.createDirectories(dir.resolve("a/work"));
        for (String home : List.of("", "..", "a")) {
            PosternProcess.Result r = clean(PosternProcess.command(jar(passwd, "complete", "accounts").toArray(String[]::new)))
                    .env("HOME", home).directory(work).run();
            r.assertExitCode(0).assertNoStackTrace();
            assertEquals("t\n", r.stdout(), "HOME='" + home + "': the passwd home's config; " + r.describe());
        }
        assertFalse(Files.exists(work.resolve(".local")), "nothing made relative to the working directory");
        assertFalse(Files.exists(dir.resolve("a/.local")));
        assertFalse(Files.exists(work.resolve("a")));
        assertTrue(Files.isRegularFile(passwd.resolve(".local/state/postern/postern.log")), "the log in the passwd home");
    }

    @Test
    void everyDirectoryPosternMakesIsOwnerOnlyUnderAnyUmask() throws Exception {
        Path home = dir.resolve("h");
        config(home);
        List<String> argv = new ArrayList<>(List.of("sh", "-c", "umask 000; exec \"$@\"", "sh"));
        argv.addAll(jar(dir.resolve("passwd"), "list", "--cached"));
        clean(PosternProcess.command(argv.toArray(String[]::new))).env("HOME", home.toString()).run().assertNoStackTrace();
        assertTrue(Files.isDirectory(home.resolve(".local/state/postern")));
        List<String> open = new ArrayList<>();
        try (Stream<Path> s = Files.walk(home.resolve(".local"))) {
            s.filter(Files::isDirectory).forEach(d -> {
                try {
                    String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(d));
                    if (!mode.equals("rwx------")) open.add(home.relativize(d) + " " + mode);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
        assertEquals(List.of(), open);
    }
}
