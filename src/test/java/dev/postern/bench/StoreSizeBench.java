package dev.postern.bench;

import dev.postern.e2e.DovecotServer;
import dev.postern.e2e.PosternProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code bench/run size [MESSAGES]}: the same mail as a Dovecot Maildir and as postern's store. Dovecot's
 * INBOX is seeded, then copied byte for byte into a second folder "Copy" (the same mail filed twice), and
 * {@code postern sync} caches both folders with bodies. Compares the Maildir's message files with the
 * store's blob bytes and its whole file, as {@code postern store stats --json} reports them.
 */
public final class StoreSizeBench {
    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        try (DovecotServer dovecot = DovecotServer.started()) {
            dovecot.seedBulk("alice", "INBOX", count);
            long inbox = messageBytes(dovecot.maildir("alice", "INBOX"));
            dovecot.createFolder("alice", "Copy");
            Path copy = dovecot.maildir("alice", "Copy");
            for (String sub : List.of("cur", "new")) {
                Files.createDirectories(copy.resolve(sub));
                try (Stream<Path> files = Files.list(dovecot.maildir("alice", "INBOX").resolve(sub))) {
                    for (Path f : files.toList()) Files.copy(f, copy.resolve(sub).resolve(f.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
            dovecot.seedBulk("alice", "Copy", 0); // hands the copies to Dovecot's user
            long both = inbox + messageBytes(copy);

            Path home = Files.createTempDirectory("postern-sizebench-");
            Path cfg = home.resolve("config.toml");
            Files.writeString(cfg, "data_dir = \"" + home.resolve("data") + "\"\n[accounts.bench]\nprotocol = \"imap\"\n"
                    + "host = \"localhost\"\nport = " + dovecot.imapsPort() + "\nsecurity = \"tls\"\nuser = \"alice\"\n"
                    + "password = \"" + dovecot.user("alice") + "\"\ntls_trust_cert = \"" + dovecot.certPem() + "\"\n");
            Files.setPosixFilePermissions(cfg, PosixFilePermissions.fromString("rw-------"));
            Map<String, String> env = Map.of("HOME", home.toString(), "XDG_STATE_HOME", home.resolve("state").toString());
            PosternProcess.postern("--config", cfg.toString(), "sync").env(env).timeout(Duration.ofMinutes(20)).run().assertExitCode(0);
            String stats = PosternProcess.postern("--config", cfg.toString(), "store", "stats", "--json").env(env)
                    .timeout(Duration.ofMinutes(5)).run().assertExitCode(0).stdout().trim();
            long stored = field(stats, "stored_bytes");
            long file = field(stats, "file_bytes");
            long raw = field(stats, "raw_bytes");
            PosternProcess.postern("--config", cfg.toString(), "store", "compact").env(env)
                    .timeout(Duration.ofMinutes(10)).run().assertExitCode(0);
            long compacted = Files.size(home.resolve("data").resolve("store.db"));

            System.out.printf("%n%d synthetic messages in INBOX, the same %d again in Copy (Dovecot 2.3 Maildir, LF line ends)%n", count, count);
            System.out.println("postern store stats: " + stats);
            System.out.printf("%-52s %14s %10s%n", "what", "bytes", "of Maildir");
            System.out.printf("%-52s %,14d %9.1f%%%n", "Maildir message files, INBOX + Copy", both, 100.0);
            System.out.printf("%-52s %,14d %9.1f%%%n", "store: distinct bodies, raw (CRLF)", raw, 100.0 * raw / both);
            System.out.printf("%-52s %,14d %9.1f%%%n", "store: blob records (dedup + deflate)", stored, 100.0 * stored / both);
            System.out.printf("%-52s %,14d %9.1f%%%n", "store: whole store.db (envelopes, indexes, free space)", file, 100.0 * file / both);
            System.out.printf("%-52s %,14d %9.1f%%%n", "store: store.db after `postern store compact`", compacted, 100.0 * compacted / both);
            System.out.printf("%-52s %,14d %9.1f%%%n", "  compacted store.db against INBOX alone", inbox, 100.0 * compacted / inbox);
        }
    }

    private static long messageBytes(Path maildir) throws IOException {
        long sum = 0;
        for (String sub : List.of("cur", "new")) {
            try (Stream<Path> files = Files.list(maildir.resolve(sub))) {
                for (Path f : files.toList()) sum += Files.size(f);
            }
        }
        return sum;
    }

    private static long field(String json, String name) {
        int at = json.indexOf("\"" + name + "\":") + name.length() + 3;
        int end = at;
        while (end < json.length() && (Character.isDigit(json.charAt(end)) || json.charAt(end) == '-')) end++;
        return Long.parseLong(json.substring(at, end));
    }
}
