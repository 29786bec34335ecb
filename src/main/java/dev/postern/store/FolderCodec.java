package dev.postern.store;

import dev.postern.model.ExitCode;
import dev.postern.model.Folder;
import dev.postern.model.PosternException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;

/** Binary forms of {@link Folder} and {@link FolderState}, version byte first. */
final class FolderCodec {
    static final int VERSION = 1;

    private FolderCodec() {}

    static byte[] encode(Folder f) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeChar(f.separator());
            BinaryIO.writeVarLong(out, f.total());
            BinaryIO.writeVarLong(out, f.unread());
            BinaryIO.writeStrings(out, f.attributes());
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return bytes.toByteArray();
    }

    static Folder decode(String account, String name, byte[] record) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(record))) {
            checkVersion(in.readUnsignedByte(), account, name);
            char separator = in.readChar();
            int total = (int) BinaryIO.readVarLong(in);
            int unread = (int) BinaryIO.readVarLong(in);
            return new Folder(account, name, separator, total, unread, new HashSet<>(BinaryIO.readStrings(in)));
        } catch (IOException e) {
            throw unreadable(account, name, e.getMessage());
        }
    }

    static byte[] encode(FolderState s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(40);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeLong(s.uidValidity());
            out.writeLong(s.uidNext());
            out.writeLong(s.highestModSeq());
            out.writeLong(s.syncedAtMillis());
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return bytes.toByteArray();
    }

    static FolderState decodeState(String account, String name, byte[] record) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(record))) {
            checkVersion(in.readUnsignedByte(), account, name);
            return new FolderState(in.readLong(), in.readLong(), in.readLong(), in.readLong());
        } catch (IOException e) {
            throw unreadable(account, name, e.getMessage());
        }
    }

    private static void checkVersion(int version, String account, String name) {
        if (version != VERSION) throw unreadable(account, name, "format version " + version + " is unknown");
    }

    private static PosternException unreadable(String account, String name, String why) {
        return new PosternException(ExitCode.DATAERR, "the cached record of folder " + account + "/" + name
                + " cannot be read (" + why + "); it was written by a newer or broken postern, so resynchronise it");
    }
}
