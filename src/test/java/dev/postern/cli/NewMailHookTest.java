package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.app.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * new_mail_command: run with the account, folder and count when a sync stores new mail (not on the first listing),
 * without a shell; a command that hangs is killed at hook_timeout_seconds and holds nothing up.
 */
class NewMailHookTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(new ServerSetup[] {ServerSetupTest.IMAP.dynamicPort(), ServerSetupTest.POP3.dynamicPort()});

    @TempDir Path dir;

    private Path config(String hook) throws Exception {
        Path p = dir.resolve("config.toml");
        Files.writeString(p, "data_dir = \"" + dir.resolve("data") + "\"\n" + hook
                + "[accounts.test]\nprotocol = \"imap\"\nhost = \"127.0.0.1\"\nport = " + greenMail.getImap().getPort()
                + "\nsecurity = \"plain\"\nuser = \"alice\"\npassword = \"secret\"\ntimeout_seconds = 5\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        return p;
    }

    private int run(Path config, String... args) {
        String[] full = dev.postern.e2e.PosternConfig.argv(config, args);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(full, Map.of("HOME", dir.toString(), "XDG_STATE_HOME", dir.resolve("state").toString()),
                new ByteArrayInputStream(new byte[0]), false, new ByteArrayOutputStream(),
                new PrintStream(err, true, StandardCharsets.UTF_8), (c, a, f) -> { throw new AssertionError("no UI"); });
        assertFalse(err.toString(StandardCharsets.UTF_8).contains("Exception"), err.toString(StandardCharsets.UTF_8));
        return code;
    }

    @Test
    void runsWithTheCountsWhenASyncStoresNewMailButNotOnTheFirstListing() throws Exception {
        GreenMailUser alice = greenMail.setUser("alice@localhost", "alice", "secret");
        alice.deliver(GreenMailUtil.createTextEmail("alice@localhost", "bob@localhost", "old", "x", greenMail.getImap().getServerSetup()));
        Path log = dir.resolve("hook.log");
        // argv, no shell: the words arrive as written ($HOME stays literal), the counts come in the environment
        Path script = dir.resolve("hook.sh");
        Files.writeString(script, "#!/bin/sh\necho \"$1|$POSTERN_ACCOUNT|$POSTERN_FOLDER|$POSTERN_NEW\" >> '" + log + "'\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        Path config = config("new_mail_command = [\"" + script + "\", \"$HOME; not expanded\"]\n");
        assertEquals(0, run(config, "sync"));
        assertFalse(Files.exists(log), "the first listing is not new mail");
        for (int i = 0; i < 2; i++) {
            alice.deliver(GreenMailUtil.createTextEmail("alice@localhost", "bob@localhost", "new " + i, "x",
                    greenMail.getImap().getServerSetup()));
        }
        assertEquals(0, run(config, "sync"));
        assertEquals("$HOME; not expanded|test|INBOX|2\n", Files.readString(log));
        assertEquals(0, run(config, "sync"));
        assertEquals("$HOME; not expanded|test|INBOX|2\n", Files.readString(log), "nothing new, no run");
    }

    @Test
    void aHangingCommandIsKilledAtItsDeadline() throws Exception {
        GreenMailUser alice = greenMail.setUser("alice@localhost", "alice", "secret");
        alice.deliver(GreenMailUtil.createTextEmail("alice@localhost", "bob@localhost", "old", "x", greenMail.getImap().getServerSetup()));
        Path config = config("new_mail_command = [\"sleep\", \"120\"]\nhook_timeout_seconds = 1\n");
        assertEquals(0, run(config, "sync"));
        alice.deliver(GreenMailUtil.createTextEmail("alice@localhost", "bob@localhost", "new", "x", greenMail.getImap().getServerSetup()));
        long start = System.nanoTime();
        assertEquals(0, run(config, "sync"));
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertTrue(seconds < 30, "the sync waited " + seconds + " s for a hook with a 1 s deadline");
        assertTrue(ProcessHandle.allProcesses().noneMatch(p -> p.info().commandLine().orElse("").equals("sleep 120")),
                "the hook was killed");
    }

    @Test
    void aPop3FetchThatDownloadsNewMailRunsItToo() throws Exception {
        GreenMailUser alice = greenMail.setUser("alice@localhost", "alice", "secret");
        alice.deliver(GreenMailUtil.createTextEmail("alice@localhost", "bob@localhost", "old", "x", greenMail.getPop3().getServerSetup()));
        Path log = dir.resolve("pop3-hook.log");
        Path script = dir.resolve("pop3-hook.sh");
        Files.writeString(script, "#!/bin/sh\necho \"$POSTERN_ACCOUNT|$POSTERN_FOLDER|$POSTERN_NEW\" >> '" + log + "'\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        Path p = dir.resolve("pop3.toml");
        Files.writeString(p, "data_dir = \"" + dir.resolve("data") + "\"\nnew_mail_command = [\"" + script + "\"]\n"
                + "[accounts.test]\nprotocol = \"pop3\"\nhost = \"127.0.0.1\"\nport = " + greenMail.getPop3().getPort()
                + "\nsecurity = \"plain\"\nuser = \"alice\"\npassword = \"secret\"\ntimeout_seconds = 5\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        assertEquals(0, run(p, "fetch"));
        assertFalse(Files.exists(log), "the first download into an empty store is not new mail");
        alice.deliver(GreenMailUtil.createTextEmail("alice@localhost", "bob@localhost", "new", "x", greenMail.getPop3().getServerSetup()));
        assertEquals(0, run(p, "fetch"));
        assertEquals("test|INBOX|1\n", Files.readString(log));
    }
}
