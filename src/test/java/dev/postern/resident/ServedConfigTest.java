package dev.postern.resident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.app.AppContext;
import dev.postern.backend.link.ScriptedServer;
import dev.postern.e2e.PosternConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command an owner serves reads the config as it is now, as the same command in its own process would (hunt 33-Z,
 * Z1: the owner answered with its start-time parse, so a retention rule just added matched nothing, silently). A mistake
 * in the edited file is the config's error (78); an edit the owner cannot apply while it runs (an account added) is
 * refused in one sentence that says what and how to apply it, never run with the old config.
 */
class ServedConfigTest {
    @TempDir Path dir;

    private record Served(int code, String out, String err) {}

    private Served served(AppContext ctx, Path cfg, String... args) {
        String[] argv = new String[args.length + 2];
        argv[0] = "--config";
        argv[1] = cfg.toString();
        System.arraycopy(args, 0, argv, 2, args.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Requests.run(ctx, null, new Wire.Request(cfg.toString(), dir.toString(), argv, new String[0], 0, 0),
                new ByteArrayInputStream(new byte[0]), out, err);
        return new Served(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aServedCommandReadsTheEditedConfig() throws Exception {
        try (ScriptedServer imap = new ScriptedServer((s, in, out) -> { })) {
            String account = PosternConfig.account("t", "imap", "127.0.0.1", imap.port(), "plain", "zed", "pw", 5, null);
            Path cfg = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"), account).toAbsolutePath().normalize();
            String original = Files.readString(cfg);
            try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString(), "XDG_STATE_HOME", dir.resolve("state").toString()), cfg)) {
                Served before = served(ctx, cfg, "retention", "--dry-run");
                assertEquals(0, before.code(), before.out() + before.err());
                assertTrue(before.out().contains("no [[retention]] rules"), before.out());

                Files.writeString(cfg, original + "\n[[retention]]\naccount = \"t\"\nfolders = [\"Archive\"]\nolder_than_days = 30\n"
                        + "where = \"local\"\n");
                Served rule = served(ctx, cfg, "retention", "--dry-run");
                assertEquals(0, rule.code(), rule.out() + rule.err());
                assertTrue(rule.out().contains("0 messages would be deleted"), "the rule added is read: " + rule.out() + rule.err());

                Files.writeString(cfg, original + "\n[[retention]]\naccount = \"nobody\"\n");
                Served broken = served(ctx, cfg, "retention", "--dry-run");
                assertEquals(78, broken.code(), broken.out() + broken.err());
                assertTrue(broken.err().startsWith("postern: config " + cfg), broken.err());

                Files.writeString(cfg, original + "\n" + account.replace("[accounts.t]", "[accounts.u]"));
                Served added = served(ctx, cfg, "retention", "--dry-run");
                assertEquals(75, added.code(), added.out() + added.err());
                assertEquals("", added.out());
                assertTrue(added.err().contains("[accounts.u] (added) cannot change while it runs; stop it (postern daemon stop,"),
                        added.err());

                Files.writeString(cfg, original); // put back: served again, as it was
                Served back = served(ctx, cfg, "retention", "--dry-run");
                assertEquals(0, back.code(), back.out() + back.err());
                assertTrue(back.out().contains("no [[retention]] rules"), back.out());
            }
        }
    }

    /**
     * An owner a person can stop (the reader, {@code postern shell}) refuses a command after an edit it cannot apply,
     * with its sentence and 75, and goes on serving: only a daemon that serves no reader hands the command back and
     * stops (DaemonConfigChangeIT).
     */
    @Test
    void theReaderAndTheShellRefuseAnEditTheyCannotApplyAndServeOn() throws Exception {
        OwnerFixture fixture = new OwnerFixture(dir);
        try (ScriptedServer imap = new ScriptedServer((s, in, out) -> { })) {
            String account = PosternConfig.account("t", "imap", "127.0.0.1", imap.port(), "plain", "zed", "pw", 5, null);
            Path cfg = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"), account).toAbsolutePath().normalize();
            String original = Files.readString(cfg);
            for (Owner.Role role : new Owner.Role[] {Owner.Role.READER, Owner.Role.SHELL}) {
                Files.writeString(cfg, original);
                try (AppContext ctx = new AppContext(fixture.env(), cfg)) {
                    ctx.controller();
                    try (Owner owner = Owner.start(ctx, role)) {
                        Files.writeString(cfg, original + "\n" + account.replace("[accounts.t]", "[accounts.u]"));
                        for (int i = 0; i < 2; i++) {
                            try (java.nio.channels.SocketChannel ch = fixture.request(cfg, "complete", "accounts")) {
                                OwnerFixture.Answer a = OwnerFixture.answer(ch);
                                assertEquals(75, a.exit(), role + ": " + a.err());
                                assertTrue(a.err().contains(role.words() + " (pid ") && a.err().contains(
                                        "[accounts.u] (added) cannot change while it runs; stop it"), a.err());
                            }
                        }
                        assertEquals(owner, Owner.current(), role + " stopped serving");
                    }
                }
            }
        }
    }

    /**
     * A command sent with another config than the owner's is refused with 78, the config's class: two configs over one
     * data directory are the user's to settle, and 75 had cron retry the job for ever (hunt 33-Z, Z18).
     */
    @Test
    void anotherConfigIsTheConfigsErrorNotATemporaryOne() throws Exception {
        try (ScriptedServer imap = new ScriptedServer((s, in, out) -> { })) {
            String account = PosternConfig.account("t", "imap", "127.0.0.1", imap.port(), "plain", "zed", "pw", 5, null);
            Path cfg = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"), account).toAbsolutePath().normalize();
            Path other = Files.copy(cfg, dir.resolve("other.toml")).toAbsolutePath().normalize();
            try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString(), "XDG_STATE_HOME", dir.resolve("state").toString()), cfg)) {
                Served r = served(ctx, other, "retention", "--dry-run");
                assertEquals(78, r.code(), r.out() + r.err());
                assertEquals("", r.out());
                assertTrue(r.err().contains("with the config " + cfg + ", not " + other + "; use that config, or stop it first."),
                        r.err());
            }
        }
    }

    /**
     * Hunt 37-J, J14: the owner's own config named through a symbolic link (the file, or a directory on its path, as an
     * XDG_CONFIG_HOME that is a link) is the same config: served, not refused 78 as "another config".
     */
    @Test
    void theOwnersConfigNamedThroughALinkIsServed() throws Exception {
        try (ScriptedServer imap = new ScriptedServer((s, in, out) -> { })) {
            String account = PosternConfig.account("t", "imap", "127.0.0.1", imap.port(), "plain", "zed", "pw", 5, null);
            Path cfg = PosternConfig.write(Files.createDirectories(dir.resolve("conf/postern")).resolve("config.toml"),
                    dir.resolve("data"), account).toAbsolutePath().normalize();
            Path fileLink = Files.createSymbolicLink(dir.resolve("link.toml"), cfg);
            Path dirLink = Files.createSymbolicLink(dir.resolve("conflink"), dir.resolve("conf")).resolve("postern/config.toml");
            try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString(), "XDG_STATE_HOME", dir.resolve("state").toString()), cfg)) {
                for (Path named : new Path[] {fileLink, dirLink}) {
                    Served r = served(ctx, named, "retention", "--dry-run");
                    assertEquals(0, r.code(), named + ": " + r.out() + r.err());
                    assertTrue(r.out().contains("no [[retention]] rules"), r.out());
                }
            }
        }
    }
}
