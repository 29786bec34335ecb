package dev.postern.ui;

import com.googlecode.lanterna.input.BasicCharacterPattern;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.terminal.ansi.StreamBasedTerminal;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;

/**
 * The bytes a reader's terminal types, between the terminal and Lanterna's key decoder, read ahead on the UI thread
 * whenever the decoder asks (never by a thread of its own: a program the reader runs at the terminal reads it then).
 * Two things are told here, at the byte, before any key is decoded:
 * <ul>
 * <li>Ctrl-C ({@link #ctrlCAhead}), seen as soon as it was typed, however many keys are queued before it: a paste of a
 *     megabyte is a megabyte of keys, and the reader quits at once all the same (UiLoop).</li>
 * <li>a bracketed paste ({@code ESC[200~} text {@code ESC[201~}, asked for with {@code ESC[?2004h} while the screen is
 *     up): its text is kept aside as one paste ({@link #nextPaste}) and only a marker goes on to the decoder, read as
 *     the one key {@link #PASTE}, so that pasted text never runs as keys (a newline in it is no Enter).</li>
 * </ul>
 */
final class KeyInput extends InputStream {
    /** A terminal whose keys come through a KeyInput. */
    interface Source {
        KeyInput keyInput();
    }

    /** Asks the terminal to bracket pastes; and to stop. */
    static final byte[] PASTE_ON = "\033[?2004h".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    static final byte[] PASTE_OFF = "\033[?2004l".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** The key a whole paste is read as; its text is {@link #nextPaste}. */
    static final KeyStroke PASTE = new KeyStroke(KeyType.Unknown);
    /** What is kept of one paste at most (a prompt takes far less); the rest is dropped unread. */
    static final int PASTE_KEPT = 1 << 16;
    /** Bytes read ahead at most: beyond, the terminal's own buffer holds the rest until keys are taken. */
    private static final int AHEAD = 1 << 24;
    private static final byte[] START = {27, '[', '2', '0', '0', '~'};
    private static final byte[] END = {27, '[', '2', '0', '1', '~'};

    private final InputStream raw;
    private final Charset charset;
    private byte[] buf = new byte[4096];
    private int head;
    private int tail;
    private boolean ended;
    /** Bytes that may start a bracket, held until they do or do not. */
    private final byte[] held = new byte[START.length];
    private int heldCount;
    private boolean inPaste;
    private final java.io.ByteArrayOutputStream paste = new java.io.ByteArrayOutputStream();
    private final ArrayDeque<String> pastes = new ArrayDeque<>();
    private volatile boolean ctrlC;
    /** Cursor position reports (the terminal's answers to a size query, ESC [ row ; column R) seen so far. */
    private volatile int answers;
    /** How far into such a report the bytes are: 0 none, 1 ESC, 2 [, 3 row, 4 ;, 5 column. */
    private int report;
    /** Bytes were read since {@link #tookSome} last asked. */
    private boolean took;

    KeyInput(InputStream raw, Charset charset) {
        this.raw = raw;
        this.charset = charset;
    }

    /**
     * {@code terminal}'s decoder reads the paste marker as {@link #PASTE}, and an escape sequence it knows no name for
     * (a terminal's report) whole, as {@link TerminalReports#KEY}, never as the keys of its bytes.
     */
    static void decodePastes(StreamBasedTerminal terminal) {
        com.googlecode.lanterna.input.InputDecoder decoder = terminal.getInputDecoder();
        decoder.addProfile(() -> List.of(new BasicCharacterPattern(PASTE, toChars(START))));
        List<com.googlecode.lanterna.input.CharacterPattern> known = List.copyOf(decoder.getPatterns());
        decoder.addProfile(() -> List.of(new TerminalReports(known)));
    }

    private static char[] toChars(byte[] b) {
        char[] c = new char[b.length];
        for (int i = 0; i < b.length; i++) c[i] = (char) b[i];
        return c;
    }

    /** Ctrl-C was typed (it may be behind many keys still to decode): the reader quits now. */
    boolean ctrlCAhead() {
        if (!ctrlC) {
            try {
                synchronized (this) {
                    drain();
                }
            } catch (IOException e) {
                return false; // the terminal's end shows as the keys' end
            }
        }
        return ctrlC;
    }

    /**
     * Whether bytes came since the last ask: the loop goes round again at once rather than idling, so a long paste is
     * read as fast as the terminal sends it (and a Ctrl-C behind it reached soon).
     */
    synchronized boolean tookSome() {
        boolean t = took;
        took = false;
        return t;
    }

    /** The text of the paste whose {@link #PASTE} key was just read; "" when none is kept. */
    synchronized String nextPaste() {
        String s = pastes.poll();
        return s == null ? "" : s;
    }

    /** What the terminal has typed so far, read without waiting. */
    private void drain() throws IOException {
        byte[] chunk = null;
        while (!ended && tail - head < AHEAD) {
            int n = raw.available();
            if (n <= 0) break;
            if (chunk == null) chunk = new byte[8192];
            int got = raw.read(chunk, 0, Math.min(n, chunk.length));
            if (got < 0) {
                ended = true;
                break;
            }
            took = true;
            for (int i = 0; i < got; i++) take(chunk[i]);
        }
        if (!inPaste) flushHeld(); // an Escape on its own (or a bracket cut between reads, rare) goes on as typed
    }

    private void take(byte b) {
        byte[] bracket = inPaste ? END : START;
        if (b == bracket[heldCount]) {
            held[heldCount++] = b;
            if (heldCount < bracket.length) return;
            heldCount = 0;
            if (inPaste) {
                pastes.add(new String(paste.toByteArray(), charset));
                paste.reset();
                inPaste = false;
                for (byte s : START) put(s); // the marker the decoder reads as PASTE
            } else {
                inPaste = true;
            }
            return;
        }
        if (heldCount > 0) {
            int n = heldCount;
            heldCount = 0;
            for (int i = 0; i < n; i++) pass(held[i]);
            take(b); // it may start a bracket of its own
            return;
        }
        pass(b);
    }

    private void flushHeld() {
        int n = heldCount;
        heldCount = 0;
        for (int i = 0; i < n; i++) pass(held[i]);
    }

    private void pass(byte b) {
        if (b == 3) ctrlC = true; // in a paste too: the way out is never text
        if (!inPaste) reported(b);
        if (inPaste) {
            if (paste.size() < PASTE_KEPT) paste.write(b);
        } else {
            put(b);
        }
    }

    private void reported(byte b) {
        boolean digit = b >= '0' && b <= '9';
        if (report == 1 && b == '[') report = 2;
        else if ((report == 2 || report == 3) && digit) report = 3;
        else if (report == 3 && b == ';') report = 4;
        else if ((report == 4 || report == 5) && digit) report = 5;
        else if (report == 5 && b == 'R') {
            answers++;
            report = 0;
        } else report = b == 27 ? 1 : 0;
    }

    /**
     * At the end, the screen put away and before the shell's settings come back: the answers still owed to the size
     * queries sent ({@code asked}) are read here and dropped, for {@code maxMillis} at most. Sent after the terminal was
     * cooked again, an answer was echoed and read by the next program as typed input ({@code ^[[40;120R}: a quit during
     * a resize storm, hunt 37-G, G11).
     */
    void awaitAnswers(java.util.function.IntSupplier asked, long maxMillis) {
        long end = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(maxMillis);
        while (answers < asked.getAsInt() && System.nanoTime() < end) {
            try {
                synchronized (this) {
                    drain();
                    head = tail = 0; // nobody reads keys any more
                }
            } catch (IOException e) {
                return;
            }
            if (answers < asked.getAsInt()) java.util.concurrent.locks.LockSupport.parkNanos(2_000_000L);
        }
    }

    private void put(byte b) {
        if (tail == buf.length) {
            if (head > 0) {
                System.arraycopy(buf, head, buf, 0, tail - head);
                tail -= head;
                head = 0;
            }
            if (tail == buf.length) buf = Arrays.copyOf(buf, buf.length * 2);
        }
        buf[tail++] = b;
    }

    @Override
    public synchronized int available() throws IOException {
        drain();
        if (tail > head) return tail - head;
        return ended ? 1 : 0; // a read would not wait: it says the input ended
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        drain();
        while (tail == head) {
            if (ended) return -1;
            int c = raw.read(); // nothing typed yet: wait for the next byte
            if (c < 0) {
                ended = true;
                return -1;
            }
            take((byte) c);
            drain();
        }
        int n = Math.min(len, tail - head);
        System.arraycopy(buf, head, b, off, n);
        head += n;
        if (head == tail) head = tail = 0;
        return n;
    }
}
