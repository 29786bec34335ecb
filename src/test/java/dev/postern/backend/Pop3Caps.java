package dev.postern.backend;

/** Lowers the cap on one POP3 answer for a test, so that passing it takes megabytes rather than 256 MiB. */
public final class Pop3Caps {
    private Pop3Caps() {}

    /** Sets the cap to {@code bytes} until the returned handle is closed. */
    public static AutoCloseable lowered(long bytes) {
        long was = SessionProperties.pop3MessageCap;
        SessionProperties.pop3MessageCap = bytes;
        return () -> SessionProperties.pop3MessageCap = was;
    }
}
