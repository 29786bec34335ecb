package dev.postern.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A throwaway GnuPG home holding one key with a passphrase ("sekrit"): Carla, carla@example.org, a signing key and an
 * encryption subkey; its gpg-agent's pinentry only leaves a mark that it was started ({@link #started}) and fails.
 * The agent is stopped and the home removed when the JVM ends. The test is skipped without gpg.
 */
public final class LockedKey {
    public static final String ADDRESS = "carla@example.org";
    private static LockedKey instance;

    public final Path home;
    /** The file the pinentry touches when gpg-agent starts it. */
    public final Path started;
    public final String fingerprint;

    private LockedKey(Path root) throws IOException {
        home = root.resolve("h");
        Files.createDirectory(home, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        started = root.resolve("pinentry-started");
        Path pinentry = root.resolve("pinentry");
        Files.writeString(pinentry, "#!/bin/sh\ntouch '" + started + "'\nexit 1\n");
        pinentry.toFile().setExecutable(true);
        Files.writeString(home.resolve("gpg-agent.conf"), "allow-loopback-pinentry\npinentry-program " + pinentry + "\n");
        GpgKeys.ok(GpgKeys.gpg(home, null, "--pinentry-mode", "loopback", "--passphrase", "sekrit", "--quick-gen-key",
                "Carla <" + ADDRESS + ">", "ed25519", "sign", "never"), "gen");
        fingerprint = GpgKeys.fingerprint(home, ADDRESS);
        GpgKeys.ok(GpgKeys.gpg(home, null, "--pinentry-mode", "loopback", "--passphrase", "sekrit", "--quick-add-key",
                fingerprint, "cv25519", "encr", "never"), "add");
        forget();
    }

    /** The shared home (made on first use). */
    public static synchronized LockedKey get() {
        GpgKeys.get(); // skips without gpg
        if (instance == null) {
            try {
                Path root = Files.createTempDirectory("pgl"); // short: gpg-agent's socket path has a length limit
                instance = new LockedKey(root);
                LockedKey k = instance;
                Runtime.getRuntime().addShutdownHook(new Thread(k::remove));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    /** The agent forgets every passphrase it holds. */
    public void forget() {
        GpgProcess.run(List.of("gpgconf", "--kill", "gpg-agent"), null, java.time.Duration.ofSeconds(10), 1 << 16,
                Map.of("GNUPGHOME", home.toString()));
    }

    /** The agent is given the passphrase (it holds it until {@link #forget}). */
    public void unlock() {
        GpgKeys.ok(GpgKeys.gpg(home, "x".getBytes(java.nio.charset.StandardCharsets.UTF_8), "--pinentry-mode", "loopback",
                "--passphrase", "sekrit", "--sign", "--local-user", ADDRESS), "unlock");
    }

    /** Whether the pinentry was started since the last {@link #clearMark}. */
    public boolean pinentryStarted() {
        return Files.exists(started);
    }

    public void clearMark() {
        try {
            Files.deleteIfExists(started);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void remove() {
        forget();
        try (var files = Files.walk(home.getParent())) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
        } catch (IOException e) {
            // a temp directory left behind
        }
    }
}
