package dev.postern.compose;

import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * What a message to send may be made of, read with a bound: an attached file is a regular file of at most
 * {@link #MAX_BYTES}, and a text given as a file or on stdin is read up to that bound and no further. Before, any path
 * was read whole into the heap of the process serving the command (the user's resident reader or daemon, under an
 * owner): {@code --attach /dev/zero} grew it to 5 GB, then "internal error: java.lang.OutOfMemoryError", 70; a FIFO
 * with no writer waited for ever (hunt 38-A, A5).
 */
public final class InputLimit {
    /**
     * 64 MiB: more than any mail server takes (25 to 50 MB is the common limit, and base64 makes a file a third
     * larger), and a bound the heap of a resident owner can spare for a command.
     */
    public static final long MAX_BYTES = 64L << 20;

    private InputLimit() {}

    /** An attachment's bytes; refused in one sentence when it is not a regular file or is too big to send. */
    public static byte[] attachment(Path path) {
        try {
            if (!Files.exists(path)) throw new NoSuchFileException(path.toString());
            if (!Files.isRegularFile(path)) {
                throw new PosternException(ExitCode.NOINPUT, "the attachment " + path + " is not a regular file ("
                        + (Files.isDirectory(path) ? "a directory" : "a device, a pipe or a socket") + "); nothing was sent.");
            }
            if (Files.size(path) > MAX_BYTES) throw tooBig("the attachment " + path, Files.size(path));
            try (InputStream in = Files.newInputStream(path)) {
                return bounded(in, "the attachment " + path);
            }
        } catch (NoSuchFileException e) {
            throw new PosternException(ExitCode.NOINPUT, "the attachment " + path + " does not exist; nothing was sent.");
        } catch (IOException e) {
            throw new PosternException(ExitCode.NOINPUT, "the attachment " + path + " cannot be read ("
                    + dev.postern.model.ReadFailure.why(e) + "); nothing was sent.", e);
        }
    }

    /** At most {@link #MAX_BYTES} of {@code in} ({@code what}: "FILE", "stdin"); more is refused, the rest unread. */
    public static byte[] bounded(InputStream in, String what) throws IOException {
        byte[] b = in.readNBytes((int) MAX_BYTES + 1);
        if (b.length > MAX_BYTES) throw tooBig(what, -1);
        return b;
    }

    private static PosternException tooBig(String what, long size) {
        return new PosternException(ExitCode.DATAERR, what + " is " + (size < 0 ? "more than " + (MAX_BYTES >> 20)
                + " MB" : (size + (1 << 20) - 1 >> 20) + " MB, more than the " + (MAX_BYTES >> 20) + " MB") + " postern"
                + " puts in a message (mail servers take 25 to 50 MB); nothing was sent.");
    }
}
