package dev.postern.ui;

import com.googlecode.lanterna.terminal.ansi.UnixLikeTerminal;
import com.googlecode.lanterna.terminal.ansi.UnixTerminal;
import com.googlecode.lanterna.TerminalTextUtils;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.Arrays;

/**
 * Lanterna's {@link UnixTerminal} (what its DefaultTerminalFactory builds here), writing each character as exactly
 * the bytes its charset gives it. Lanterna 3.1.5 writes {@code charset.encode(c).array()}: the encoder's whole
 * buffer, which for a character of two UTF-8 bytes (é, Œ, ¡, Greek, Cyrillic, Hebrew, Arabic ...) has three, the
 * last a NUL. So every such character on the screen sent a NUL byte to the terminal: a raw control byte no
 * message put there (most terminals drop it; recordings, logs and some terminals keep it).
 *
 * <p>And a character outside the Basic Multilingual Plane (emoji, many CJK extensions) is written whole: Lanterna's
 * putString hands each UTF-16 unit of the screen's cell to the charset alone, and half a surrogate pair encodes as
 * '?', so every emoji reached the terminal as "??" though the screen held it as one double-width cell.
 */
final class ExactUnixTerminal extends UnixTerminal {
    /** On the process's own terminal, with Ctrl-C arriving as a key (TRAP), as the reader has always run. */
    ExactUnixTerminal(InputStream in, OutputStream out, Charset charset) throws IOException {
        super(in, out, charset, UnixLikeTerminal.CtrlCBehaviour.TRAP);
    }

    @Override
    protected byte[] translateCharacter(char c) {
        return exact(super.translateCharacter(c), getCharset(), c);
    }

    @Override
    public void putString(String string) throws IOException {
        writeToTerminal(translate(string, getCharset(), this::translateCharacter));
    }

    /**
     * The bytes for {@code s}: a surrogate pair as its charset's encoding of the whole code point, any other
     * printable character as {@code perChar} translates it (what Lanterna's putCharacter writes), the rest dropped
     * as Lanterna drops them.
     */
    static byte[] translate(String s, Charset charset, java.util.function.Function<Character, byte[]> perChar) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() * 2);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                ByteBuffer b = charset.encode(s.substring(i, i + 2)); // a charset without it gives its replacement
                out.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
                i++;
            } else if (TerminalTextUtils.isPrintableCharacter(c)) {
                out.writeBytes(perChar.apply(c));
            }
        }
        return out.toByteArray();
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
