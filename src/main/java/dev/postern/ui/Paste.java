package dev.postern.ui;

/**
 * A bracketed paste ({@link KeyInput}) in the reader: text for the prompt that is open, one line (a line break in it is
 * a space, never Enter), and cut, in so many words, past what a prompt takes; outside a prompt it is not keys and does
 * nothing but say so. Before, each pasted character was a key: a newline ended the prompt and the rest ran as
 * commands ({@code zzz⏎dy} pasted into a search deleted a message: hunt 37-G, G3).
 */
final class Paste {
    private Paste() {}

    /** What one prompt holds at most of pasted text (an address list, a search; never a message). */
    static final int PROMPT_MAX = 2000;

    /**
     * Puts {@code pasted} into the open {@code prompt} or compose field, and says on the message line what became of
     * it when there is something to say.
     */
    static void into(Prompt prompt, ComposeFlow compose, StatusLine status, String pasted) {
        String said = said(prompt, compose, pasted);
        if (said != null) status.notice(said);
    }

    private static String said(Prompt prompt, ComposeFlow compose, String pasted) {
        if (prompt.active()) {
            Line line = line(pasted, PROMPT_MAX - prompt.text().length());
            if (!prompt.paste(line.text())) return "Pasted text ignored: the question takes one key (y or n).";
            return line.said();
        }
        if (compose.inputActive()) {
            Line line = line(pasted, PROMPT_MAX - compose.inputLength());
            compose.paste(line.text());
            return line.said();
        }
        return "Pasted text ignored: paste into a prompt (/ to search, : for a command); it is never run as keys.";
    }

    /** The text a prompt gets of a paste, and the sentence when it was cut. */
    record Line(String text, String said) {}

    /**
     * {@code pasted} as one line of at most {@code room} chars: line breaks and tabs a space each (a CR LF one), the
     * line breaks at its end dropped, other control characters dropped; cut before a character it would part.
     */
    static Line line(String pasted, int room) {
        String s = pasted.replace("\r\n", "\n").replaceAll("[\r\n]+$", "");
        StringBuilder b = new StringBuilder(Math.min(s.length(), Math.max(room, 0)));
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r' || c == '\t') b.append(' ');
            else if (c >= ' ' && c != 0x7f && (c < 0x80 || c > 0x9f)) b.append(c);
        }
        if (b.length() <= room) return new Line(b.toString(), null);
        int cut = Math.max(room, 0);
        if (cut > 0 && Character.isHighSurrogate(b.charAt(cut - 1))) cut--;
        return new Line(b.substring(0, cut), "Pasted text cut to " + cut + " of its " + b.length()
                + " characters: a prompt takes " + PROMPT_MAX + " at most.");
    }
}
