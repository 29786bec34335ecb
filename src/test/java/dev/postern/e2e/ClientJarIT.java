package dev.postern.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Flags;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * target/postern-client.jar, the launchers' entry: the thin client alone, with {@code Class-Path: postern.jar}.
 * It stays small (no library in it), a command a resident owner serves loads no class from the shaded jar, and
 * a command gives the same output and exit code through it with an owner, without one (in process, from the
 * shaded jar by the Class-Path) and through the shaded jar itself. Sixteen short postern runs: 57 s at load 20,
 * 160 s at load 25 (not measured on a quiet machine).
 */
class ClientJarIT {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir
    Path dir;

    private static Path clientJar() {
        Path client = PosternProcess.jar().resolveSibling("postern-client.jar");
        assertTrue(Files.isRegularFile(client), client + " is missing: `mvn package` builds it beside the shaded jar");
        return client;
    }

    @Test
    void theClientJarHoldsTheClientAloneAndNamesTheShadedJar() throws Exception {
        List<String> classes = new ArrayList<>();
        try (JarFile jar = new JarFile(clientJar().toFile())) {
            Manifest m = jar.getManifest();
            assertEquals("dev.postern.app.Postern", m.getMainAttributes().getValue("Main-Class"));
            assertEquals("postern.jar", m.getMainAttributes().getValue("Class-Path"));
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                if (name.startsWith("META-INF/") || name.endsWith("/")) continue;
                assertTrue(name.startsWith("dev/postern/"), "not postern's own: " + name);
                if (name.endsWith(".class")) classes.add(name);
            }
        }
        // What the client needs and no more: none of the CLI, the store, the backends, the reader.
        for (String c : classes) {
            assertTrue(c.startsWith("dev/postern/resident/") || c.startsWith("dev/postern/config/toml/")
                    || c.equals("dev/postern/app/Postern.class") || c.equals("dev/postern/cli/Terminals.class")
                    || c.equals("dev/postern/cli/CommandNames.class") // the command words, a constant: a folder is the reader's
                    || c.equals("dev/postern/model/StartupTrace.class")
                    || c.equals("dev/postern/model/HomeEnv.class"), "not a client class: " + c); // HOME as postern takes it
            assertTrue(!c.startsWith("dev/postern/resident/") || c.startsWith("dev/postern/resident/Client")
                    || c.startsWith("dev/postern/resident/Wire") || c.startsWith("dev/postern/resident/SocketFiles"),
                    "the owner's side is not the client's: " + c);
        }
        assertTrue(classes.size() <= 30, classes.size() + " classes: " + classes);
        assertTrue(Files.size(clientJar()) < 200_000, Files.size(clientJar()) + " bytes");
    }

    @Test
    void aCommandGivesTheSameOutputWithAndWithoutAnOwnerAndAServedOneNeverOpensTheShadedJar() throws Exception {
        MailFolder inbox = greenMail.getManagers().getImapHostManager().getInbox(greenMail.setUser("zed@localhost", "zed", "pw"));
        for (String subject : List.of("first of two", "second of two")) {
            MimeMessage msg = GreenMailUtil.createTextEmail("zed@localhost", "ann@example.org", subject,
                    "body of " + subject + "\n", greenMail.getImap().getServerSetup());
            msg.setSentDate(new Date());
            inbox.appendMessage(msg, new Flags(), new Date());
        }
        Path config = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("t", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "zed", "pw", 30, null));
        List<List<String>> commands = List.of(List.of("sync", "--folder", "INBOX"), List.of("list"),
                List.of("complete", "accounts"), List.of("-a", "nosuch", "list"));

        run(PosternProcess.jar(), config, List.of("sync"), null).assertExitCode(0); // then each sync finds no change
        List<PosternProcess.Result> shaded = new ArrayList<>();
        List<PosternProcess.Result> inProcess = new ArrayList<>();
        for (List<String> c : commands) {
            shaded.add(run(PosternProcess.jar(), config, c, null));
            inProcess.add(run(clientJar(), config, c, null));
        }
        assertEquals(2, shaded.get(1).stdout().lines().count(), shaded.get(1).describe());
        assertNotEquals(0, shaded.get(3).exitCode(), shaded.get(3).describe());

        // The owner is started through the shaded jar: a client through the other jar of the same build is served.
        run(PosternProcess.jar(), config, List.of("daemon", "start"), null).assertExitCode(0);
        try {
            for (int i = 0; i < commands.size(); i++) {
                Path classLog = dir.resolve("classes-" + i + ".log");
                PosternProcess.Result served = run(clientJar(), config, commands.get(i), classLog);
                for (PosternProcess.Result other : List.of(shaded.get(i), inProcess.get(i))) {
                    assertEquals(other.exitCode(), served.exitCode(), served.describe() + "\n---\n" + other.describe());
                    assertEquals(other.stdout(), served.stdout(), served.describe() + "\n---\n" + other.describe());
                    assertEquals(other.stderr(), served.stderr(), served.describe() + "\n---\n" + other.describe());
                }
                String fromShaded = notTheClients(Files.readString(classLog));
                assertTrue(fromShaded.isEmpty(), "a served " + commands.get(i) + " loaded from the shaded jar:\n" + fromShaded);
            }
            String status = run(clientJar(), config, List.of("daemon", "status"), null).assertExitCode(0).stdout();
            assertTrue(status.contains(commands.size() + " commands served before this one"), status);
        } finally {
            run(PosternProcess.jar(), config, List.of("daemon", "stop"), null);
        }
    }

    /**
     * The lines of a -Xlog:class+load log that load a class the client jar does not hold: named by the shaded jar,
     * or postern's or a library's by name (a class mapped from the start-up archive names the archive, not its jar).
     */
    private static String notTheClients(String log) throws Exception {
        Set<String> client = new HashSet<>();
        try (JarFile jar = new JarFile(clientJar().toFile())) {
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                if (name.endsWith(".class")) client.add(name.substring(0, name.length() - 6).replace('/', '.'));
            }
        }
        String shaded = PosternProcess.jar().toString();
        StringBuilder out = new StringBuilder();
        Matcher m = Pattern.compile("(?m)^.*\\[class,load\\] (\\S+) source: (.*)$").matcher(log);
        int lines = 0;
        while (m.find()) {
            lines++;
            String cls = m.group(1);
            boolean foreign = cls.startsWith("dev.postern.") || cls.startsWith("picocli.") || cls.startsWith("org.")
                    || cls.startsWith("jakarta.") || cls.startsWith("com.icegreen.") || cls.startsWith("com.google.");
            if ((foreign && !client.contains(cls)) || m.group(2).contains(shaded)) out.append(m.group()).append('\n');
        }
        assertTrue(lines > 100, "no class loading in the log:\n" + log);
        return out.toString();
    }

    /** {@code java -jar JAR --config CONFIG ARGS} as the launchers run it, with its class loading logged to {@code classLog}. */
    private PosternProcess.Result run(Path jar, Path config, List<String> args, Path classLog) {
        List<String> argv = new ArrayList<>(List.of(PosternProcess.javaBinary(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        Path archive = PosternProcess.jar().resolveSibling("postern.jsa");
        if (jar.equals(clientJar()) && Files.isRegularFile(archive)) argv.add("-XX:SharedArchiveFile=" + archive);
        argv.add("-Xlog:disable");
        if (classLog != null) argv.add("-Xlog:class+load:file=" + classLog);
        argv.addAll(List.of("-jar", jar.toString(), "--config", config.toString()));
        argv.addAll(args);
        return PosternProcess.command(argv.toArray(String[]::new))
                .env(Map.of("HOME", dir.toString(), "XDG_STATE_HOME", dir.resolve("state").toString()))
                .timeout(Duration.ofSeconds(120)).run().assertNoStackTrace();
    }
}
