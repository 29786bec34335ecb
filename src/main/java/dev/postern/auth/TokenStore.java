package dev.postern.auth;

import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Where an account's tokens are kept between runs. */
public interface TokenStore {
    Optional<TokenSet> load();

    void save(TokenSet tokens);

    void erase();

    /** A short description for `auth status`: the file, or "token_store_command". */
    String where();

    static TokenStore of(String account, OAuth2Config c) {
        return c.tokenStoreCommand() != null ? new Command(account, c.tokenStoreCommand(), c.timeout())
                : new File(account, c.tokenFile());
    }

    /**
     * A file only its owner may read or write (0600) in a directory only its owner may enter (0700). A file that
     * others can read is refused, as a config file holding a password is. Written as a temporary file, synced,
     * and renamed over the old one, so a crash leaves the old tokens or the new ones, never half of either.
     */
    final class File implements TokenStore {
        private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
        private final String account;
        private final Path file;

        public File(String account, Path file) {
            this.account = account;
            this.file = file;
        }

        public Path file() { return file; }

        @Override
        public Optional<TokenSet> load() {
            String text;
            try {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
                if (perms.stream().anyMatch(p -> p.name().startsWith("GROUP_") || p.name().startsWith("OTHERS_"))) {
                    throw new PosternException(ExitCode.CONFIG, "account " + account + ": the token file " + file
                            + " can be read by others, so postern will not use it; run `chmod 600 " + file
                            + "` if nobody else can have read it, else `postern auth login " + account + "` again.");
                }
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                return Optional.empty();
            } catch (IOException | UnsupportedOperationException e) {
                throw new PosternException(ExitCode.IOERR, "account " + account + ": the token file " + file
                        + " cannot be read (" + e.getMessage() + ").", e);
            }
            try {
                return Optional.of(TokenSet.fromJson(text));
            } catch (Json.Malformed e) {
                throw new PosternException(ExitCode.DATAERR, "account " + account + ": the token file " + file
                        + " is damaged (" + e.getMessage() + "); run `postern auth login " + account + "`.");
            }
        }

        @Override
        public void save(TokenSet tokens) {
            Path dir = file.toAbsolutePath().getParent();
            Path tmp = dir.resolve(file.getFileName() + ".new");
            try {
                if (!Files.isDirectory(dir)) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rwx------")));
                }
                Files.deleteIfExists(tmp);
                try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                        PosixFilePermissions.asFileAttribute(OWNER_ONLY))) {
                    ByteBuffer b = ByteBuffer.wrap(tokens.toJson().getBytes(StandardCharsets.UTF_8));
                    while (b.hasRemaining()) ch.write(b);
                    ch.force(true);
                }
                Files.setPosixFilePermissions(tmp, OWNER_ONLY); // a umask cannot widen it, but be plain about it
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
                try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                    d.force(true);
                } catch (IOException | UnsupportedOperationException e) {
                    // not every file system lets a directory be synced; the rename is done either way
                }
            } catch (AccessDeniedException e) {
                throw new PosternException(ExitCode.IOERR, "account " + account + ": the token file " + file
                        + " cannot be written (permission denied).", e);
            } catch (IOException e) {
                throw new PosternException(ExitCode.IOERR, "account " + account + ": the token file " + file
                        + " cannot be written (" + e.getMessage() + ").", e);
            }
        }

        @Override
        public void erase() {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new PosternException(ExitCode.IOERR, "account " + account + ": the token file " + file
                        + " cannot be removed (" + e.getMessage() + ").", e);
            }
        }

        @Override
        public String where() { return file.toString(); }
    }

    /**
     * The user's own program holds the tokens ({@code pass}, {@code secret-tool}, a keyring): run by sh with $1 =
     * {@code load} (prints what {@code store} was given, or nothing), {@code store} (the tokens on stdin) or
     * {@code erase}.
     */
    final class Command implements TokenStore {
        private final String account;
        private final String command;
        private final Duration timeout;

        public Command(String account, String command, Duration timeout) {
            this.account = account;
            this.command = command;
            this.timeout = timeout;
        }

        @Override
        public Optional<TokenSet> load() {
            String text = new String(ExternalCommand.run(account, "token_store_command", command, List.of("load"),
                    new byte[0], timeout), StandardCharsets.UTF_8).strip();
            if (text.isEmpty()) return Optional.empty();
            try {
                return Optional.of(TokenSet.fromJson(text));
            } catch (Json.Malformed e) {
                throw new PosternException(ExitCode.DATAERR, "account " + account + ": token_store_command load printed"
                        + " something that is not what postern stored (" + e.getMessage() + "); run `postern auth login "
                        + account + "`.");
            }
        }

        @Override
        public void save(TokenSet tokens) {
            ExternalCommand.run(account, "token_store_command", command, List.of("store"),
                    tokens.toJson().getBytes(StandardCharsets.UTF_8), timeout);
        }

        @Override
        public void erase() {
            ExternalCommand.run(account, "token_store_command", command, List.of("erase"), new byte[0], timeout);
        }

        @Override
        public String where() { return "token_store_command"; }
    }
}
