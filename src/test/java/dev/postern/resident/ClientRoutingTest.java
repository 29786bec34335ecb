package dev.postern.resident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which owner a command line goes to, the launcher's Perl client (packaging/client/postern-client.pl) against the Java
 * client's rule ({@link Client#configPath}, {@link Client#dataDir}), over the same environments, with a stand-in owner
 * ({@link StandInOwner}) of one data directory. Hunt 37-J: J13, the Perl client matched an owner by the config's path
 * alone, so `XDG_DATA_HOME=OTHER postern fetch` ran in the owner of another store; J14, the owner's config named through
 * a symbolic link was "another config"; J11, a LANG that is not installed had perl warn on stderr for every served
 * command; J4, a client whose connection the owner closed before any frame (a stop closing its socket) said the
 * kill -9 sentence, 75, and the command was never run.
 */
@Timeout(120)
class ClientRoutingTest {
    @TempDir Path dir;
    private Process owner;
    private Path alone;

    @BeforeEach
    void perl() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/perl")), "no perl");
        alone = Files.writeString(dir.resolve("alone"), "#!/bin/sh\necho \"alone $POSTERN_CLIENT\"\nexit 3\n");
        Files.setPosixFilePermissions(alone, PosixFilePermissions.fromString("rwx------"));
    }

    @AfterEach
    void tidy() throws Exception {
        if (owner != null) owner.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
    }

    /** The data directory the stand-in owns. */
    private Path owned() {
        return dir.resolve("xdgA/postern").toAbsolutePath().normalize();
    }

    private Path jar() {
        return dir.resolve("postern.jar");
    }

    /** Starts the stand-in owner of {@link #owned} in {@code mode} and leaves its marker, naming {@code config}. */
    private void standIn(String mode, Path config) throws Exception {
        if (owner != null) owner.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        owner = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), StandInOwner.class.getName(), owned().toString(), mode)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        assertEquals("serving", new BufferedReader(new InputStreamReader(owner.getInputStream(), StandardCharsets.UTF_8)).readLine());
        marker(config);
    }

    private void marker(Path config) throws Exception {
        if (!Files.exists(jar())) Files.writeString(jar(), "a jar");
        Path real = jar().toRealPath();
        String identity = "(" + real + ", " + Files.size(real) + " bytes, " + DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
                .withZone(ZoneOffset.UTC).format(Instant.ofEpochSecond(Files.getLastModifiedTime(real).toMillis() / 1000)) + ")";
        Path owners = Files.createDirectories(dir.resolve("run/postern-owners"));
        Files.writeString(owners.resolve(Long.toString(owner.pid())), "data_dir=" + owned() + "\nconfig=" + config
                + "\nsocket=" + SocketFiles.socketFor(owned()) + "\nbuild=test " + identity + "\n");
    }

    /** The environment a client gets: HOME, the owners' directory, and {@code more} (a null value: left out). */
    private Map<String, String> env(String... more) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", "/usr/bin:/bin");
        env.put("HOME", dir.resolve("home").toString());
        env.put("XDG_RUNTIME_DIR", dir.resolve("run").toString());
        env.put("LANG", "C.UTF-8");
        for (int i = 0; i + 1 < more.length; i += 2) {
            if (more[i + 1] == null) env.remove(more[i]);
            else env.put(more[i], more[i + 1]);
        }
        return env;
    }

    /** Runs {@code argv} to its end in {@code env}, stdin empty; {exit code, stdout, stderr}. */
    private static String[] run(List<String> argv, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        java.util.concurrent.CompletableFuture<byte[]> err = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return p.getErrorStream().readAllBytes();
            } catch (java.io.IOException e) {
                return new byte[0];
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("hung: " + argv);
        }
        return new String[] {Integer.toString(p.exitValue()), out, new String(err.get(), StandardCharsets.UTF_8)};
    }

    private String[] perl(Map<String, String> env, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("/usr/bin/perl", Path.of("packaging/client/postern-client.pl").toAbsolutePath()
                .toString(), alone.toString(), jar().toString()));
        argv.addAll(List.of(args));
        return run(argv, env);
    }

    /** Whether the Perl client was served by the stand-in (0), or ran the launcher, alone (3); anything else fails. */
    private boolean servedByPerl(Map<String, String> env, String... args) throws Exception {
        String[] r = perl(env, args);
        if (r[0].equals("0")) return true;
        assertEquals("3", r[0], String.join(" ", args) + ": " + r[1] + r[2]);
        assertEquals("alone none\n", r[1], r[2]);
        return false;
    }

    /** Whether the Java client's rule sends {@code args} in {@code env} to the stand-in's data directory. */
    private boolean javaRoutesToOwned(Map<String, String> env, String... args) {
        Path config = Client.configPath(args, env);
        Path data = config == null ? null : Client.dataDir(config, env);
        return data != null && SocketFiles.socketFor(data).equals(SocketFiles.socketFor(owned()));
    }

    private Path config(String name, String top) throws Exception {
        Path file = dir.resolve(name).toAbsolutePath().normalize();
        Files.createDirectories(file.getParent());
        return Files.writeString(file, top + "\n[accounts.t]\nprotocol = \"imap\"\nhost = \"127.0.0.1\"\nport = 9\n"
                + "security = \"plain\"\nusername = \"zed\"\npassword = \"pw\"\n");
    }

    /**
     * J13: the same command line under environments that name the stand-in's data directory or another one, through
     * XDG_DATA_HOME, HOME and data_dir (absolute, literal, "~/", relative beside the config): the Perl client is served
     * exactly where the Java client's rule connects to that owner, and runs alone everywhere else.
     */
    @Test
    void thePerlClientGoesToTheOwnerOfTheDataDirectoryTheJavaClientWould() throws Exception {
        Path plain = config("conf/postern/config.toml", "");
        Path tilde = config("tilde.toml", "data_dir = \"~/postern\"  # the mail");
        Path beside = config("beside.toml", "data_dir = 'xdgA/postern'");
        Path absolute = config("absolute.toml", "data_dir = \"" + owned() + "\"");
        Path elsewhere = config("elsewhere.toml", "data_dir = \"" + dir.resolve("xdgB/postern") + "\"");
        Object[][] cases = {
            {plain, env("XDG_DATA_HOME", dir.resolve("xdgA").toString())},
            {plain, env("XDG_DATA_HOME", dir.resolve("xdgB").toString())},
            {plain, env("XDG_DATA_HOME", dir.resolve("xdgB/../xdgA").toString())},
            {plain, env("XDG_DATA_HOME", null)},
            {plain, env("XDG_DATA_HOME", "xdgA")}, // relative: HOME's
            {plain, env("XDG_DATA_HOME", " ")},
            {plain, env("XDG_DATA_HOME", null, "HOME", dir.resolve("h").toString())},
            {tilde, env("HOME", dir.resolve("xdgA").toString())},
            {tilde, env("HOME", dir.resolve("xdgB").toString())},
            {tilde, env("HOME", dir.resolve("xdgA").toString(), "XDG_DATA_HOME", dir.resolve("xdgB").toString())},
            {beside, env("XDG_DATA_HOME", dir.resolve("xdgB").toString())},
            {absolute, env("XDG_DATA_HOME", dir.resolve("xdgB").toString())},
            {elsewhere, env("XDG_DATA_HOME", dir.resolve("xdgA").toString())},
        };
        Files.createDirectories(dir.resolve("h/.local/share"));
        Files.createSymbolicLink(dir.resolve("h/.local/share/postern"), owned()); // a link is another path: another socket
        int served = 0;
        for (Object[] c : cases) {
            Path config = (Path) c[0];
            @SuppressWarnings("unchecked") Map<String, String> env = (Map<String, String>) c[1];
            if (owner == null) standIn("whole", config);
            else marker(config);
            String[] args = {"--config", config.toString(), "list", "INBOX"};
            boolean java = javaRoutesToOwned(env, args);
            assertEquals(java, servedByPerl(env, args), config + " in " + env);
            if (java) served++;
        }
        assertEquals(6, served, "the cases that name the owner's data directory");
        // The config taken from XDG_CONFIG_HOME, not --config: the same rule.
        marker(plain);
        Map<String, String> xdg = env("XDG_CONFIG_HOME", dir.resolve("conf").toString(), "XDG_DATA_HOME", dir.resolve("xdgA").toString());
        assertTrue(javaRoutesToOwned(xdg, "list") && servedByPerl(xdg, "list"));
        xdg.put("XDG_DATA_HOME", dir.resolve("xdgB").toString());
        assertFalse(javaRoutesToOwned(xdg, "list") || servedByPerl(xdg, "list"), "J13: another store");
        // What the Perl client cannot read as surely as TOML (data_dir in a comment, named twice): the Java path decides.
        for (String top : new String[] {"# data_dir = \"~/mail\"", "data_dir = \"" + owned() + "\"\ndata_dir = \"" + owned() + "\""}) {
            Path unsure = config("unsure.toml", top);
            marker(unsure);
            assertFalse(servedByPerl(env("XDG_DATA_HOME", dir.resolve("xdgA").toString()), "--config", unsure.toString(), "list"), top);
        }
    }

    /**
     * J14: the owner's config named through a symbolic link (the file, or XDG_CONFIG_HOME a link to its directory) is the
     * same config: the Perl client is served (the owner compares the file too: ServedConfigTest); a copy is another config.
     */
    @Test
    void theOwnersConfigNamedThroughALinkIsServedByThePerlClient() throws Exception {
        Path config = config("conf/postern/config.toml", "data_dir = \"" + owned() + "\"");
        standIn("whole", config);
        Path link = Files.createSymbolicLink(dir.resolve("link.toml"), config);
        Path confLink = Files.createSymbolicLink(dir.resolve("conflink"), dir.resolve("conf"));
        assertTrue(servedByPerl(env(), "--config", link.toString(), "list"), "a link to the file");
        assertTrue(servedByPerl(env("XDG_CONFIG_HOME", confLink.toString()), "list"), "XDG_CONFIG_HOME a link");
        Path copy = Files.copy(config, dir.resolve("copy.toml"));
        assertFalse(servedByPerl(env(), "--config", copy.toString(), "list"), "a copy is another config: the Java path says so");
    }

    /**
     * J4: the owner read the request and closed the connection without a frame, not even ACCEPTED, then released the
     * store (a `daemon stop` closing its socket with this client in its backlog): nothing was taken, so the command is the
     * client's to run, not "stopped before the command finished (part of it may have been done)", 75. The Java client
     * returns NOT_SERVED (its caller runs the command here); the Perl client hands it to the launcher's Java path.
     */
    @Test
    void aClientTheOwnerHungUpOnBeforeAnyFrameRunsTheCommandItself() throws Exception {
        Path config = config("conf/postern/config.toml", "data_dir = \"" + owned() + "\"");
        standIn("none", config);
        String[] r = perl(env(), "--config", config.toString(), "fetch");
        assertEquals("3", r[0], r[1] + r[2]);
        assertEquals("alone none\n", r[1]);
        assertEquals("", r[2]);
        assertTrue(owner.waitFor(20, TimeUnit.SECONDS), "the stand-in stops after one client");
        owner = null;
        standIn("none", config);
        assertEquals(Client.NOT_SERVED, Client.send(new String[] {"--config", config.toString(), "fetch"}, env(), config, owned(), 5000));
    }

    /**
     * J11: served through the launcher (packaging/bin/postern) with a LANG that is not installed, perl says nothing on
     * stderr, as the command alone says nothing; the user's PERL_BADLANG (or its absence) is what the client passes on.
     */
    @Test
    void aLocaleThatIsNotInstalledLeavesThePerlClientQuiet() throws Exception {
        Path config = config("conf/postern/config.toml", "data_dir = \"" + owned() + "\"");
        Path lib = Files.createDirectories(dir.resolve("tree/lib/postern"));
        Path bin = Files.createDirectories(dir.resolve("tree/bin"));
        Files.copy(Path.of("packaging/bin/postern"), bin.resolve("postern"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(Path.of("packaging/client/postern-client.pl"), lib.resolve("postern-client.pl"));
        Files.copy(Path.of("packaging/archive/postern-options.sh"), lib.resolve("postern-options.sh"));
        Files.writeString(lib.resolve("postern-client.jar"), "a client jar");
        Files.writeString(lib.resolve("postern.jar"), "a jar");
        Files.createSymbolicLink(jar(), lib.resolve("postern.jar"));
        standIn("whole", config);
        Map<String, String> env = env("LANG", "xx_XX.UTF-8", "LC_ALL", null);
        String[] r = run(List.of(bin.resolve("postern").toString(), "--config", config.toString(), "fetch", "--quiet"), env);
        assertEquals("0", r[0], r[1] + r[2]);
        assertEquals("", r[2], "J11: nothing on stderr");
        // The environment the client passes on is the user's: no PERL_BADLANG of the launcher's, and the user's own kept.
        Path seen = dir.resolve("seen");
        Path show = Files.writeString(dir.resolve("show"), "#!/bin/sh\nprintf '%s|%s|%s\\n' \"${PERL_BADLANG-unset}\" "
                + "\"${POSTERN_PERL_BADLANG-unset}\" \"$LANG\" >> '" + seen + "'\nexit 3\n");
        Files.setPosixFilePermissions(show, PosixFilePermissions.fromString("rwx------"));
        String script = "$ENV{POSTERN_PERL_BADLANG} = shift; @ARGV = ('" + show + "', '" + jar() + "', 'demo'); do '"
                + Path.of("packaging/client/postern-client.pl").toAbsolutePath() + "'; die $@ if $@;";
        run(List.of("/usr/bin/perl", "-e", script, ""), env("PERL_BADLANG", "0", "LANG", "xx_XX.UTF-8"));
        run(List.of("/usr/bin/perl", "-e", script, "=1"), env("PERL_BADLANG", "0", "LANG", "xx_XX.UTF-8"));
        assertEquals("unset|unset|xx_XX.UTF-8\n1|unset|xx_XX.UTF-8\n", Files.readString(seen));
    }
}
