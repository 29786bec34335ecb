package dev.postern.model;

/**
 * Why a file could not be read, in words a user acts on: Java's own texts for the commonest causes are its
 * internals ("Input length = 1" for a file that is not UTF-8, a bare path for a permission refused).
 */
public final class ReadFailure {
    private ReadFailure() {}

    /** The reason for {@code e} (an IOException, or an UncheckedIOException around one), without the file's name. */
    public static String why(Exception e) {
        Throwable t = e instanceof java.io.UncheckedIOException u && u.getCause() != null ? u.getCause() : e;
        if (t instanceof java.nio.charset.CharacterCodingException) return "it is not UTF-8 text; save it as UTF-8";
        if (t instanceof java.nio.file.NoSuchFileException) return "it does not exist";
        if (t instanceof java.nio.file.AccessDeniedException) return "permission denied";
        if (t instanceof java.nio.file.FileSystemException f && f.getReason() != null) return f.getReason();
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }
}
