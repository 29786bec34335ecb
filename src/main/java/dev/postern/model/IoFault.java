package dev.postern.model;

/**
 * Whether an exception no thread caught is the machine's rather than postern's: an I/O failure (a full disk, a
 * device error) anywhere in its chain. Such a failure on a background thread (a library's: Lucene's merges met a full
 * disk) is logged and told in plain words, never as "internal error" with a Java class name.
 */
public final class IoFault {
    private IoFault() {}

    /** The innermost I/O failure's reason ("No space left on device"), or null when the chain holds none. */
    public static String reason(Throwable e) {
        java.io.IOException io = null;
        int depth = 0;
        for (Throwable t = e; t != null && depth++ < 50; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.io.IOException i) io = i;
        }
        if (io == null) return null;
        String m = io instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason() : io.getMessage();
        return m == null || m.isBlank() ? "input/output error" : m;
    }
}
