package dev.postern.render;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.util.Locale;
import java.util.Set;

/**
 * UTF-7 (RFC 2152), which Java lacks and Exchange and old Outlook still label bodies and encoded-words with
 * ("unicode-1-1-utf-7", "utf-7", "x-unicode-2-0-utf-7"). Decoding only, and lenient: a '+' that starts no base64
 * run stays a '+', a run ends at any character outside base64 (a '-' there is absorbed), left-over bits are dropped,
 * a lone surrogate becomes U+FFFD, and only a byte above 0x7F is malformed (U+FFFD when replaced). Written here
 * because no UTF-7 library (jutf7 or another) is among the packages this build can use, and the rules are short.
 * Found by {@link Charsets#lookup} and, through {@link Utf7Provider}, by {@code Charset.forName} (MimeUtility).
 */
public final class Utf7Charset extends Charset {
    static final Set<String> ALIASES = Set.of("utf7", "unicode-1-1-utf-7", "x-unicode-2-0-utf-7", "x-utf-7",
            "csunicode11utf7", "unicode-2-0-utf-7");
    public static final Utf7Charset INSTANCE = new Utf7Charset();

    private Utf7Charset() {
        super("UTF-7", ALIASES.toArray(String[]::new));
    }

    /** Whether {@code name} (any case) is this charset's name or one of its aliases. */
    static boolean named(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        return n.equals("utf-7") || ALIASES.contains(n);
    }

    @Override
    public boolean contains(Charset cs) {
        return cs instanceof Utf7Charset || "US-ASCII".equals(cs.name());
    }

    @Override
    public boolean canEncode() {
        return false;
    }

    @Override
    public CharsetDecoder newDecoder() {
        return new Decoder(this);
    }

    @Override
    public CharsetEncoder newEncoder() {
        throw new UnsupportedOperationException("postern reads UTF-7 but never writes it");
    }

    private static final class Decoder extends CharsetDecoder {
        private boolean shifted; // inside a base64 run
        private boolean justShifted; // the '+' was the last byte: "+-" is a '+'
        private int bits;
        private int nbits;
        private char high; // a high surrogate waiting for its low one, or 0

        Decoder(Charset cs) {
            super(cs, 1.0f, 2.0f);
        }

        private static int base64(int b) {
            if (b >= 'A' && b <= 'Z') return b - 'A';
            if (b >= 'a' && b <= 'z') return b - 'a' + 26;
            if (b >= '0' && b <= '9') return b - '0' + 52;
            if (b == '+') return 62;
            if (b == '/') return 63;
            return -1;
        }

        @Override
        protected CoderResult decodeLoop(ByteBuffer in, CharBuffer out) {
            while (in.hasRemaining()) {
                int b = in.get(in.position()) & 0xff;
                if (!shifted) {
                    if (b >= 0x80) return CoderResult.malformedForLength(1);
                    if (b == '+') {
                        shifted = true;
                        justShifted = true;
                        bits = 0;
                        nbits = 0;
                    } else {
                        if (!out.hasRemaining()) return CoderResult.OVERFLOW;
                        out.put((char) b);
                    }
                    in.get();
                    continue;
                }
                int v = base64(b);
                if (v < 0) {
                    if (!endRun(out)) return CoderResult.OVERFLOW;
                    if (b == '-') in.get(); // the run's explicit end; anything else is read as a direct character
                    continue;
                }
                int acc = bits << 6 | v;
                int nb = nbits + 6;
                if (nb >= 16) {
                    if (!unit((char) (acc >>> (nb - 16)), out)) return CoderResult.OVERFLOW;
                    nb -= 16;
                    acc &= (1 << nb) - 1;
                }
                bits = acc;
                nbits = nb;
                justShifted = false;
                in.get();
            }
            return CoderResult.UNDERFLOW;
        }

        /** Puts one UTF-16 unit of a run, pairing surrogates; false (nothing changed) when out has no room. */
        private boolean unit(char c, CharBuffer out) {
            if (high != 0) {
                if (Character.isLowSurrogate(c)) {
                    if (out.remaining() < 2) return false;
                    out.put(high).put(c);
                    high = 0;
                    return true;
                }
                int need = Character.isHighSurrogate(c) ? 1 : 2;
                if (out.remaining() < need) return false;
                out.put('\uFFFD');
                high = 0;
            }
            if (Character.isHighSurrogate(c)) {
                high = c;
                return true;
            }
            if (!out.hasRemaining()) return false;
            out.put(Character.isLowSurrogate(c) ? '\uFFFD' : c);
            return true;
        }

        /** Leaves a run: a waiting high surrogate is U+FFFD, a '+' that started nothing is itself. */
        private boolean endRun(CharBuffer out) {
            int need = (high != 0 ? 1 : 0) + (justShifted ? 1 : 0);
            if (out.remaining() < need) return false;
            if (high != 0) out.put('\uFFFD');
            if (justShifted) out.put('+');
            shifted = false;
            justShifted = false;
            high = 0;
            bits = 0;
            nbits = 0;
            return true;
        }

        @Override
        protected CoderResult implFlush(CharBuffer out) {
            if (shifted && !endRun(out)) return CoderResult.OVERFLOW;
            return CoderResult.UNDERFLOW;
        }

        @Override
        protected void implReset() {
            shifted = false;
            justShifted = false;
            high = 0;
            bits = 0;
            nbits = 0;
        }
    }
}
