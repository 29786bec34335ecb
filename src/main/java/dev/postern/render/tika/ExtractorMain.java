package dev.postern.render.tika;

import dev.postern.render.AttachmentTextExtractor.Extraction;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The attachment reader's own JVM, started by {@link ForkedExtractor}. Reads requests on stdin and
 * answers on stdout, one at a time, until stdin closes (so it ends with its parent). It has nothing to
 * lose: the parent kills it on a time-out, and a full heap ends it (-XX:+ExitOnOutOfMemoryError).
 *
 * <p>Protocol ({@link java.io.DataOutput} encoding): on start, one byte {@code 'R'} once the parsers
 * are loaded; per request {@code UTF type, int maxChars, int length, bytes}; per answer
 * {@code short 0xFEED, byte status (Status ordinal), int length, UTF-8 bytes}.
 */
public final class ExtractorMain {
    static final int READY = 'R';
    /** Starts every answer, so stray output from a dying JVM is never read as one. */
    static final int ANSWER = 0xFEED;

    private ExtractorMain() {}

    public static void main(String[] args) throws IOException {
        run(TikaText::extract);
    }

    /** Serves requests on this process's stdin/stdout with the given handler. */
    public static void run(Handler handler) throws IOException {
        // Parsers and their libraries must never write into the protocol stream.
        PrintStream protocol = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false);
        // What they print goes to the owner's log (the worker's stderr): line by line through the sanitiser.
        PrintStream log = new PrintStream(new SafeLines(new java.io.FileOutputStream(java.io.FileDescriptor.err)), true,
                StandardCharsets.UTF_8);
        System.setErr(log);
        System.setOut(log);
        serve(new DataInputStream(new BufferedInputStream(System.in)),
                new DataOutputStream(new BufferedOutputStream(protocol)), handler);
    }

    /** What answers one request; a test worker may put a misbehaving parser here. */
    @FunctionalInterface
    public interface Handler {
        Extraction handle(byte[] content, String type, int maxChars);
    }

    public static void serve(DataInputStream in, DataOutputStream out, Handler handler) throws IOException {
        TikaText.warmUp();
        out.write(READY);
        out.flush();
        while (true) {
            String type;
            try {
                type = in.readUTF();
            } catch (EOFException e) {
                return;
            }
            int maxChars = in.readInt();
            int length = in.readInt();
            byte[] content = in.readNBytes(length);
            if (content.length != length) return;
            Extraction x = handler.handle(content, type, maxChars);
            byte[] text = x.text().getBytes(StandardCharsets.UTF_8);
            out.writeShort(ANSWER);
            out.writeByte(x.status().ordinal());
            out.writeInt(text.length);
            out.write(text);
            out.flush();
        }
    }
}
