package dev.postern.compose;

import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Addresses turned back into text that is parsed again (a reply's To and Cc, the editor's draft file, the compose
 * screen's lines, a recalled draft): RFC 5322 text, the display name quoted when it holds a special character
 * ({@code "Doe, John" <jd@x.org>}), non-ASCII kept as it is (readable in the editor; the builder encodes it), and
 * stripped of what could break a header line or fool the eye (control characters, bidi overrides).
 */
public final class Addresses {
    /** At most this much of a bad address goes into a message. */
    private static final int SHOWN = 80;

    /** What RFC 5322 allows in an atom besides letters and digits: a name of these needs no quotes. */
    private static final String ATEXT = "!#$%&'*+-/=?^_`{|}~";

    private Addresses() {}

    /** {@code name <address>} with the name quoted as needed and cleaned, or the bare address when there is no name. */
    public static String text(String name, String address) {
        String n = clean(name);
        String a = address == null ? "" : address.strip();
        if (n.isEmpty()) return a;
        if (n.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == ' ' || ATEXT.indexOf(c) >= 0)) return n + " <" + a + ">";
        try {
            return new InternetAddress(a, n, "UTF-8").toUnicodeString();
        } catch (java.io.UnsupportedEncodingException cannot) {
            throw new IllegalStateException(cannot); // UTF-8 is always there
        }
    }

    /** As {@link #text(String, String)} for a parsed address. */
    public static String text(InternetAddress a) {
        return text(a.getPersonal(), a.getAddress());
    }

    /**
     * One address of an original message as {@link dev.postern.model.Envelope} holds it (decoded {@code Name <a@b>} or
     * {@code a@b}, the name not quoted, so {@code Doe, John <jd@x.org>} is one address), as text for a reply. A group
     * gives its members; an empty one ({@code undisclosed-recipients:;}) none.
     *
     * @param header the original's header it came from (From, To, Cc, Reply-To), for the message
     * @throws PosternException (65) when it is no usable mail address: the message's data is bad, not the user's words
     */
    public static List<String> ofOriginal(String header, String entry) {
        String e = entry == null ? "" : entry.strip();
        if (e.isEmpty()) return List.of();
        if (isGroup(e)) return group(header, e);
        String text = quoted(e);
        checked(header, e, text);
        return List.of(text);
    }

    /**
     * One address as {@link dev.postern.model.Envelope} holds it ({@code Doe, John <jd@x.org>}) as text to parse again
     * ({@code "Doe, John" <jd@x.org>}), unchecked: for lists the user picks from (address completion).
     */
    public static String quoted(String entry) {
        String e = entry == null ? "" : entry.strip();
        int lt = e.lastIndexOf('<');
        return lt >= 0 && e.endsWith(">") ? text(e.substring(0, lt), e.substring(lt + 1, e.length() - 1)) : e;
    }

    /** As {@link #ofOriginal} for addresses already parsed from the original's header ({@code Reply-To}, say). */
    public static List<String> ofOriginal(String header, InternetAddress a) {
        if (a.isGroup()) return group(header, a.getAddress());
        String text = text(a);
        checked(header, a.toUnicodeString(), text);
        return List.of(text);
    }

    /**
     * Text without control characters (C0, DEL, C1: ESC, BEL, CSI ...), bidi controls or line breaks, a run of white
     * space one space. The one rule for every piece of an original message that goes into a reply or forward (display
     * names, the subject, the attribution line, the forwarded header block, the draft file's header lines) and for
     * every header value the builder writes, so none of them can act on the recipient's terminal or reorder its text.
     */
    static String clean(String raw) {
        if (raw == null) return "";
        StringBuilder b = new StringBuilder(raw.length());
        boolean space = false;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            boolean white = Character.isWhitespace(c) || c == '\u00a0' || c == '\u2028' || c == '\u2029';
            if (white || unwanted(c)) {
                space = space || white; // a line break or tab reads as a space; other controls are dropped
                continue;
            }
            if (space && b.length() > 0) b.append(' ');
            space = false;
            b.append(c);
        }
        return b.toString();
    }

    /** A C0 or C1 control character, DEL, or a bidi control: never part of a name or an address. */
    private static boolean unwanted(char c) {
        return c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || dev.postern.render.Sanitizer.isBidiControl(c);
    }

    /** "name: members;" (the form Jakarta gives a group) rather than an address whose name holds a colon. */
    private static boolean isGroup(String e) {
        int colon = e.indexOf(':');
        int quote = e.indexOf('"');
        int lt = e.indexOf('<');
        return e.endsWith(";") && colon > 0 && (quote < 0 || colon < quote) && (lt < 0 || colon < lt);
    }

    private static List<String> group(String header, String e) {
        List<String> out = new ArrayList<>();
        try {
            for (InternetAddress g : InternetAddress.parseHeader(e, false)) {
                InternetAddress[] members = g.isGroup() ? g.getGroup(false) : new InternetAddress[] {g};
                if (members == null) continue;
                for (InternetAddress m : members) out.addAll(ofOriginal(header, m));
            }
        } catch (AddressException bad) {
            throw unusable(header, e, bad.getMessage());
        }
        return out;
    }

    /**
     * Whether {@code text} is what the builder takes as exactly one address, with nothing in it that the builder would
     * quietly drop; if not, the original's header is at fault.
     */
    private static void checked(String header, String shown, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (unwanted(c)) {
                throw unusable(header, shown, "a control character in the address");
            }
        }
        int found;
        try {
            found = MessageBuilder.list(header, List.of(text)).size();
        } catch (PosternException bad) {
            Throwable why = bad.getCause();
            throw unusable(header, shown, why != null && why.getMessage() != null ? why.getMessage() : "not a mail address");
        }
        if (found != 1) throw unusable(header, shown, "more than one address");
    }

    private static PosternException unusable(String header, String shown, String why) {
        String s = dev.postern.render.Sanitizer.oneLine(shown);
        if (s.length() > SHOWN) s = s.substring(0, SHOWN) + "…";
        return new PosternException(ExitCode.DATAERR, "the original message's " + header + " header has no usable mail address in '"
                + s + "' (" + dev.postern.render.Sanitizer.oneLine(why) + "); nothing was sent.");
    }
}
