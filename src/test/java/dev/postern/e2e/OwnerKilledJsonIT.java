package dev.postern.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hunt 39-Y, Y3: a served {@code sync --json} or {@code fetch --json} whose owner dies (kill -9) printed no JSON at all,
 * where the command alone, busy or interrupted, prints each account's object (ok false, exit 75). The client, Java
 * (resident/ClientJson) or the launcher's Perl one, prints the object of each account its command line names, or one with
 * {@code "account":null} when it names none.
 */
@Timeout(300)
class OwnerKilledJsonIT {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;
    private final List<Process> owners = new ArrayList<>();

    @AfterEach
    void stopOwners() {
        for (Process p : owners) p.destroyForcibly();
    }

    @Test
    void theJavaClientPrintsTheNamedAccountsObject() throws Exception {
        String out = ownerKilledUnder("java", PosternProcess.jarCommand(), "fetch", "--json", "-a", "t");
        assertTrue(out.startsWith("{\"account\":\"t\",\"protocol\":null,\"ok\":false,") && out.contains("\"exit\":75"), out);
        assertTrue(out.contains("stopped before the command finished"), out);
        assertEquals(1, out.strip().split("\n").length, out);
    }

    @Test
    void thePerlClientPrintsTheNamedAccountsObject() throws Exception {
        String out = ownerKilledUnder("perl", List.of(Path.of("postern").toAbsolutePath().toString()), "sync", "--json", "-a", "t");
        assertTrue(out.startsWith("{\"account\":\"t\",\"ok\":false,\"left_out\":[],\"error\":\"the postern that owns ")
                && out.endsWith("\"exit\":75}\n"), out);
        assertEquals(1, out.strip().split("\n").length, out);
    }

    @Test
    void withNoAccountNamedBothClientsPrintOneObjectForTheRest() throws Exception {
        String java = ownerKilledUnder("java-all", PosternProcess.jarCommand(), "sync", "--json");
        String perl = ownerKilledUnder("perl-all", List.of(Path.of("postern").toAbsolutePath().toString()), "sync", "--json");
        for (String out : List.of(java, perl)) {
            assertTrue(out.startsWith("{\"account\":null,\"ok\":false,\"left_out\":[],") && out.contains("\"exit\":75}"), out);
            assertEquals(1, out.strip().split("\n").length, out);
        }
        assertEquals(java.replaceAll("java-all", "X"), perl.replaceAll("perl-all", "X"), "the two clients alike");
    }

    /** In {@code name}'s own data directory: a daemon, the command through {@code client} stalled at the server, kill -9 of the daemon; its stdout. */
    private String ownerKilledUnder(String name, List<String> client, String... args) throws Exception {
        Path home = Files.createDirectories(dir.resolve(name));
        MailFolder inbox = greenMail.getManagers().getImapHostManager().getInbox(greenMail.setUser("zed@localhost", "zed", "pw"));
        if (inbox.getMessageCount() == 0) for (int i = 0; i < 40; i++) GreenMailInbox.deliver(inbox, "kept message " + i);
        try (FaultRelay relay = new FaultRelay(greenMail.getImap().getPort())) {
            Path config = PosternConfig.write(home.resolve("config.toml"), home.resolve("data"),
                    PosternConfig.account("t", "imap", "127.0.0.1", relay.port(), "plain", "zed", "pw", 30, null));
            Process owner = daemon(home, config);
            relay.arm(FaultRelay.Mode.STALL, 3000);
            List<String> argv = new ArrayList<>(client);
            argv.addAll(List.of("--config", config.toString()));
            argv.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(argv);
            pb.environment().putAll(env(home));
            pb.redirectOutput(home.resolve("out").toFile()).redirectError(home.resolve("err").toFile());
            Process c = pb.start();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!relay.fired() && System.nanoTime() < end) Thread.sleep(20);
            assertTrue(relay.fired(), "the command reached the server through the owner");
            owner.destroyForcibly(); // SIGKILL
            owner.waitFor(20, TimeUnit.SECONDS);
            assertTrue(c.waitFor(30, TimeUnit.SECONDS), "the client noticed the owner's death");
            String err = Files.readString(home.resolve("err"));
            assertEquals(75, c.exitValue(), err);
            assertTrue(err.contains("stopped before the command finished"), err);
            return Files.readString(home.resolve("out"));
        }
    }

    private static Map<String, String> env(Path home) {
        return Map.of("HOME", home.toString(), "XDG_STATE_HOME", home.resolve("state").toString());
    }

    private Process daemon(Path home, Path config) throws Exception {
        List<String> argv = PosternProcess.jarCommand("--config", config.toString(), "daemon", "run");
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(home.resolve("daemon.log").toFile());
        pb.environment().putAll(env(home));
        Process p = pb.start();
        owners.add(p);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < end) {
            if (!p.isAlive()) fail("the daemon exited " + p.exitValue() + ": " + Files.readString(home.resolve("daemon.log")));
            if (Files.exists(home.resolve("data").resolve("owner.sock")) && PosternProcess.withConfig(home, config, "daemon", "status")
                    .timeout(Duration.ofSeconds(60)).run().exitCode() == 0) return p;
            Thread.sleep(100);
        }
        fail("the daemon never served: " + Files.readString(home.resolve("daemon.log")));
        return p;
    }
}
