package dev.postern.backend;

import dev.postern.backend.pop3.Pop3Listing;
import java.util.List;

/**
 * A maildrop ({@link dev.postern.model.Capability#MAILDROP}): listed whole, read by message number, deleted only when the
 * session ends with {@link #quit()}. The controller's POP3 fetch is written against this, not a session class.
 */
public interface Maildrop extends AutoCloseable {
    /** Starts a new view of the maildrop (a fresh session's numbering). */
    void freshView();

    /** Every message in the maildrop with its UIDL and size. */
    List<Pop3Listing> list();

    /**
     * What the last {@link #list()} left out, one sentence each: messages the server listed with a UIDL it may not
     * send (RFC 1939), which would be taken for new messages at the next run. They are neither fetched nor deleted.
     */
    default List<String> listingErrors() {
        return List.of();
    }

    /** The exact bytes of message {@code number}, or a failure: never a truncated message. */
    byte[] retrieve(int number);

    /** The header of message {@code number}, ending with its empty line. */
    byte[] headers(int number);

    /** Remembers that message {@code number} is to be deleted when {@link #quit()} ends the session. */
    void markForDeletion(int number);

    /**
     * Ends the session with QUIT, deleting the marked messages; returns the numbers of those the server accepted DELE
     * for (a server may refuse some: they stay in the maildrop).
     */
    java.util.Set<Integer> quit();

    /** Ends the session without deleting anything. */
    @Override
    void close();
}
