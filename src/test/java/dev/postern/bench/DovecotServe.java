package dev.postern.bench;

import dev.postern.e2e.DovecotServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * {@code bench/run serve [N [SMALL]]}: a throw-away Dovecot with N seeded messages in INBOX (and SMALL in a folder
 * "Small", as issue 16's rows have it) and a postern config for it, kept running until Ctrl-C, for profiling and for
 * trying the reader against a real server by hand.
 */
public final class DovecotServe {
    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        DovecotServer dovecot = DovecotServer.started();
        Runtime.getRuntime().addShutdownHook(new Thread(dovecot::close));
        dovecot.seedBulk("alice", "INBOX", count);
        if (args.length > 1) dovecot.seedBulk("alice", "Small", Integer.parseInt(args[1]));
        Path home = Files.createTempDirectory("postern-serve-");
        Path cfg = home.resolve("config.toml");
        Files.writeString(cfg, "data_dir = \"" + home.resolve("data") + "\"\n[accounts.dovecot]\nprotocol = \"imap\"\n"
                + "host = \"localhost\"\nport = " + dovecot.imapsPort() + "\nsecurity = \"tls\"\nuser = \"alice\"\n"
                + "password = \"" + dovecot.user("alice") + "\"\ntls_trust_cert = \"" + dovecot.certPem() + "\"\n");
        Files.setPosixFilePermissions(cfg, PosixFilePermissions.fromString("rw-------"));
        System.out.println("config: " + cfg);
        System.out.println("log: " + dovecot.logPath());
        System.out.flush();
        Thread.currentThread().join();
    }
}
