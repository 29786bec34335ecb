package dev.postern.store;

import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Binary form of a {@link PendingAction}, version byte first; the kind is stored by name so reordering the enum is
 * safe. Version 2 adds whether a try began it and the target's mark at the end; version 3 adds an APPEND's message
 * (its length, -1 for none, then its bytes). Versions 1 and 2 are still read, and an action without a message is
 * written as version 2, so an older postern of the same store reads every queue but one holding a Sent copy.
 */
final class PendingCodec {
    static final int VERSION = 3;

    private PendingCodec() {}

    static byte[] encode(PendingAction a) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + a.uids().size() * 4);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(a.copy() == null ? 2 : VERSION);
            out.writeUTF(a.kind().name());
            out.writeUTF(a.folder());
            out.writeLong(a.uidValidity());
            BinaryIO.writeVarLong(out, a.uids().size());
            long prev = 0;
            for (long uid : a.uids()) {
                out.writeLong(uid - prev);
                prev = uid;
            }
            out.writeUTF(a.flag());
            out.writeUTF(a.target());
            out.writeLong(a.queuedAtMillis());
            out.writeBoolean(a.begun());
            out.writeLong(a.targetValidity());
            out.writeLong(a.targetNext());
            if (a.copy() != null) {
                out.writeInt(a.copy().length);
                out.write(a.copy());
            }
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return bytes.toByteArray();
    }

    static PendingAction decode(long id, String account, byte[] record) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(record))) {
            int version = in.readUnsignedByte();
            if (version < 1 || version > VERSION) throw unreadable(account, id, "format version " + version + " is unknown");
            PendingAction.Kind kind;
            String kindName = in.readUTF();
            try {
                kind = PendingAction.Kind.valueOf(kindName);
            } catch (IllegalArgumentException e) {
                throw unreadable(account, id, "unknown action '" + kindName + "'");
            }
            String folder = in.readUTF();
            long validity = in.readLong();
            int n = (int) BinaryIO.readVarLong(in);
            List<Long> uids = new ArrayList<>(n);
            long prev = 0;
            for (int i = 0; i < n; i++) {
                prev += in.readLong();
                uids.add(prev);
            }
            String flag = in.readUTF();
            String target = in.readUTF();
            long queuedAt = in.readLong();
            if (version == 1) return new PendingAction(id, account, kind, folder, validity, uids, flag, target, queuedAt);
            boolean begun = in.readBoolean();
            long targetValidity = in.readLong();
            long targetNext = in.readLong();
            byte[] copy = null;
            if (version >= 3) {
                int length = in.readInt();
                if (length >= 0) {
                    copy = new byte[length];
                    in.readFully(copy);
                }
            }
            return new PendingAction(id, account, kind, folder, validity, uids, flag, target, queuedAt, begun, targetValidity,
                    targetNext, copy);
        } catch (IOException e) {
            throw unreadable(account, id, e.getMessage());
        }
    }

    private static PosternException unreadable(String account, long id, String why) {
        return new PosternException(ExitCode.DATAERR, "queued action " + id + " of account " + account
                + " cannot be read (" + why + "); it was written by a newer or broken postern");
    }
}
