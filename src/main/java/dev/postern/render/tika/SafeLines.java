package dev.postern.render.tika;

import dev.postern.render.Sanitizer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The worker's stdout and stderr, which the owner appends to postern.log: a parser or library that prints there itself
 * (a stack trace, a message quoting the document) bypasses the log's own sanitising, so each line is passed through
 * {@link Sanitizer} here (hunt36-S, S6): ESC, BEL and C1 from a hostile document reach the log visible, never raw.
 */
final class SafeLines extends OutputStream {
    /** A line longer than this is written in pieces, each sanitised. */
    static final int LONGEST = 64 * 1024;

    private final OutputStream out;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    SafeLines(OutputStream out) {
        this.out = out;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        line.write(b);
        if (b == '\n' || line.size() >= LONGEST) emit();
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) write(b[i]);
    }

    @Override
    public synchronized void flush() throws IOException {
        emit();
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        flush();
        out.close();
    }

    private void emit() throws IOException {
        if (line.size() == 0) return;
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        boolean ended = text.endsWith("\n");
        String safe = Sanitizer.logText(ended ? text.substring(0, text.length() - 1) : text);
        out.write((ended ? safe + "\n" : safe).getBytes(StandardCharsets.UTF_8));
    }
}
