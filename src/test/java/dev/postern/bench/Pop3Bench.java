package dev.postern.bench;

import dev.postern.e2e.DovecotServer;
import dev.postern.e2e.PosternProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;

/**
 * {@code bench/run pop3 [N]}: a full POP3 download of N messages from Dovecot by postern, fetchmail and
 * getmail6 (each where installed), each into its own empty destination, mail kept on the server, then a
 * second run of each that has nothing new. Prints one line per tool and run. Not a test: figures vary
 * with the machine; bench/README.md records the ones measured.
 */
public final class Pop3Bench {
    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        boolean serve = args.length > 1 && args[1].equals("--serve");
        try (DovecotServer dovecot = DovecotServer.started()) {
            dovecot.seedBulk("alice", "INBOX", count);
            Path home = Files.createTempDirectory("postern-pop3-bench-");
            String password = dovecot.user("alice");
            Path cfg = home.resolve("config.toml");
            Files.writeString(cfg, "data_dir = \"" + home.resolve("data") + "\"\n[accounts.bench]\nprotocol = \"pop3\"\n"
                    + "host = \"127.0.0.1\"\nport = " + dovecot.pop3Port() + "\nsecurity = \"plain\"\nuser = \"alice\"\n"
                    + "password = \"" + password + "\"\n");
            Files.setPosixFilePermissions(cfg, PosixFilePermissions.fromString("rw-------"));
            if (serve) {
                System.out.println("config: " + cfg + "\nlog: " + dovecot.logPath());
                Thread.currentThread().join();
            }
            Map<String, String> env = Map.of("HOME", home.toString(), "XDG_STATE_HOME", home.resolve("state").toString());
            System.out.printf("%d messages, Dovecot POP3 on loopback, plain, keep on server%n", count);
            for (String run : new String[] {"full", "again"}) {
                PosternProcess.Result r = PosternProcess.postern("--config", cfg.toString(), "fetch")
                        .env(env).timeout(Duration.ofMinutes(10)).run();
                report("postern fetch", run, r);
            }
            if (DovecotServerTools.has("fetchmail")) {
                Path mbox = home.resolve("fetchmail.mbox");
                Path rc = home.resolve("fetchmailrc");
                Files.writeString(rc, "set no syslog\npoll 127.0.0.1 protocol pop3 port " + dovecot.pop3Port()
                        + " uidl user alice password \"" + password + "\" keep fetchall sslproto ''"
                        + " mda \"cat >> " + mbox + "\"\n");
                Files.setPosixFilePermissions(rc, PosixFilePermissions.fromString("rw-------"));
                for (String run : new String[] {"full", "again"}) {
                    // "fetchall" only on the first run; the second run fetches only what fetchmail's UIDL list lacks.
                    if (run.equals("again")) Files.writeString(rc, Files.readString(rc).replace(" keep fetchall", " keep"));
                    PosternProcess.Result r = PosternProcess.command("fetchmail", "-f", rc.toString(), "-i",
                            home.resolve("fetchids").toString(), "--nodetach").env(Map.of("HOME", home.toString()))
                            .timeout(Duration.ofMinutes(10)).run();
                    report("fetchmail", run, r);
                }
            }
            if (DovecotServerTools.has("getmail") && !Boolean.getBoolean("bench.skipGetmail")) {
                Path dir = home.resolve("getmail");
                Path maildir = home.resolve("getmail-maildir");
                for (String sub : new String[] {"new", "cur", "tmp"}) Files.createDirectories(maildir.resolve(sub));
                Files.createDirectories(dir);
                Files.writeString(dir.resolve("getmailrc"), "[retriever]\ntype = SimplePOP3Retriever\nserver = 127.0.0.1\n"
                        + "port = " + dovecot.pop3Port() + "\nusername = alice\npassword = " + password + "\n"
                        + "[destination]\ntype = Maildir\npath = " + maildir + "/\n"
                        + "[options]\nread_all = false\ndelete = false\nverbose = 0\n");
                // getmail refuses Maildir delivery as root (and its `user =` option makes it fork a child per
                // message that switches user): as root, run getmail itself as nobody, owning its Maildir
                // and its state directory.
                boolean root = "root".equals(System.getProperty("user.name"));
                String[] getmail = {"getmail", "--getmaildir=" + dir, "--rcfile=getmailrc"};
                if (root) {
                    var nobody = maildir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
                    Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx--x--x"));
                    for (Path p : new Path[] {dir, dir.resolve("getmailrc"), maildir, maildir.resolve("new"),
                            maildir.resolve("cur"), maildir.resolve("tmp")}) {
                        Files.setOwner(p, nobody);
                    }
                    Files.setPosixFilePermissions(dir.resolve("getmailrc"), PosixFilePermissions.fromString("rw-------"));
                    String[] asNobody = new String[getmail.length + 4];
                    System.arraycopy(new String[] {"runuser", "-u", "nobody", "--", "getmail"}, 0, asNobody, 0, 5);
                    System.arraycopy(getmail, 1, asNobody, 5, getmail.length - 1);
                    getmail = asNobody;
                }
                for (String run : new String[] {"full", "again"}) {
                    PosternProcess.Result r = PosternProcess.command(getmail)
                            .env(Map.of("HOME", dir.toString())).timeout(Duration.ofMinutes(15)).run();
                    report("getmail6", run, r);
                    try (var files = Files.list(maildir.resolve("new"))) {
                        System.out.printf("  getmail6 Maildir holds %d messages%n", files.count());
                    }
                    if (r.exitCode() != 0) break;
                }
            }
        }
    }

    private static void report(String tool, String run, PosternProcess.Result r) {
        System.out.printf("%-14s %-6s %7d ms  exit %d%n", tool, run, r.elapsed().toMillis(), r.exitCode());
        if (r.exitCode() != 0) System.out.println("  " + (r.stderr() + r.stdout()).strip().replace("\n", "\n  "));
    }

    /** Whether a command is on PATH. */
    static final class DovecotServerTools {
        static boolean has(String cmd) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
                if (Files.isExecutable(Path.of(dir, cmd))) return true;
            }
            return false;
        }
    }
}
