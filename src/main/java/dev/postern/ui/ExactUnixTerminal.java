package dev.postern.ui;

import com.googlecode.lanterna.terminal.ansi.UnixLikeTerminal;
import com.googlecode.lanterna.terminal.ansi.UnixTerminal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Lanterna's {@link UnixTerminal} (what its DefaultTerminalFactory builds here), writing each character as exactly
 * the bytes its charset gives it. Lanterna 3.1.5 writes {@code charset.encode(c).array()}: the encoder's whole
 * buffer, which for a character of two UTF-8 bytes (é, Œ, ¡, Greek, Cyrillic, Hebrew, Arabic ...) has three, the
 * last a NUL. So every such character on the screen sent a NUL byte to the terminal: a raw control byte no
 * message put there (most terminals drop it; recordings, logs and some terminals keep it).
 */
final class ExactUnixTerminal extends UnixTerminal implements KeyInput.Source, TerminalText.Charsetted {
    private static final String STTY = "/bin/stty";

    // Lanterna's constructor calls the overrides below (its acquire()) before this class's field initialisers would
    // run, and an initialiser would then overwrite what they set: so these have none.
    /** False while the terminal is being taken over: the settings asked for are gathered, then set in one go. */
    private boolean ready;
    /** Saving the shell's settings was asked for while gathering. */
    private boolean saveAsked;
    /** The stty arguments asked for while gathering. */
    private List<String> gathered;
    /** The shell's settings ({@code stty -g}), put back at the end and at Ctrl-Z. */
    private String saved;
    /** The shell's settings were just put back: they have its own interrupt key, which Lanterna then sets to ^C again. */
    private boolean restoredNow;

    /**
     * On the process's own terminal, with Ctrl-C arriving as a key (TRAP), as the reader has always run. Lanterna
     * starts one stty process for each setting (-g, -icanon, min 1, -echo, intr undef: five, each a spawn of the
     * JVM's helper and of stty beside the first screen's work, and two more at the end); here they are
     * one shell running {@code stty -g && stty SETTINGS}, and the end restores the saved settings in one more.
     */
    ExactUnixTerminal(InputStream in, OutputStream out, Charset charset) throws IOException {
        this(new KeyInput(in, charset), out, charset);
    }

    private ExactUnixTerminal(KeyInput in, OutputStream out, Charset charset) throws IOException {
        super(in, out, charset, UnixLikeTerminal.CtrlCBehaviour.TRAP);
        input = in;
        output = out instanceof Tui.ScreenOutput s ? s : null;
        KeyInput.decodePastes(this);
        takeOver();
    }

    /** The keys typed, read ahead for Ctrl-C and pastes (set in the constructor, after Lanterna's). */
    private KeyInput input;

    @Override
    public KeyInput keyInput() { return input; }

    /** Where the screen goes, counting the size queries sent; null when not a ScreenOutput. */
    private Tui.ScreenOutput output;

    /**
     * The end, screen put away: no size query from now on (a SIGWINCH of a resize storm asked one whose answer came
     * after the shell's settings were back), and the answers still on their way are read, briefly (KeyInput.awaitAnswers).
     */
    void awaitSizeAnswers(long maxMillis) {
        synchronized (this) { // getTerminalSize's lock: a query under way has been sent (and counted) by now
            ending = true;
        }
        if (output != null) input.awaitAnswers(output::asked, maxMillis);
    }

    /** The reader is ending: sizes are not asked any more ({@link #awaitSizeAnswers}). */
    private volatile boolean ending;
    /** The size last learnt. */
    private volatile com.googlecode.lanterna.TerminalSize known;

    @Override
    protected com.googlecode.lanterna.TerminalSize findTerminalSize() throws IOException {
        com.googlecode.lanterna.TerminalSize k = known;
        if (ending && k != null) return k;
        k = super.findTerminalSize();
        known = k;
        return k;
    }

    /**
     * The screen up: pastes come bracketed ({@link KeyInput}), and off again whenever the screen is put away (the end,
     * Ctrl-Z, an editor), so that the shell and the programs run here get pastes as they always did.
     */
    @Override
    public synchronized void enterPrivateMode() throws IOException {
        super.enterPrivateMode();
        writeToTerminal(KeyInput.PASTE_ON);
    }

    @Override
    public synchronized void exitPrivateMode() throws IOException {
        if (leftToTheReader()) return;
        writeToTerminal(KeyInput.PASTE_OFF);
        super.exitPrivateMode();
    }

    /** Lanterna's own shutdown hook's thread (UnixLikeTerminal: it leaves the screen and restores stty at the JVM's end). */
    static final String LANTERNA_HOOK = "Lanterna STTY restore";

    /** The reader's own hook puts this terminal back (Tui.ending): Lanterna's hook leaves it alone from now on. */
    private volatile boolean handedOver;

    void handOver() { handedOver = true; }

    /**
     * Whether Lanterna's hook is what asks, on a terminal the reader's own hook puts back. Both hooks run at once on
     * SIGTERM, SIGHUP or SIGINT; Lanterna's left the alternate screen under the reader's screen (which still counted
     * itself started), so a frame the UI thread drew next (at start-up, the connections' closing) landed on the shell's
     * main screen with the cursor hidden, and the screen's stop then failed (no private mode left to leave): hunt 37-G,
     * G1. The reader's hook first stops the UI thread's frames ({@link UiLoop#silence}), then stops the screen.
     */
    private boolean leftToTheReader() { return leftToTheReader(handedOver, Thread.currentThread()); }

    static boolean leftToTheReader(boolean handedOver, Thread asking) {
        return handedOver && LANTERNA_HOOK.equals(asking.getName());
    }

    /** Saves the shell's settings (if asked) and sets the settings gathered, in one process; from now on, at once. */
    private void takeOver() throws IOException {
        ready = true;
        List<String> set = gathered == null ? List.of() : gathered;
        gathered = null;
        boolean save = saveAsked;
        saveAsked = false;
        StringBuilder script = new StringBuilder();
        if (save) script.append(STTY).append(" -g");
        if (!set.isEmpty()) {
            if (save) script.append(" && ");
            script.append(STTY);
            for (String a : set) script.append(" '").append(a).append('\'');
        }
        if (script.length() == 0) return;
        // Lanterna's exec gives the process /dev/tty as its input, which is the terminal stty sets.
        String out = exec("/bin/sh", "-c", script.toString()).trim();
        if (save) saved = out;
    }

    @Override
    protected void saveTerminalSettings() throws IOException {
        restoredNow = false;
        if (!ready) {
            saveAsked = true;
            return;
        }
        saved = exec(STTY, "-g").trim();
    }

    @Override
    protected void restoreTerminalSettings() throws IOException {
        if (saved == null || saved.isEmpty() || leftToTheReader()) return;
        exec(STTY, saved);
        restoredNow = true;
    }

    @Override
    protected void keyEchoEnabled(boolean enabled) throws IOException {
        stty(enabled ? "echo" : "-echo");
    }

    @Override
    protected void canonicalMode(boolean enabled) throws IOException {
        if (enabled) stty("icanon");
        else stty("-icanon", "min", "1");
    }

    @Override
    protected void keyStrokeSignalsEnabled(boolean enabled) throws IOException {
        if (enabled && leftToTheReader()) return;
        if (enabled && restoredNow) {
            restoredNow = false; // the shell's own settings, just put back, have its interrupt key
            return;
        }
        if (enabled) stty("intr", "^C", "quit", "^\\", "ixon");
        else stty(RAW_KEYS);
    }

    private void stty(String... args) throws IOException {
        restoredNow = false;
        if (!ready) {
            if (gathered == null) gathered = new ArrayList<>();
            gathered.addAll(List.of(args));
            return;
        }
        String[] cmd = new String[args.length + 1];
        cmd[0] = STTY;
        System.arraycopy(args, 0, cmd, 1, args.length);
        exec(cmd);
    }

    /**
     * Ctrl-Z: the terminal as the shell had it before the reader (its {@code stty -g} settings), so that the shell the
     * reader is stopped into reads lines and echoes them. The caller has stepped the screen aside.
     */
    void toShell() throws IOException {
        flush();
        restoreTerminalSettings();
    }

    /**
     * Back from the shell ({@code fg}): the reader's settings again. What the shell left is saved first, as what
     * the reader's end puts back: the person may have changed it while the reader was stopped.
     */
    void fromShell() throws IOException {
        ready = false; // gathered and set in one process, as at the start
        saveTerminalSettings();
        canonicalMode(false);
        keyEchoEnabled(false);
        keyStrokeSignalsEnabled(false);
        takeOver();
    }

    /**
     * The keys that are signals or flow control in a shell, none of them while the screen is up: Ctrl-C arrives as a
     * key (quit), Ctrl-\ too (unbound; as a signal the JVM printed its thread dump over the screen), and Ctrl-S, Ctrl-Q
     * (with {@code ixon} Ctrl-S froze the screen without a word until Ctrl-Q). Ctrl-Z ({@code susp}) stays: JobControl.
     */
    private static final String[] RAW_KEYS = {"intr", "undef", "quit", "undef", "-ixon"};

    /** The reader's own settings (what Lanterna sets at the start, and {@link #RAW_KEYS}), for {@link #fromProgram}. */
    private static final String[] RAW = {"-icanon", "min", "1", "-echo", "intr", "undef", "quit", "undef", "-ixon"};

    /**
     * A program run at the reader's terminal ($EDITOR, a terminal viewer, a browser), as mutt's endwin(): the
     * shell's own settings ({@code stty -g}), so that it gets lines, echo and Ctrl-C as a signal (which the reader
     * ignores meanwhile: JobControl.forProgram), but with {@code quit} undefined: the JVM cannot ignore SIGQUIT
     * (it is the VM's own, for a thread dump it would print over the terminal). The caller has stepped the screen aside.
     */
    void toProgram() throws IOException {
        flush();
        if (saved == null || saved.isEmpty()) return;
        exec(STTY, saved, "quit", "undef");
    }

    /**
     * Back from the program: the reader's settings again, set over the shell's in one stty whatever the program
     * left (a viewer that crashed in raw mode or with output processing off).
     */
    void fromProgram() throws IOException {
        if (saved == null || saved.isEmpty()) return;
        String[] cmd = new String[RAW.length + 2];
        cmd[0] = STTY;
        cmd[1] = saved;
        System.arraycopy(RAW, 0, cmd, 2, RAW.length);
        exec(cmd);
    }

    /** The high surrogate put last, waiting for its low half; 0 when none. */
    private char high;

    /**
     * Lanterna writes a string one char at a time and encodes each on its own, so the two halves of a character
     * outside the Basic Multilingual Plane (an emoji, CJK Extension B) each became '?' on the terminal. The
     * screen draws such a character as one double-width cell whose string is the pair: the high half is held here
     * until its low half comes and the two are written as the one character they are.
     */
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
            if (high != 0) writeToTerminal(pair(high, (char) 0, getCharset()));
            high = c;
            return;
        }
        if (high != 0) {
            char h = high;
            high = 0;
            writeToTerminal(pair(h, c, getCharset()));
            if (Character.isLowSurrogate(c)) return;
        }
        super.putCharacter(c);
    }

    /**
     * The bytes of the character a surrogate pair makes in {@code charset}; "??" (the two cells the screen gave it)
     * when the charset cannot encode it or {@code low} is not the pair's low half.
     */
    static byte[] pair(char high, char low, Charset charset) {
        String s = new String(new char[] {high, low});
        if (!Character.isLowSurrogate(low) || !charset.newEncoder().canEncode(s)) return "??".getBytes(charset);
        ByteBuffer b = charset.encode(s);
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    /** The charset this terminal writes in: the glyphs the reader draws on it follow it (TerminalText). */
    @Override
    public java.nio.charset.Charset charset() { return getCharset(); }

    @Override
    protected byte[] translateCharacter(char c) {
        return exact(super.translateCharacter(c), getCharset(), c);
    }

    /**
     * {@code written} cut to {@code charset}'s own encoding of {@code c} when it is that encoding followed by the
     * encoder's unused buffer; anything else (Lanterna's VT100 line-drawing sequence for a charset without box
     * characters) as it is.
     */
    static byte[] exact(byte[] written, Charset charset, char c) {
        ByteBuffer encoded = charset.encode(String.valueOf(c));
        int n = encoded.remaining();
        if (written.length <= n) return written;
        for (int i = 0; i < n; i++) {
            if (written[i] != encoded.get(i)) return written;
        }
        for (int i = n; i < written.length; i++) {
            if (written[i] != 0) return written;
        }
        return Arrays.copyOf(written, n);
    }
}
