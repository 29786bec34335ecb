package dev.postern.model;

/**
 * An {@link OutOfMemoryError} said as what it is: the work needed more memory than this Java process may use (its
 * heap's ceiling), and how to give it more. Never "internal error" (70) and never a server's fault: 74, the machine's
 * resources, like a full disk (hunt 39-S, S4: a 283 MB message under a 512 MB heap was "internal error
 * (OutOfMemoryError)").
 */
public final class OutOfMemory {
    private OutOfMemory() {}

    /** The OutOfMemoryError {@code e} is or was caused by; null when none. */
    public static OutOfMemoryError in(Throwable e) {
        return Causes.find(e, OutOfMemoryError.class);
    }

    /** 74: {@code what} (a message, "this command") needed more memory than postern may use; the remedy. */
    public static PosternException tooLarge(String what, OutOfMemoryError e) {
        return new PosternException(ExitCode.IOERR, what + " needed more memory than postern may use here (a Java heap of at"
                + " most " + heapMb() + " MB); give it more, for example with POSTERN_JAVA_OPTS=\"-Xmx" + twiceGb() + "g\"", e);
    }

    /** {@link #tooLarge} for the stored message {@code ref} of {@code bytes}. */
    public static PosternException reading(MessageRef ref, long bytes, OutOfMemoryError e) {
        return tooLarge("reading message " + ref.uid() + " of " + ref.folder() + " (" + ref.account() + ", "
                + bytes / 1_000_000 + " MB) from the store", e);
    }

    /** The same for a command that failed somewhere it could not name. */
    public static PosternException of(OutOfMemoryError e) {
        return tooLarge("this command", e);
    }

    /** The heap and the remedy in few words, for the reader's status line: "heap 494 MB, try POSTERN_JAVA_OPTS=-Xmx1g". */
    public static String briefly() {
        return "heap " + heapMb() + " MB, try POSTERN_JAVA_OPTS=-Xmx" + twiceGb() + "g";
    }

    /** Twice the heap, in whole gigabytes (at least 1): the remedy's -Xmx. */
    private static long twiceGb() {
        return Math.max(1, (2 * heapMb() + 1023) / 1024);
    }

    private static long heapMb() {
        return Runtime.getRuntime().maxMemory() / (1024 * 1024);
    }
}
