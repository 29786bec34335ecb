package dev.postern.bench;

import dev.postern.e2e.DovecotServer;
import dev.postern.e2e.PosternProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code bench/run resident [MESSAGES [RUNS]]}: what a batch command costs when a warm owner
 * ({@code postern daemon}) holds the data directory, beside the tools people run from cron: a no-change
 * {@code postern sync --folder INBOX} against mbsync's no-change Pull of the same Dovecot folder (IMAPS), and
 * a no-op {@code postern fetch} of a POP3 maildrop against fetchmail's no-op run (POP3, UIDL, keep). Each
 * runs through {@code ./postern}, as people run it (through a warm owner: the Perl client; with the client-only
 * JVM and the full JVM's client as extra rows); the ratios are printed in the same run. The owner logs each
 * request's own time ("ran a client's command ... in N ms") in its log file, named at the end.
 */
public final class ResidentBench {
    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 11;
        try (DovecotServer dovecot = DovecotServer.started()) {
            dovecot.seedBulk("alice", "INBOX", count);
            dovecot.seedBulk("bob", "INBOX", count);
            Path home = Files.createTempDirectory("postern-resident-bench-");
            Map<String, String> env = Map.of("HOME", home.toString(), "XDG_STATE_HOME", home.resolve("state").toString());
            Path cfg = home.resolve("config.toml");
            Files.writeString(cfg, "data_dir = \"" + home.resolve("data") + "\"\n"
                    + "[accounts.imap]\nprotocol = \"imap\"\nhost = \"localhost\"\nport = " + dovecot.imapsPort()
                    + "\nsecurity = \"tls\"\nuser = \"alice\"\npassword = \"" + dovecot.user("alice") + "\"\ntls_trust_cert = \""
                    + dovecot.certPem() + "\"\n"
                    + "[accounts.pop]\nprotocol = \"pop3\"\nhost = \"127.0.0.1\"\nport = " + dovecot.pop3Port()
                    + "\nsecurity = \"plain\"\nuser = \"bob\"\npassword = \"" + dovecot.user("bob") + "\"\n");
            Files.setPosixFilePermissions(cfg, PosixFilePermissions.fromString("rw-------"));
            // The launcher's first run after a build records its class-data archive: untimed.
            PosternProcess.launcher("--version").env(env).timeout(Duration.ofMinutes(5)).run().assertExitCode(0);
            Supplier<PosternProcess.Result> sync = () -> PosternProcess.launcher("--config", cfg.toString(), "-a", "imap",
                    "sync", "--folder", "INBOX").env(env).timeout(Duration.ofMinutes(5)).run().assertExitCode(0);
            Supplier<PosternProcess.Result> fetch = () -> PosternProcess.launcher("--config", cfg.toString(), "fetch", "pop")
                    .env(env).timeout(Duration.ofMinutes(5)).run().assertExitCode(0);

            System.out.printf("%n%d messages in each INBOX, Dovecot 2.3 on loopback, median of %d runs%n", count, runs);
            System.out.printf("%-58s %10s %10s%n", "what", "median ms", "worst ms");
            // In-process first (no owner): the whole store is filled, and these are the cold figures.
            sync.get();
            fetch.get();
            List<Long> coldSync = times(sync, runs);
            List<Long> coldFetch = times(fetch, runs);
            PosternProcess.launcher("--config", cfg.toString(), "daemon", "start").env(env).timeout(Duration.ofMinutes(2))
                    .run().assertExitCode(0);
            try {
                sync.get(); // the owner's first command logs in; later ones reuse its connection
                fetch.get();
                List<Long> warmSync = times(sync, runs);
                List<Long> warmFetch = times(fetch, runs);
                // The same through the client-only JVM (what runs where there is no perl) and the full JVM's client.
                Map<String, String> jvmEnv = new java.util.HashMap<>(env);
                jvmEnv.put("POSTERN_CLIENT", "jvm");
                Map<String, String> fullEnv = new java.util.HashMap<>(env);
                fullEnv.put("POSTERN_CLIENT", "none");
                List<Long> jvmSync = times(() -> PosternProcess.launcher("--config", cfg.toString(), "-a", "imap", "sync", "--folder",
                        "INBOX").env(jvmEnv).timeout(Duration.ofMinutes(5)).run().assertExitCode(0), runs);
                List<Long> jvmFetch = times(() -> PosternProcess.launcher("--config", cfg.toString(), "fetch", "pop").env(jvmEnv)
                        .timeout(Duration.ofMinutes(5)).run().assertExitCode(0), runs);
                List<Long> fullSync = times(() -> PosternProcess.launcher("--config", cfg.toString(), "-a", "imap", "sync", "--folder",
                        "INBOX").env(fullEnv).timeout(Duration.ofMinutes(5)).run().assertExitCode(0), runs);
                // The floor: a client's JVM and one round trip, the owner doing next to nothing.
                List<Long> status = times(() -> PosternProcess.launcher("--config", cfg.toString(), "daemon", "status")
                        .env(env).timeout(Duration.ofMinutes(5)).run().assertExitCode(0), runs);
                List<Long> bareJvm = times(() -> PosternProcess.command(PosternProcess.javaBinary(), "-Xlog:disable",
                        "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-version").run().assertExitCode(0), runs);
                row("java -version (a JVM that loads nothing)", bareJvm);
                row("postern daemon status via the owner (Perl client floor)", status);
                row("postern sync --folder INBOX, no change, own process", coldSync);
                row("postern sync --folder INBOX, no change, warm owner", warmSync);
                row("postern fetch (POP3), nothing new, own process", coldFetch);
                row("postern fetch (POP3), nothing new, warm owner", warmFetch);
                row("  the same sync, client-only JVM (POSTERN_CLIENT=jvm)", jvmSync);
                row("  the same fetch, client-only JVM (POSTERN_CLIENT=jvm)", jvmFetch);
                row("  the same sync, full JVM's client (POSTERN_CLIENT=none)", fullSync);

                Long mbsync = mbsync(dovecot, home, env, runs);
                Long fetchmail = fetchmail(dovecot, home, runs);
                System.out.println();
                if (mbsync != null) {
                    System.out.printf("ratio: postern sync via owner / mbsync no-change = %d / %d = %.2fx (target <= 3x)%n",
                            median(warmSync), mbsync, median(warmSync) / (double) mbsync);
                }
                if (fetchmail != null) {
                    System.out.printf("ratio: postern fetch via owner / fetchmail no-op = %d / %d = %.2fx (target <= 3x)%n",
                            median(warmFetch), fetchmail, median(warmFetch) / (double) fetchmail);
                }
                System.out.println("owner's log (each request's time in the owner): " + home.resolve("state/postern/postern.log"));
            } finally {
                PosternProcess.launcher("--config", cfg.toString(), "daemon", "stop").env(env).run();
            }
        }
    }

    private static Long mbsync(DovecotServer dovecot, Path home, Map<String, String> env, int runs) throws Exception {
        if (PosternProcess.command("sh", "-c", "command -v mbsync").run().exitCode() != 0) {
            System.out.println("mbsync not installed (apt-get install isync): its row is skipped");
            return null;
        }
        Path mcfg = home.resolve("mbsyncrc");
        Path maildir = home.resolve("mbsync");
        Files.createDirectories(maildir);
        Files.writeString(mcfg, "IMAPAccount bench\nHost localhost\nPort " + dovecot.imapsPort() + "\nUser alice\n"
                + "Pass " + dovecot.user("alice") + "\nSSLType IMAPS\nCertificateFile " + dovecot.certPem() + "\n\n"
                + "IMAPStore remote\nAccount bench\n\nMaildirStore local\nPath " + maildir + "/\nInbox " + maildir
                + "/INBOX\n\nChannel bench\nFar :remote:\nNear :local:\nPatterns INBOX\nCreate Near\nSync Pull\n"
                + "SyncState *\n");
        Supplier<PosternProcess.Result> mbsync = () -> {
            PosternProcess.Result r = PosternProcess.command("mbsync", "-q", "-c", mcfg.toString(), "bench")
                    .env(env).timeout(Duration.ofMinutes(5)).run();
            if (r.exitCode() != 0) throw new IllegalStateException("mbsync failed: " + r.describe());
            return r;
        };
        mbsync.get(); // the full pull, untimed
        List<Long> ms = times(mbsync, runs);
        row("mbsync Pull INBOX, no change", ms);
        return median(ms);
    }

    private static Long fetchmail(DovecotServer dovecot, Path home, int runs) throws Exception {
        if (PosternProcess.command("sh", "-c", "command -v fetchmail").run().exitCode() != 0) {
            System.out.println("fetchmail not installed (apt-get install fetchmail): its row is skipped");
            return null;
        }
        Path mbox = home.resolve("fetchmail.mbox");
        Path rc = home.resolve("fetchmailrc");
        Files.writeString(rc, "set no syslog\npoll 127.0.0.1 protocol pop3 port " + dovecot.pop3Port()
                + " uidl user bob password \"" + dovecot.user("bob") + "\" keep sslproto ''"
                + " mda \"cat >> " + mbox + "\"\n");
        Files.setPosixFilePermissions(rc, PosixFilePermissions.fromString("rw-------"));
        Supplier<PosternProcess.Result> fm = () -> {
            PosternProcess.Result r = PosternProcess.command("fetchmail", "-f", rc.toString(), "-i",
                    home.resolve("fetchids").toString(), "--nodetach").env(Map.of("HOME", home.toString()))
                    .timeout(Duration.ofMinutes(5)).run();
            // 1: no mail (the no-op run); 0: mail fetched (the first run).
            if (r.exitCode() > 1) throw new IllegalStateException("fetchmail failed: " + r.describe());
            return r;
        };
        fm.get(); // the full download, untimed
        List<Long> ms = times(fm, runs);
        row("fetchmail (POP3, UIDL, keep), nothing new", ms);
        return median(ms);
    }

    private static List<Long> times(Supplier<PosternProcess.Result> run, int runs) {
        List<Long> ms = new ArrayList<>();
        for (int i = 0; i < runs; i++) ms.add(run.get().elapsed().toMillis());
        return ms;
    }

    private static long median(List<Long> ms) {
        List<Long> s = new ArrayList<>(ms);
        s.sort(null);
        return s.get(s.size() / 2);
    }

    private static void row(String what, List<Long> ms) {
        System.out.printf("%-58s %10d %10d%n", what, median(ms), ms.stream().mapToLong(Long::longValue).max().orElse(0));
    }
}
