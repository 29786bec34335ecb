package dev.postern.store;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * A finished message waiting in the outbox because the submission server could not be reached.
 *
 * @param id           ascending per store; 0 before it is stored
 * @param envelopeFrom MAIL FROM
 * @param recipients   RCPT TO, Bcc included (the bytes have no Bcc header)
 * @param raw          the exact bytes to send
 * @param lastError    why the last attempt failed, or null
 * @param attempts     how many times sending it failed (the one that queued it counts; records of version 1,
 *                     written before this was counted, read as 1)
 * @param state        whether a flush sends it (records before version 3 read as waiting)
 */
public record OutboxEntry(long id, String account, String envelopeFrom, List<String> recipients, byte[] raw,
        long queuedAtMillis, String lastError, int attempts, State state) {
    static final int VERSION = 3;

    /** What a flush does with the message. */
    public enum State {
        /** Sent by the next flush. */
        WAITING,
        /** The server refused it for good (a 5xx): kept for the user to read, drop or send again; never sent by itself. */
        REFUSED,
        /** The end of its data went out and no answer came: it may have been delivered, so it is not sent again by itself. */
        UNCONFIRMED
    }

    public OutboxEntry {
        recipients = List.copyOf(recipients);
        if (state == null) state = State.WAITING;
    }

    public OutboxEntry(long id, String account, String envelopeFrom, List<String> recipients, byte[] raw,
            long queuedAtMillis, String lastError, int attempts) {
        this(id, account, envelopeFrom, recipients, raw, queuedAtMillis, lastError, attempts, State.WAITING);
    }

    /** A message queued after its first failed attempt. */
    public OutboxEntry(long id, String account, String envelopeFrom, List<String> recipients, byte[] raw,
            long queuedAtMillis, String lastError) {
        this(id, account, envelopeFrom, recipients, raw, queuedAtMillis, lastError, 1);
    }

    public OutboxEntry withId(long newId) {
        return new OutboxEntry(newId, account, envelopeFrom, recipients, raw, queuedAtMillis, lastError, attempts, state);
    }

    /** The same message in {@code newState} (the user's retry puts it back to waiting). */
    public OutboxEntry withState(State newState) {
        return new OutboxEntry(id, account, envelopeFrom, recipients, raw, queuedAtMillis, lastError, attempts, newState);
    }

    /** One more failed attempt, and why. */
    public OutboxEntry withLastError(String error) {
        return new OutboxEntry(id, account, envelopeFrom, recipients, raw, queuedAtMillis, error, attempts + 1, state);
    }

    byte[] encode() {
        try {
            ByteArrayOutputStream b = new ByteArrayOutputStream(raw.length + 256);
            DataOutputStream out = new DataOutputStream(b);
            out.writeByte(VERSION);
            BinaryIO.writeString(out, envelopeFrom);
            BinaryIO.writeStrings(out, recipients);
            out.writeLong(queuedAtMillis);
            BinaryIO.writeNullableString(out, lastError);
            out.writeInt(raw.length);
            out.write(raw);
            out.writeInt(attempts);
            out.writeByte(state.ordinal());
            out.flush();
            return b.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static OutboxEntry decode(long id, String account, byte[] record) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(record))) {
            int v = in.readUnsignedByte();
            if (v < 1 || v > VERSION) throw new IOException("outbox record version " + v);
            String from = BinaryIO.readString(in);
            List<String> rcpts = BinaryIO.readStrings(in);
            long at = in.readLong();
            String err = BinaryIO.readNullableString(in);
            byte[] raw = new byte[in.readInt()];
            in.readFully(raw);
            int attempts = v == 1 ? 1 : in.readInt();
            State state = v < 3 ? State.WAITING : State.values()[in.readUnsignedByte()];
            return new OutboxEntry(id, account, from, rcpts, raw, at, err, attempts, state);
        } catch (IOException e) {
            throw new IllegalStateException("damaged outbox record " + id + " of account " + account, e);
        }
    }
}
