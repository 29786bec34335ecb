package dev.postern.config.toml;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a config file, refusing what cannot be one (hunt 27, F13: a 3 GB file ended in an OutOfMemoryError's stack
 * trace, and /dev/zero or /dev/urandom as the config grew the JVM until it was killed): only a regular file (a
 * symbolic link to one is followed) of at most {@link #MAX_BYTES}. Used by config.ConfigLoader, which says why in one
 * sentence (exit 78), and by resident.Client before anything else is loaded (which then leaves the command to that
 * sentence): no lambdas, no string concatenation here.
 */
public final class TomlFile {
    private TomlFile() {}

    /** The most a config may hold: a config of every setting for a hundred accounts is under 100 KiB. */
    public static final int MAX_BYTES = 1 << 20;

    /** The file's bytes; an IOException whose message says why when it is no regular file or is too large. */
    public static byte[] bytes(Path file) throws IOException {
        if (Files.exists(file) && !Files.isRegularFile(file) && !Files.isDirectory(file)) {
            throw new IOException("it is not a regular file but a device, a pipe or a socket; give --config the TOML file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] b = in.readNBytes(MAX_BYTES + 1); // never more, whatever the size says (a file still growing)
            if (b.length > MAX_BYTES) {
                throw new IOException(new StringBuilder("it holds more than ").append(MAX_BYTES >> 20)
                        .append(" MiB, more than a config may; give --config the TOML file").toString());
            }
            return b;
        }
    }

    /** The file's text, UTF-8 decoded strictly (a MalformedInputException when it is not UTF-8), as Files.readString. */
    public static String read(Path file) throws IOException {
        return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes(file))).toString();
    }
}
