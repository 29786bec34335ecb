package dev.postern.compose;

import dev.postern.config.AccountConfig;
import dev.postern.store.MailStore;
import dev.postern.store.OutboxEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write-ahead of a new message's send (hunt 31, S2), and of a bounce's: just before its end of data goes out, the message is put in
 * the outbox marked perhaps delivered (UNCONFIRMED, never sent again by itself), committed, and {@code recorded} is run
 * (the door drops its draft: the outbox now holds the message). A postern killed (-9, a power cut, the OOM killer)
 * while the server answers leaves it there for the user ({@code outbox --retry ID} or {@code --drop ID}), as a flush
 * leaves a queued one, rather than nothing at all, which made the user send it again. The server's answer settles it:
 * delivered, the record goes ({@link #forget}); refused or not taken, it goes and the postman does as it did before.
 * Nothing is recorded without a store (another postern holds it) or for a message sent as separate copies (Bcc of an
 * encrypted message: a queued copy would get a Sent copy of its own); nor when the store cannot write (a full disk):
 * the send goes on as before, and the door keeps its draft until it ends.
 */
final class SendRecord implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(SendRecord.class);

    /** Why an entry recorded before its end of data is in the outbox, as a kill leaves it. */
    static final String PERHAPS = "postern stopped after the whole message had gone out and before the server answered, so"
            + " the server may have delivered it";

    private final MailStore store;
    private final AccountConfig account;
    private final Built message;
    private final long now;
    private final Runnable recorded;
    private OutboxEntry entry;

    SendRecord(MailStore store, AccountConfig account, Built message, long now, Runnable recorded) {
        this.store = store;
        this.account = account;
        this.message = message;
        this.now = now;
        this.recorded = recorded;
    }

    /** Before the end of data: the record, committed, then {@code recorded}. Never fails the send. */
    @Override
    public void run() {
        if (store == null || !message.separately().isEmpty()) return;
        try {
            entry = store.enqueueOutgoing(new OutboxEntry(0, account.name(), message.envelopeFrom(), message.recipients(),
                    message.raw(), now, PERHAPS, 1, OutboxEntry.State.UNCONFIRMED));
            store.commit();
        } catch (RuntimeException e) {
            entry = null;
            try {
                store.rollback();
            } catch (RuntimeException ignored) {
                // the failure below is what counts
            }
            log.warn("account {}: could not record the message in the outbox before its end of data; sending it anyway",
                    account.name(), e);
            return;
        }
        if (recorded != null) recorded.run();
    }

    /** The entry recorded before the end of data, or null. */
    OutboxEntry entry() {
        return entry;
    }

    /**
     * The server answered (delivered, or not taken): the record goes. Never fails the send, which is over: a store that
     * cannot write now leaves the entry marked perhaps delivered (logged), which errs on the side of no duplicate.
     */
    void forget() {
        if (entry == null) return;
        try {
            store.removeOutgoing(entry.account(), entry.id());
            store.commit();
        } catch (RuntimeException e) {
            try {
                store.rollback();
            } catch (RuntimeException ignored) {
                // the warning below is what counts
            }
            log.warn("account {}: outbox message {} was answered but could not be taken out of the outbox; it stays marked"
                    + " as perhaps delivered", account.name(), entry.id(), e);
        }
        entry = null;
    }

    /**
     * A new message whose data went out without an answer, kept in the outbox as perhaps delivered saying {@code why}:
     * the entry recorded before its end of data, or (none could be) a new one. Not for a message in separate copies.
     */
    OutboxEntry perhapsSent(String why) {
        // The entry recorded before the end of data counts this try already: it gets the reason, not a second attempt
        // (hunt 42-H, H6: a message tried once was listed as "2 attempts", as if it might have gone out twice).
        OutboxEntry kept = entry != null ? new OutboxEntry(entry.id(), entry.account(), entry.envelopeFrom(), entry.recipients(),
                entry.raw(), entry.queuedAtMillis(), why, entry.attempts(), entry.state()) : new OutboxEntry(0, account.name(), message.envelopeFrom(),
                message.recipients(), message.raw(), now, why, 1, OutboxEntry.State.UNCONFIRMED);
        if (entry != null) store.updateOutgoing(kept);
        else kept = store.enqueueOutgoing(kept);
        store.commit();
        return kept;
    }
}
