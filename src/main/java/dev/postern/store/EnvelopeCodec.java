package dev.postern.store;

import dev.postern.model.Envelope;
import dev.postern.model.ExitCode;
import dev.postern.model.Flag;
import dev.postern.model.Flags;
import dev.postern.model.MessageRef;
import dev.postern.model.PosternException;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;

/**
 * Compact binary form of an {@link Envelope}, version byte first so that a later postern can read what
 * this one wrote. The ref is not stored: it is the record's key. The search index keeps the same bytes beside
 * each document ({@code dev.postern.index}), so a search answers without reading the store per hit.
 *
 * <p>Version 2 (store format 3) adds the arrival ({@link Envelope#arrived()}) at the end; a version 1 record, written
 * before postern kept it, reads with no arrival.
 */
public final class EnvelopeCodec {
    static final int VERSION = 2;

    private EnvelopeCodec() {}

    public static byte[] encode(Envelope e) {
        BinaryIO.BytesOut bytes = new BinaryIO.BytesOut(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            writeFlags(out, e.flags());
            BinaryIO.writeNullableString(out, e.messageId());
            writeDate(out, e.date());
            BinaryIO.writeString(out, e.from());
            BinaryIO.writeStrings(out, e.to());
            BinaryIO.writeStrings(out, e.cc());
            BinaryIO.writeString(out, e.subject());
            BinaryIO.writeVarLong(out, e.size());
            BinaryIO.writeNullableString(out, e.inReplyTo());
            BinaryIO.writeStrings(out, e.references());
            BinaryIO.writeNullableString(out, e.bodyHash());
            writeDate(out, e.arrived());
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return bytes.toByteArray();
    }

    public static Envelope decode(MessageRef ref, byte[] record) {
        try (DataInputStream in = new DataInputStream(new BinaryIO.BytesIn(record))) {
            int version = in.readUnsignedByte();
            if (version != VERSION && version != 1) throw unreadable(ref, "format version " + version + " is unknown");
            Flags flags = readFlags(in);
            String messageId = BinaryIO.readNullableString(in);
            Instant date = readDate(in);
            String from = BinaryIO.readString(in);
            var to = BinaryIO.readStrings(in);
            var cc = BinaryIO.readStrings(in);
            String subject = BinaryIO.readString(in);
            long size = BinaryIO.readVarLong(in);
            String inReplyTo = BinaryIO.readNullableString(in);
            var references = BinaryIO.readStrings(in);
            String bodyHash = BinaryIO.readNullableString(in);
            Instant arrived = version == 1 ? null : readDate(in);
            return new Envelope(ref, messageId, date, from, to, cc, subject, size, flags, inReplyTo, references, bodyHash,
                    arrived);
        } catch (IOException e) {
            throw unreadable(ref, e.getMessage());
        }
    }

    private static PosternException unreadable(MessageRef ref, String why) {
        return new PosternException(ExitCode.DATAERR, "the cached envelope of UID " + ref.uid() + " in "
                + ref.account() + "/" + ref.folder() + " cannot be read (" + why
                + "); it was written by a newer or broken postern, so resynchronise the folder");
    }

    // Explicit bits rather than ordinals: reordering the Flag enum must not change what old files mean.
    private static int bit(Flag f) {
        return switch (f) {
            case SEEN -> 1;
            case ANSWERED -> 2;
            case FLAGGED -> 4;
            case DELETED -> 8;
            case DRAFT -> 16;
        };
    }

    private static void writeFlags(DataOutputStream out, Flags flags) throws IOException {
        int bits = 0;
        for (Flag f : flags.system()) bits |= bit(f);
        out.writeByte(bits);
        BinaryIO.writeStrings(out, flags.keywords());
    }

    private static Flags readFlags(DataInputStream in) throws IOException {
        int bits = in.readUnsignedByte();
        EnumSet<Flag> system = EnumSet.noneOf(Flag.class);
        for (Flag f : Flag.values()) if ((bits & bit(f)) != 0) system.add(f);
        Set<String> keywords = new HashSet<>(BinaryIO.readStrings(in));
        return new Flags(system, keywords);
    }

    private static void writeDate(DataOutputStream out, Instant date) throws IOException {
        if (date == null) {
            out.writeByte(0);
            return;
        }
        out.writeByte(date.getNano() == 0 ? 1 : 2);
        out.writeLong(date.getEpochSecond());
        if (date.getNano() != 0) out.writeInt(date.getNano());
    }

    private static Instant readDate(DataInputStream in) throws IOException {
        int kind = in.readUnsignedByte();
        return switch (kind) {
            case 0 -> null;
            case 1 -> Instant.ofEpochSecond(in.readLong());
            case 2 -> Instant.ofEpochSecond(in.readLong(), in.readInt());
            default -> throw new IOException("bad date marker " + kind);
        };
    }
}
