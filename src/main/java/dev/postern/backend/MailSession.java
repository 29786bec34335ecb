package dev.postern.backend;

/**
 * One connection to an account's server. Not thread-safe: the controller confines each session to the
 * account's own executor. What else a session can do is told by the capability interfaces it implements
 * ({@link FolderLister}, {@link HeaderSource}, {@link BodySource}, {@link FlagWriter}).
 */
public interface MailSession extends AutoCloseable {

    /** Connects and logs in; throws {@link dev.postern.model.PosternException} with a user-facing sentence. */
    void connect();

    /**
     * Does the part of {@link #connect} that needs no network (session properties, TLS context), so it can
     * run ahead of time on another thread; {@code connect} does it itself when it was not done. Throws like
     * {@code connect}.
     */
    default void prepare() {}

    boolean isConnected();

    /**
     * Why the last {@link #isConnected} answered false when it asked the server and met a failure (an IMAP NOOP with no
     * answer within the time-out: a {@link dev.postern.model.LinkDropped} that {@code timedOut()}); null when it answered
     * true, or found the connection gone without asking. For the account's thread to show the account as not answering
     * at once, and to count that time-out as the task's first try.
     */
    default dev.postern.model.PosternException checkFailure() { return null; }

    /**
     * The last time-out one of this session's connections met at or after {@code sinceNanos} (System.nanoTime), as said
     * to the user; null when none. A failure may hide it: Angus says only "failed to create new store connection" of a
     * new connection whose greeting never came, and a POP3 NOOP that timed out only makes the folder closed.
     */
    default dev.postern.model.PosternException timedOutSince(long sinceNanos) { return null; }

    /** What this session can do, as data (the controller's paths and the reader's actions follow it); IMAP's unless said otherwise. */
    default java.util.Set<dev.postern.model.Capability> capabilities() { return dev.postern.model.Capability.imap(); }

    @Override
    void close();

    /**
     * Cuts the session's connections at once, from any thread, saying nothing more to the server: a command waiting
     * on one fails as a lost link ({@code connection lost (closed by postern)}). For quitting while a task is in hand;
     * {@link #close} still follows, on the session's own thread. Nothing is lost: a task commits what it stored as it
     * goes, and what it had not committed the store discards.
     */
    default void abort() {}

    /**
     * The protocol's bytes this session's connections have received so far (after TLS and any decompression: what a
     * download's size counts), or -1 when it does not count them. For a download's progress.
     */
    default long received() { return -1; }

    /**
     * {@code sink} is told the running count of {@link #received} as bytes arrive (on the reading thread, every block:
     * it must be quick); null stops it. A session that does not count ignores it.
     */
    default void onReceived(java.util.function.LongConsumer sink) {}

    /**
     * Where the server's alerts go: the text of an untagged {@code [ALERT]} response (IMAP), which RFC 3501 says the
     * user must be shown. Set before {@link #connect}; a session that has none ignores it.
     */
    default void onAlert(java.util.function.Consumer<String> sink) {}
}
