package dev.postern.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cron's environment (no LANG) and LANG=C with a non-ASCII path or argument (F7 of hunt 27). Java 17 encodes file
 * names and decodes argv in the locale's charset, ASCII there: the launchers run it with a UTF-8 LC_CTYPE, so the
 * command works; run without them ({@code java -jar}) it says which path it cannot use, exit 78, never a stack trace.
 */
class LocaleIT {
    @TempDir
    Path dir;

    @Test
    void withoutALocaleTheLauncherWorksAndJavaAloneNamesThePath() throws Exception {
        Path home = Files.createDirectories(dir.resolve("hömé"));
        Path config = PosternConfig.write(Files.createDirectories(home.resolve(".config/postern")).resolve("config.toml"),
                home.resolve("data"), PosternConfig.account("t", "imap", "127.0.0.1", dev.postern.ClosedPort.take(), "plain", "u", "pw", 5, null));
        Path plain = Files.createDirectories(dir.resolve("plain"));
        Path odd = PosternConfig.write(Files.createDirectories(dir.resolve("dätä")).resolve("config.toml"), plain.resolve("data"),
                PosternConfig.account("o", "imap", "127.0.0.1", dev.postern.ClosedPort.take(), "plain", "u", "pw", 5, null));
        Path oddData = PosternConfig.write(plain.resolve("config.toml"), dir.resolve("dätä/store"),
                PosternConfig.account("d", "imap", "127.0.0.1", dev.postern.ClosedPort.take(), "plain", "u", "pw", 5, null));
        assertTrue(Files.readString(config).contains("hömé"));

        // java -jar, no locale: one sentence naming the path and the locale, 78 (it was a trace and exit 1, or 64, or 70).
        List<String> jar = PosternProcess.jarCommand();
        for (List<String> line : List.of(List.of("complete", "accounts"), List.of("fetch"))) {
            PosternProcess.Result r = run(jar, home, null, line);
            r.assertExitCode(78).assertNoStackTrace();
            assertTrue(r.stderr().startsWith("postern: the path '") && r.stderr().contains("LANG, LC_CTYPE and LC_ALL unset"), r.describe());
            assertEquals(1, r.stderr().lines().count(), r.describe());
        }
        run(jar, plain, null, List.of("--config", odd.toString(), "complete", "accounts")).assertExitCode(78).assertNoStackTrace();
        run(jar, plain, "C", List.of("--config", oddData.toString(), "list", "--cached")).assertExitCode(78).assertNoStackTrace();

        // The launcher: the same lines work, with no LANG (cron) and with LANG=C; arguments keep their letters.
        PerlTree tree = PerlTree.in(dir);
        List<String> launcher = List.of(tree.launcher().toString());
        PosternProcess.Result accounts = run(launcher, home, null, List.of("complete", "accounts")).assertExitCode(0);
        assertEquals("t\n", accounts.stdout(), accounts.describe());
        assertEquals("o\n", run(launcher, plain, "C", List.of("--config", odd.toString(), "complete", "accounts")).assertExitCode(0).stdout());
        run(launcher, plain, "C", List.of("--config", oddData.toString(), "list", "--cached")).assertExitCode(0);
        assertTrue(Files.isDirectory(dir.resolve("dätä/store")), "the data directory with its own name");
        PosternProcess.Result bulk = run(launcher, home, "C", List.of("-a", "Bülk", "list", "--cached")).assertNoStackTrace();
        assertTrue(bulk.stderr().contains("no account 'Bülk'"), bulk.describe());
    }

    @Test
    void theOptionsGiveJavaAUtf8CtypeOnlyWhenTheLocaleIsNotUtf8AndKeepTheTerminalsCharset() {
        Path options = PerlTree.SOURCE.resolve("packaging/archive/postern-options.sh");
        String show = ". '" + options + "'; echo \"${LC_ALL-}|${LC_CTYPE-}|${LANG-}|${POSTERN_TERMINAL_CHARSET-}\"";
        assertEquals("|C.UTF-8||ANSI_X3.4-1968\n", sh(show, "-u", "LANG", "-u", "LC_ALL", "-u", "LC_CTYPE"));
        assertEquals("|C.UTF-8|POSIX|ANSI_X3.4-1968\n", sh(show, "LC_ALL=POSIX", "LANG=C.UTF-8"));
        assertEquals("||C.UTF-8|\n", sh(show, "-u", "LC_ALL", "-u", "LC_CTYPE", "LANG=C.UTF-8"));
        // A single-byte locale keeps its own charset (argv was typed in it), and says it for the terminal (hunt 34-C, C1).
        String locales = latin1Locale();
        assertEquals("||de_DE.ISO-8859-1|ISO-8859-1\n", sh(show, "-u", "LC_ALL", "-u", "LC_CTYPE", "LOCPATH=" + locales,
                "LANG=de_DE.ISO-8859-1"));
        // One that is not installed is C to the C library: ASCII, so UTF-8 for Java as for C.
        assertEquals("|C.UTF-8|xx_YY.ISO-8859-1|ANSI_X3.4-1968\n", sh(show, "-u", "LC_ALL", "-u", "LC_CTYPE",
                "LANG=xx_YY.ISO-8859-1"));
    }

    /**
     * Under a Latin-1 locale the arguments are Latin-1 bytes: they reach the mail and the messages as the letters typed,
     * not as U+FFFD (the launcher had Java decode them as UTF-8: `send -s "Grüße"` sent "Gr\uFFFD\uFFFDe"; hunt 34-C, C1).
     */
    @Test
    void underALatin1LocaleArgumentsKeepTheirLetters() throws Exception {
        String locales = latin1Locale();
        java.util.List<String> subjects = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (dev.postern.backend.link.ScriptedServer smtp = dev.postern.backend.link.ScriptedSmtp.start((verb, message) -> {
            if (verb.equals("END")) subjects.add(dev.postern.backend.link.ScriptedSmtp.subject(message));
            return null;
        })) {
            Path home = Files.createDirectories(dir.resolve("home"));
            Path config = PosternConfig.write(Files.createDirectories(home.resolve(".config/postern")).resolve("config.toml"),
                    home.resolve("data"), PosternConfig.account("t", "imap", "127.0.0.1", dev.postern.ClosedPort.take(), "plain", "u", "pw", 5, null),
                    "save_sent = false\n[accounts.t.smtp]\nhost = \"127.0.0.1\"\nport = " + smtp.port()
                            + "\nsecurity = \"plain\"\nfrom = \"alice@localhost\"\n");
            PerlTree tree = PerlTree.in(dir);
            // printf makes the Latin-1 bytes a de_DE terminal sends: ü is \374, ß \337.
            String script = "exec \"$0\" send --to bob@localhost -s \"$(printf 'Gr\\374\\337e')\"";
            PosternProcess.Result sent = PosternProcess.command("sh", "-c", script, tree.launcher().toString()).stdin("hello\n")
                    .env("HOME", home.toString()).env("LANG", "de_DE.ISO-8859-1").env("LOCPATH", locales).env("LC_ALL", null)
                    .env("LC_CTYPE", null).env("POSTERN_TERMINAL_CHARSET", null).env("POSTERN_CLIENT", null)
                    .env("XDG_CONFIG_HOME", null).env("XDG_STATE_HOME", null).env("XDG_DATA_HOME", null).run();
            sent.assertExitCode(0).assertNoStackTrace();
            assertEquals(1, subjects.size(), sent.describe());
            assertEquals("Grüße", jakarta.mail.internet.MimeUtility.decodeText(subjects.get(0)));
            String bulk = "exec \"$0\" -a \"$(printf 'B\\374lk')\" list --cached";
            PosternProcess.Result named = PosternProcess.command("sh", "-c", bulk, tree.launcher().toString())
                    .env("HOME", home.toString()).env("LANG", "de_DE.ISO-8859-1").env("LOCPATH", locales).env("LC_ALL", null)
                    .env("LC_CTYPE", null).env("POSTERN_TERMINAL_CHARSET", null).env("POSTERN_CLIENT", null)
                    .env("XDG_CONFIG_HOME", null).env("XDG_STATE_HOME", null).env("XDG_DATA_HOME", null).run();
            named.assertNoStackTrace();
            assertTrue(named.stderr().contains("no account 'Bülk'"), named.describe());
        }
    }

    /** de_DE in ISO-8859-1, compiled into a directory of this test's for LOCPATH (no root, nothing installed). */
    private String latin1Locale() {
        Path locales = dir.resolve("locales");
        PosternProcess.command("sh", "-c", "mkdir -p \"$0\" && localedef -i de_DE -f ISO-8859-1 \"$0/de_DE.ISO-8859-1\"",
                locales.toString()).run().assertExitCode(0);
        return locales.toString();
    }

    /**
     * A closed standard input: the JVM's first file (its 128 MB lib/modules) took descriptor 0, and `postern shell <&-`
     * ran that binary's lines as commands for minutes (F14 of hunt 27). The launchers open it on /dev/null: the shell
     * reads an end of input and is done.
     */
    @Test
    void aClosedStandardInputIsAnEmptyOne() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Path config = PosternConfig.write(home.resolve("config.toml"), home.resolve("data"),
                PosternConfig.account("t", "imap", "127.0.0.1", dev.postern.ClosedPort.take(), "plain", "u", "pw", 5, null));
        PosternProcess.Result r = PosternProcess.command("sh", "-c", "exec \"$0\" --config \"$1\" shell <&-",
                PerlTree.SOURCE.resolve("postern").toString(), config.toString()).env("HOME", home.toString())
                .env("POSTERN_CLIENT", null).run();
        r.assertExitCode(0).assertNoStackTrace();
        assertTrue(!r.stderr().contains("there is no command"), r.describe());
    }

    /**
     * A current directory that was removed: the JVM died in its start with a Java trace, exit 1 (F19 of hunt 27). The
     * launcher runs it from / instead, and says so when an argument is a relative path (then taken from /).
     */
    @Test
    void aRemovedCurrentDirectoryIsLeftForTheRoot() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Path config = PosternConfig.write(home.resolve("config.toml"), home.resolve("data"),
                PosternConfig.account("t", "imap", "127.0.0.1", dev.postern.ClosedPort.take(), "plain", "u", "pw", 5, null));
        String gone = "mkdir \"$1/gone\" && cd \"$1/gone\" && rmdir \"$1/gone\" && shift && exec \"$@\"";
        String postern = PerlTree.SOURCE.resolve("postern").toString();
        PosternProcess.Result r = PosternProcess.command("sh", "-c", gone, "sh", dir.toString(), postern, "--config",
                config.toString(), "list", "--cached", "-a", "t").env("HOME", home.toString()).env("POSTERN_CLIENT", null).run();
        r.assertNoStackTrace();
        assertTrue(r.exitCode() != 1 && !r.stderr().contains("initialization of VM") && !r.stderr().contains("no longer exists"),
                r.describe());
        r = PosternProcess.command("sh", "-c", gone, "sh", dir.toString(), postern, "--config=./config.toml", "list",
                "--cached").env("HOME", home.toString()).env("POSTERN_CLIENT", null).run();
        r.assertNoStackTrace();
        assertTrue(r.stderr().contains("the current directory no longer exists; running in /, so the relative path"
                + " './config.toml' is taken from /."), r.describe());
    }

    /** {@code script} run by sh under {@code env -u POSTERN_TERMINAL_CHARSET ENV...}; its stdout. */
    private static String sh(String script, String... env) {
        List<String> argv = new ArrayList<>(List.of("env", "-u", "POSTERN_TERMINAL_CHARSET"));
        argv.addAll(List.of(env));
        argv.addAll(List.of("sh", "-c", script));
        PosternProcess.Result r = PosternProcess.command(argv.toArray(String[]::new)).run().assertExitCode(0);
        return r.stdout();
    }

    /** {@code cmd args} with HOME at {@code home}, no XDG directory, and LANG {@code lang} (null: none), no LC_*. */
    private static PosternProcess.Result run(List<String> cmd, Path home, String lang, List<String> args) {
        List<String> argv = new ArrayList<>(cmd);
        argv.addAll(args);
        PosternProcess p = PosternProcess.command(argv.toArray(String[]::new)).env("HOME", home.toString()).env("LANG", lang)
                .env("LC_ALL", null).env("LC_CTYPE", null).env("POSTERN_TERMINAL_CHARSET", null).env("POSTERN_CLIENT", null);
        for (String v : List.of("XDG_RUNTIME_DIR", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME")) p.env(v, null);
        return p.run();
    }
}
