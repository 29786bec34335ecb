package dev.postern.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks what a program wrote to a terminal, and what the terminal then showed, for control sequences that came
 * from untrusted text rather than from the program's own screen drawing.
 *
 * <p>The reader draws with Lanterna, which writes only CSI sequences (cursor moves, erases, private modes such
 * as the alternate screen, and SGR for colours and the palette's bold, underline and reverse) and printable
 * text. So in the byte stream a program wrote ({@code tmux pipe-pane -O}), anything else is a leak: another
 * C0 control (NUL, BEL, BS, VT, FF, CR, LF ... Lanterna moves the cursor by address), DEL, a C1 control, a bidi
 * override or isolate, an escape that does not start a CSI sequence (OSC, which sets titles and clipboards, DCS,
 * APC, PM, SOS, or any other), and SGR attributes the palette never uses (blink, conceal ...). What this cannot
 * tell apart is a leaked CSI sequence of a kind Lanterna writes itself (an erase, a colour); for the hostile
 * generator's two such payloads the exact sequences are looked for ({@link #PAYLOADS}).
 */
public final class TerminalOutput {
    private TerminalOutput() {}

    /** SGR parameters Lanterna writes for postern's palettes: reset, bold, underline, reverse, their ends, colours. */
    static boolean allowedSgr(int p) {
        return p == 0 || p == 1 || p == 4 || p == 7 || p == 22 || p == 24 || p == 27
                || (p >= 30 && p <= 37) || p == 39 || (p >= 40 && p <= 47) || p == 49
                || (p >= 90 && p <= 97) || (p >= 100 && p <= 107);
    }

    /** Whole sequences of the hostile generator that Lanterna could also begin with; never written by it as such. */
    static final List<String> PAYLOADS = List.of("\u001b[2J\u001b[H", "\u001b[31mred");

    /** Escapes other than CSI that Lanterna may write: save/restore cursor, keypad modes. */
    private static final Set<Character> PLAIN_ESCAPES = Set.of('7', '8', '=', '>');

    /** A code point no terminal should ever receive from text: C0 but ESC, DEL, C1, bidi overrides and isolates, marks. */
    static boolean forbidden(int c) {
        return (c < 0x20 && c != 0x1b) || c == 0x7f || (c >= 0x80 && c <= 0x9f)
                || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f;
    }

    /** Problems in a stream the program wrote (decoded as UTF-8), each naming its offset and what is around it. */
    public static List<String> streamProblems(String s) {
        List<String> out = new ArrayList<>();
        for (String payload : PAYLOADS) {
            int at = s.indexOf(payload);
            if (at >= 0) out.add(problem(s, at, "the payload " + HostileMailIT.visible(payload)));
        }
        int i = 0;
        while (i < s.length() && out.size() < 20) {
            char c = s.charAt(i);
            if (c == 0x1b) {
                if (i + 1 >= s.length()) {
                    out.add(problem(s, i, "ESC at the end"));
                    break;
                }
                char n = s.charAt(i + 1);
                if (n == '[') {
                    int j = i + 2;
                    while (j < s.length() && s.charAt(j) >= 0x30 && s.charAt(j) <= 0x3f) j++;
                    int paramsEnd = j;
                    while (j < s.length() && s.charAt(j) >= 0x20 && s.charAt(j) <= 0x2f) j++;
                    if (j >= s.length() || s.charAt(j) < 0x40 || s.charAt(j) > 0x7e) {
                        out.add(problem(s, i, "an unterminated CSI sequence"));
                        i = j;
                        continue;
                    }
                    if (s.charAt(j) == 'm' && paramsEnd == j) {
                        String bad = badSgr(s.substring(i + 2, paramsEnd));
                        if (bad != null) out.add(problem(s, i, "SGR " + bad + ", which the palette never uses"));
                    }
                    i = j + 1;
                    continue;
                }
                if (!PLAIN_ESCAPES.contains(n)) out.add(problem(s, i, "ESC " + HostileMailIT.visible(String.valueOf(n))
                        + " (not a CSI sequence: OSC, DCS, APC ... or raw text)"));
                i += 2;
                continue;
            }
            if (forbidden(c)) out.add(problem(s, i, String.format("U+%04X", (int) c)));
            i++;
        }
        return out;
    }

    private static final Pattern SGR = Pattern.compile("\u001b\\[([0-9;:]*)m");

    /**
     * Problems on a screen captured with {@code capture-pane -p -e}: tmux renders each cell's attributes as SGR
     * sequences of its own, so anything but those, an SGR attribute the palette does not use, or a forbidden
     * character that reached a cell is a leak.
     */
    public static List<String> screenProblems(String captured) {
        List<String> out = new ArrayList<>();
        Matcher m = SGR.matcher(captured);
        while (m.find()) {
            String bad = badSgr(m.group(1));
            if (bad != null) out.add(problem(captured, m.start(), "the cell attribute SGR " + bad));
        }
        String text = text(captured);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') continue;
            if (c == 0x1b) out.add(problem(text, i, "an escape that is not tmux's SGR"));
            else if (forbidden(c)) out.add(problem(text, i, String.format("U+%04X", (int) c)));
        }
        return out;
    }

    /** The captured screen's text: tmux's SGR sequences taken out. */
    public static String text(String captured) {
        return SGR.matcher(captured).replaceAll("");
    }

    /** The first SGR parameter the palette never writes, or null; extended colours (38/48;5;n, 38/48;2;r;g;b) skipped. */
    static String badSgr(String params) {
        if (params.isEmpty()) return null;
        String[] p = params.split("[;:]", -1);
        for (int k = 0; k < p.length; k++) {
            if (p[k].isEmpty()) continue;
            int v;
            try {
                v = Integer.parseInt(p[k]);
            } catch (NumberFormatException e) {
                return p[k];
            }
            if ((v == 38 || v == 48 || v == 58) && k + 1 < p.length) {
                k += "5".equals(p[k + 1]) ? 2 : "2".equals(p[k + 1]) ? 4 : 1;
                continue;
            }
            if (!allowedSgr(v)) return Integer.toString(v);
        }
        return null;
    }

    private static String problem(String s, int at, String what) {
        String around = s.substring(Math.max(0, at - 30), Math.min(s.length(), at + 30));
        return what + " at " + at + " near " + HostileMailIT.visible(around);
    }
}
