package dev.postern.model;

/**
 * The message (or one of the messages) named is not in its folder: never there, or moved or expunged since it was
 * listed, by another client as often as not. Exit code 66, as any input that is not there; the reader, which named
 * the message it shows, says so in its own words (hunt 39-Y, Y4).
 */
public class MessageGone extends PosternException {
    public MessageGone(String message) {
        super(ExitCode.NOINPUT, message);
    }

    public MessageGone(String message, Throwable cause) {
        super(ExitCode.NOINPUT, message, cause);
    }

    /** Whether {@code t}, or what it wraps, says a message is gone. */
    public static boolean in(Throwable t) {
        return Causes.find(t, MessageGone.class) != null;
    }
}
