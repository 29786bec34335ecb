package dev.postern.ui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.terminal.ansi.ANSITerminal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;

/**
 * A terminal at the far end of a stream: the owner of the mail draws a served reader here, its screen's bytes
 * going to {@code out} and the keys typed arriving through {@link #typed}; its size is what the far end says
 * ({@link #resized}), never asked with an escape sequence. Characters are written as exactly their bytes, as on
 * the process's own terminal ({@link ExactUnixTerminal}).
 */
public final class RelayTerminal extends ANSITerminal implements KeyInput.Source, TerminalText.Charsetted {
    private final Keys keys;
    private final KeyInput input;
    private volatile TerminalSize size;
    /** The high surrogate put last, waiting for its low half; 0 when none. */
    private char high;

    public RelayTerminal(OutputStream out, Charset charset, int columns, int rows) {
        this(new Keys(), out, charset, columns, rows);
    }

    private RelayTerminal(Keys keys, OutputStream out, Charset charset, int columns, int rows) {
        this(keys, new KeyInput(keys, charset), out, charset, columns, rows);
    }

    private RelayTerminal(Keys keys, KeyInput input, OutputStream out, Charset charset, int columns, int rows) {
        super(input, new Tui.ScreenOutput(out), charset);
        this.keys = keys;
        this.input = input;
        KeyInput.decodePastes(this);
        this.size = new TerminalSize(Math.max(columns, 20), Math.max(rows, 5));
    }

    /** Bytes typed at the far end. */
    public void typed(byte[] b) { keys.add(b); }

    /** The far end is gone: the reader sees the end of its input (and closes as on Ctrl-C). */
    public void endOfInput() { keys.end(); }

    /** What redraws every cell of the reader on this terminal (UiLoop.repaintAll); set once the reader runs. */
    private volatile Runnable repaint = () -> {};

    void onRepaint(Runnable r) { repaint = r; }

    /**
     * The far end's terminal changed size, or the far end asks for the whole screen again at its size (its client
     * came back from Ctrl-Z to a terminal the shell had: it sends its size then). Either way every cell is redrawn.
     */
    public void resized(int columns, int rows) {
        TerminalSize s = new TerminalSize(Math.max(columns, 20), Math.max(rows, 5));
        size = s;
        onResized(s);
        repaint.run();
    }

    @Override
    protected TerminalSize findTerminalSize() { return size; }

    @Override
    public KeyInput keyInput() { return input; }

    /** The screen up: pastes bracketed as well ({@link KeyInput}); the client asks the same again after Ctrl-Z. */
    @Override
    public synchronized void enterPrivateMode() throws IOException {
        super.enterPrivateMode();
        writeToTerminal(KeyInput.PASTE_ON);
    }

    @Override
    public synchronized void exitPrivateMode() throws IOException {
        writeToTerminal(KeyInput.PASTE_OFF);
        super.exitPrivateMode();
    }

    /** The cursor as the screen counts it (no initialiser: Lanterna's constructor may write before one would run). */
    private CellSync cells;

    private CellSync cells() {
        if (cells == null) cells = new CellSync(s -> { for (char c : s.toCharArray()) putCharacter(c); }, this::setCursorPosition, getCharset());
        return cells;
    }

    @Override
    public synchronized void setCursorPosition(int x, int y) throws IOException {
        super.setCursorPosition(x, y);
        cells().movedTo(x, y);
    }

    /** Each cell the screen writes, drawn so the terminal's cursor ends where the screen counts it ({@link CellSync}). */
    @Override
    public synchronized void putString(String s) throws IOException {
        cells().put(s);
    }

    @Override
    public synchronized void putCharacter(char c) throws IOException {
        if (Character.isHighSurrogate(c)) {
            if (high != 0) writeToTerminal(ExactUnixTerminal.pair(high, (char) 0, getCharset()));
            high = c;
            return;
        }
        if (high != 0) {
            char h = high;
            high = 0;
            writeToTerminal(ExactUnixTerminal.pair(h, c, getCharset()));
            if (Character.isLowSurrogate(c)) return;
        }
        super.putCharacter(c);
    }

    /** The charset this terminal writes in: the glyphs the reader draws on it follow it (TerminalText). */
    @Override
    public java.nio.charset.Charset charset() { return getCharset(); }

    @Override
    protected byte[] translateCharacter(char c) {
        return ExactUnixTerminal.exact(super.translateCharacter(c), getCharset(), c);
    }

    /** The keys typed, as a stream Lanterna polls ({@link #available} says whether a read would wait). */
    static final class Keys extends InputStream {
        private final java.util.ArrayDeque<byte[]> chunks = new java.util.ArrayDeque<>();
        private int pos;
        private boolean ended;

        synchronized void add(byte[] b) {
            if (ended || b.length == 0) return;
            chunks.add(b);
            notifyAll();
        }

        synchronized void end() {
            ended = true;
            notifyAll();
        }

        @Override
        public synchronized int available() {
            if (ended && chunks.isEmpty()) return 1; // a read would not wait: it says the input ended (a poll sees EOF)
            int n = 0;
            for (byte[] c : chunks) n += c.length;
            return n - pos;
        }

        @Override
        public synchronized int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            while (chunks.isEmpty()) {
                if (ended) return -1;
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException();
                }
            }
            byte[] c = chunks.peek();
            int n = Math.min(len, c.length - pos);
            System.arraycopy(c, pos, b, off, n);
            pos += n;
            if (pos == c.length) {
                chunks.poll();
                pos = 0;
            }
            return n;
        }
    }
}
