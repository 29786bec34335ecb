package dev.postern.resident;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writes frames to one client; output and error chunks never split each other. */
final class Frames {
    private final OutputStream out;

    Frames(OutputStream out) { this.out = out; }

    /** The most a frame of output carries: a command's one big write (a raw message) goes as several. */
    static final int CHUNK = 256 << 10;

    synchronized void write(int type, byte[] b, int off, int len) throws IOException {
        // Wire.MAX_FRAME bounds what a client accepts (and allocates for one frame): a 25 MB attachment
        // written in one call would otherwise end the client with "frame too long".
        do {
            int n = Math.min(len, CHUNK);
            Wire.writeFrame(out, type, b, off, n);
            off += n;
            len -= n;
        } while (len > 0);
    }

    void error(String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        write(Wire.ERR, b, 0, b.length);
    }

    /** A sentence, then the command's end with 75 (temporary: the client runs it again later). */
    void tempfail(String text) throws IOException {
        error(text);
        exit(75);
    }

    synchronized void exit(int code) throws IOException {
        Wire.writeInt(out, Wire.EXIT, code);
    }

    /** {@link Wire#NOT_TAKEN}: the command was not run here; the client runs it. */
    synchronized void notTaken() throws IOException {
        Wire.writeFrame(out, Wire.NOT_TAKEN, new byte[0], 0, 0);
    }

    /** {@link Wire#ACCEPTED}: the request was read; the client knows this owner is answering. */
    synchronized void accepted() throws IOException {
        Wire.writeFrame(out, Wire.ACCEPTED, new byte[0], 0, 0);
    }

    synchronized void wantStdin(int n) throws IOException {
        Wire.writeInt(out, Wire.STDIN_WANTED, n);
    }

    /** A stream whose writes become frames of {@code type}. */
    Stream stream(int type) {
        return new Stream(type);
    }

    /** Writes become frames of one type; {@link #done} tells the client what the command did ({@link Wire#DONE}). */
    final class Stream extends OutputStream {
        private final int type;

        private Stream(int type) { this.type = type; }

        @Override public void write(int b) throws IOException { write(new byte[] {(byte) b}, 0, 1); }

        @Override public void write(byte[] b, int off, int len) throws IOException {
            if (len > 0) Frames.this.write(type, b, off, len);
        }

        void done(String what) {
            byte[] b = what.getBytes(StandardCharsets.UTF_8);
            try {
                Frames.this.write(Wire.DONE, b, 0, b.length);
            } catch (IOException clientGone) {
                // its next output frame fails the same way, and ends the command there
            }
        }
    }
}
