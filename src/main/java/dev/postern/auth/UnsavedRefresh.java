package dev.postern.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;

/**
 * The note that a refresh's rotated tokens could not be saved (the token store failed after the provider had
 * already replaced the saved refresh token): kept beside the token file, with when and why but no token, so
 * that a later refusal of the saved sign-in is put down to that, not to the provider (hunt34-B B7). Removed
 * when tokens are saved again. Best effort: a note that cannot be written is logged.
 */
final class UnsavedRefresh {
    private UnsavedRefresh() {}

    static Path file(OAuth2Config c) {
        return c.tokenFile().resolveSibling(c.tokenFile().getFileName() + ".unsaved");
    }

    static void note(OAuth2Config c, String account, Instant at, String why) {
        Path f = file(c);
        try {
            Files.createDirectories(f.getParent());
            Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, at.getEpochSecond() + "\n" + why.replaceAll("\\p{Cntrl}", " ") + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(UnsavedRefresh.class).warn("account {}: could not note that the renewed"
                    + " sign-in was not saved: {}", account, e.toString());
        }
    }

    static void clear(OAuth2Config c) {
        try {
            Files.deleteIfExists(file(c));
        } catch (IOException | RuntimeException e) {
            // an old note: the next refusal would mention it needlessly, nothing worse
        }
    }

    /** "on 2026-12-06 20:10 UTC (why)", or empty when no refresh is waiting to be saved. */
    static Optional<String> noted(OAuth2Config c) {
        try {
            String[] lines = Files.readString(file(c), StandardCharsets.UTF_8).split("\n", 2);
            Instant at = Instant.ofEpochSecond(Long.parseLong(lines[0].strip()));
            String why = lines.length > 1 ? lines[1].strip() : "";
            String when = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
                    .withZone(java.time.ZoneOffset.UTC).format(at);
            return Optional.of("on " + when + (why.isEmpty() ? "" : " (" + why.replaceAll("\\p{Cntrl}", " ") + ")"));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
