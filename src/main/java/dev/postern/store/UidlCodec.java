package dev.postern.store;

import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Versioned binary form of a {@link UidlEntry}: a version byte, then variable-length numbers. */
final class UidlCodec {
    static final int VERSION = 1;

    private UidlCodec() {}

    static byte[] encode(UidlEntry e) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            BinaryIO.writeVarLong(out, e.localUid());
            BinaryIO.writeVarLong(out, e.fetchedAtMillis());
            BinaryIO.writeVarLong(out, e.size());
            BinaryIO.writeVarLong(out, e.deletedAtMillis());
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return bytes.toByteArray();
    }

    static UidlEntry decode(String account, byte[] record) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(record))) {
            int version = in.readUnsignedByte();
            if (version > VERSION) {
                throw new PosternException(ExitCode.DATAERR, "account " + account + ": the POP3 record in the store was "
                        + "written by a newer postern (version " + version + "); upgrade postern to read it");
            }
            return new UidlEntry(BinaryIO.readVarLong(in), BinaryIO.readVarLong(in), BinaryIO.readVarLong(in),
                    BinaryIO.readVarLong(in));
        } catch (IOException | IllegalArgumentException ex) {
            throw new PosternException(ExitCode.DATAERR, "account " + account + ": a POP3 record in the store is "
                    + "damaged (" + ex.getMessage() + "); move the store aside and fetch again", ex);
        }
    }
}
