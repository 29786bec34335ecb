package dev.postern.crypto;

import dev.postern.e2e.PosternProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * Throwaway GnuPG homes for tests, made once per JVM: alice@example.org (the user: an OpenPGP key without a
 * passphrase, and an S/MIME certificate from a test CA made with openssl, imported into gpgsm and trusted),
 * bob@example.org (another correspondent with both), dave@example.org (a third, the Bcc recipient), and a stranger whose key is only in a home of its own.
 * Tests that need gpg call {@link #get()}, which skips them, with a message, when gpg, gpgsm or openssl is missing.
 */
public final class GpgKeys {
    private static GpgKeys instance;
    private static String missing;

    public final Path home;
    /** The users' mail domain: example.org for the shared keys. */
    public final String domain;
    public final Path strangerHome;
    public final String aliceFpr;
    public final String bobFpr;
    public final String daveFpr;
    public final String strangerFpr;
    /** A key whose public half is in the test keyring and whose secret half is not. */
    public final String outsiderFpr;
    /** PEM files of the S/MIME test CA and certificates, with their unencrypted keys, for openssl. */
    public final Path caPem, aliceCert, aliceKey, bobCert, bobKey, daveCert, daveKey;

    private GpgKeys(Path root, String domain) {
        this.domain = domain;
        home = root.resolve("home");
        strangerHome = root.resolve("stranger");
        mkdirPrivate(home);
        mkdirPrivate(strangerHome);
        write(home.resolve("gpg-agent.conf"), "allow-loopback-pinentry\n");
        // The test CA publishes no CRL: gpgsm is told not to look for one (a user's CAs do publish them).
        write(home.resolve("gpgsm.conf"), "disable-crl-checks\ndisable-policy-checks\n");
        aliceFpr = newKey(home, "Alice <alice@" + domain + ">");
        bobFpr = newKey(home, "Bob <bob@" + domain + ">");
        daveFpr = newKey(home, "Dave <dave@" + domain + ">");
        strangerFpr = newKey(strangerHome, "Stranger <stranger@example.net>");
        outsiderFpr = newKey(strangerHome, "Outsider <outsider@example.net>");
        byte[] pub = ok(gpg(strangerHome, null, "--armor", "--export", outsiderFpr), "export outsider");
        ok(gpg(home, pub, "--import"), "import outsider");
        Path pki = root.resolve("pki");
        mkdirPrivate(pki);
        caPem = pki.resolve("ca.pem");
        Path caKey = pki.resolve("ca.key");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", caKey.toString(), "-out", caPem.toString(),
                "-days", "3650", "-subj", "/CN=Postern Test CA", "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        aliceCert = pki.resolve("alice.pem");
        aliceKey = pki.resolve("alice.key");
        bobCert = pki.resolve("bob.pem");
        bobKey = pki.resolve("bob.key");
        daveCert = pki.resolve("dave.pem");
        daveKey = pki.resolve("dave.key");
        smimeCert(pki, caPem, caKey, "Alice", "alice@" + domain, aliceCert, aliceKey);
        smimeCert(pki, caPem, caKey, "Bob", "bob@" + domain, bobCert, bobKey);
        smimeCert(pki, caPem, caKey, "Dave", "dave@" + domain, daveCert, daveKey);
        GpgProcess.Result ca = gpgsm(home, null, "--import", caPem.toString());
        check(ca, "gpgsm --import ca");
        String fp = openssl("x509", "-in", caPem.toString(), "-noout", "-fingerprint", "-sha1").strip();
        write(home.resolve("trustlist.txt"), fp.substring(fp.indexOf('=') + 1) + " S\n");
    }

    /** The shared keys, or the test is skipped (with why) when gpg, gpgsm or openssl is not installed. */
    public static synchronized GpgKeys get() {
        if (missing == null && instance == null) {
            for (String tool : List.of("gpg", "gpgsm", "openssl")) {
                if (!onPath(tool)) missing = tool + " is not installed: signed and encrypted mail tests need it";
            }
            if (missing == null) {
                try {
                    Path root = Files.createTempDirectory("pgk"); // short: gpg-agent's socket path has a length limit
                    instance = new GpgKeys(root, "example.org");
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> instance.close()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        Assumptions.assumeTrue(missing == null, missing);
        return instance;
    }

    /**
     * Keys of their own for alice, bob and dave at {@code domain} (an end-to-end server's users), in a throwaway
     * home removed when the JVM exits; the test is skipped when gpg, gpgsm or openssl is missing.
     */
    public static GpgKeys create(String domain) {
        for (String tool : List.of("gpg", "gpgsm", "openssl")) {
            Assumptions.assumeTrue(onPath(tool), tool + " is not installed: signed and encrypted mail tests need it");
        }
        try {
            GpgKeys k = new GpgKeys(Files.createTempDirectory("pgk"), domain);
            Runtime.getRuntime().addShutdownHook(new Thread(k::close));
            return k;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) return true;
        }
        return false;
    }

    /** The engine over the test keyring. */
    public GnupgEngine engine() {
        return new GnupgEngine("gpg", "gpgsm", env());
    }

    public Map<String, String> env() {
        return Map.of("GNUPGHOME", home.toString());
    }

    /** The agents started for these homes are stopped and the throwaway keys removed. */
    void close() {
        for (Path h : List.of(home, strangerHome)) {
            GpgProcess.run(List.of("gpgconf", "--kill", "all"), null, Duration.ofSeconds(10), 1 << 16,
                    Map.of("GNUPGHOME", h.toString()));
        }
        try (var files = Files.walk(home.getParent())) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
        } catch (IOException e) {
            // a temporary directory left behind; the OS cleans /tmp
        }
    }

    private static String newKey(Path home, String uid) {
        check(gpg(home, null, "--passphrase", "", "--quick-gen-key", uid, "ed25519", "sign", "never"), "quick-gen-key");
        String fpr = fingerprint(home, uid);
        check(gpg(home, null, "--passphrase", "", "--quick-add-key", fpr, "cv25519", "encr", "never"), "quick-add-key");
        return fpr;
    }

    /** The long ids of a key's encryption subkeys (what ENC_TO names). */
    public static List<String> encryptionSubkeys(Path home, String who) {
        GpgProcess.Result r = gpg(home, null, "--with-colons", "--list-keys", who);
        List<String> out = new ArrayList<>();
        for (String line : new String(r.out(), StandardCharsets.UTF_8).split("\n")) {
            String[] f = line.split(":", -1);
            if (f[0].equals("sub") && f.length > 11 && f[11].contains("e")) out.add(f[4]);
        }
        return out;
    }

    public static String fingerprint(Path home, String who) {
        GpgProcess.Result r = gpg(home, null, "--with-colons", "--list-keys", who);
        for (String line : new String(r.out(), StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("fpr:")) return line.split(":")[9];
        }
        throw new IllegalStateException("no key for " + who + ": " + r.log());
    }

    private void smimeCert(Path pki, Path ca, Path caKey, String name, String mail, Path cert, Path key) {
        Path csr = pki.resolve(name + ".csr");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out", csr.toString(),
                "-subj", "/CN=" + name + "/emailAddress=" + mail);
        Path ext = pki.resolve(name + ".ext");
        write(ext, "subjectAltName=email:" + mail + "\nkeyUsage=digitalSignature,keyEncipherment\n"
                + "extendedKeyUsage=emailProtection\n");
        openssl("x509", "-req", "-in", csr.toString(), "-CA", ca.toString(), "-CAkey", caKey.toString(), "-CAcreateserial",
                "-out", cert.toString(), "-days", "3650", "-extfile", ext.toString());
        Path p12 = pki.resolve(name + ".p12");
        // gpgsm 2.2 reads only the old PKCS #12 ciphers; an empty passphrase leaves the key unprotected in the agent.
        // gpgsm now and then fails to decrypt openssl's key bag under the empty passphrase ("data error at
        // shrouded_key_bag"), depending on the bag's random salt: a fresh export (a new salt) is tried then.
        GpgProcess.Result imported = null;
        for (int attempt = 0; attempt < 4 && (imported == null || imported.exit() != 0); attempt++) {
            openssl("pkcs12", "-export", "-legacy", "-in", cert.toString(), "-inkey", key.toString(), "-out", p12.toString(),
                    "-passout", "pass:");
            imported = gpgsm(home, "\n".getBytes(StandardCharsets.US_ASCII), "--pinentry-mode", "loopback", "--passphrase-fd", "0",
                    "--import", p12.toString());
        }
        check(imported, "gpgsm --import " + name);
    }

    public static GpgProcess.Result gpg(Path home, byte[] stdin, String... args) {
        List<String> argv = new ArrayList<>(List.of("gpg", "--batch", "--no-tty", "--status-fd", "2"));
        argv.addAll(List.of(args));
        return GpgProcess.run(argv, stdin, Duration.ofSeconds(60), 64 << 20, Map.of("GNUPGHOME", home.toString()));
    }

    public static GpgProcess.Result gpgsm(Path home, byte[] stdin, String... args) {
        List<String> argv = new ArrayList<>(List.of("gpgsm", "--batch", "--no-tty", "--status-fd", "2"));
        argv.addAll(List.of(args));
        return GpgProcess.run(argv, stdin, Duration.ofSeconds(60), 64 << 20, Map.of("GNUPGHOME", home.toString()));
    }

    /** gpg's output, failing the test setup when it did not work. */
    public static byte[] ok(GpgProcess.Result r, String what) {
        check(r, what);
        return r.out();
    }

    private static void check(GpgProcess.Result r, String what) {
        if (r.exit() != 0) throw new IllegalStateException(what + " failed (" + r.exit() + "): " + r.log() + " " + r.status());
    }

    public static String openssl(String... args) {
        String[] argv = new String[args.length + 1];
        argv[0] = "openssl";
        System.arraycopy(args, 0, argv, 1, args.length);
        PosternProcess.Result r = PosternProcess.command(argv).run();
        if (r.exitCode() != 0) throw new IllegalStateException("openssl failed\n" + r.describe());
        return r.stdout();
    }

    /** openssl with binary input and output (S/MIME blobs), through files. */
    public static byte[] openssl(byte[] input, String... args) {
        try {
            Path dir = Files.createTempDirectory("pgo");
            Path in = dir.resolve("in");
            Path out = dir.resolve("out");
            Files.write(in, input);
            // openssl smime takes recipient certificates last: -in and -out go right after the subcommand.
            List<String> argv = new ArrayList<>(List.of("openssl", args[0], "-in", in.toString(), "-out", out.toString()));
            argv.addAll(List.of(args).subList(1, args.length));
            PosternProcess.Result r = PosternProcess.command(argv.toArray(String[]::new)).run();
            if (r.exitCode() != 0) throw new IllegalStateException("openssl failed\n" + r.describe());
            byte[] b = Files.readAllBytes(out);
            Files.delete(in);
            Files.delete(out);
            Files.delete(dir);
            return b;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void mkdirPrivate(Path p) {
        try {
            Files.createDirectories(p);
            Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path p, String text) {
        try {
            Files.writeString(p, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
