package dev.postern.model;

/**
 * A message body the store holds whose bytes no longer decompress or match their hash: damage on disk, found when
 * the body is read. Unlike other damage it can be mended: the store takes the same bytes again from the server in
 * place of the damaged copy, which the controller does when such a message is opened and {@code postern sync} does
 * for the bodies recorded damaged. Exit code 65.
 */
public final class DamagedBody extends PosternException {
    private final String hash;

    public DamagedBody(String hash, String message) {
        super(ExitCode.DATAERR, message);
        this.hash = hash;
    }

    /** The content hash (SHA-256, hex) the body is stored under. */
    public String hash() {
        return hash;
    }
}
