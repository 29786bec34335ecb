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
        try {
            checked(header, e, text);
        } catch (PosternException bad) {
            // RFC 5322 comments and obsolete spacing in the address ("Pete(A \) chap) <pete(his)@silly.test>",
            // "foo@example  .com"): a server's ENVELOPE drops them, the raw header a POP3 store keeps does not, so the
            // same message could be answered over IMAP and not over POP3 (hunt35-E E11). Without them, if that is one.
            String plain = withoutComments(e);
            if (plain.equals(e)) throw bad;
            String again = quoted(plain);
            try {
                checked(header, e, again);
            } catch (PosternException still) {
                throw bad;
            }
            return List.of(again);
        }
        return List.of(text);
    }

    /**
     * {@code entry} without its comments (outside quoted strings, nested, with quoted-pairs) and, in its address (the
     * part in angle brackets, or all of it without them), without the white space RFC 5322's obsolete syntax allows
     * around its dots and at sign.
     */
    static String withoutComments(String entry) {
        StringBuilder b = new StringBuilder(entry.length());
        boolean quoted = false;
        int depth = 0;
        for (int i = 0; i < entry.length(); i++) {
            char c = entry.charAt(i);
            if (c == '\\' && (quoted || depth > 0) && i + 1 < entry.length()) {
                if (depth == 0) b.append(c).append(entry.charAt(i + 1));
                i++;
            } else if (depth == 0 && c == '"') {
                quoted = !quoted;
                b.append(c);
            } else if (!quoted && c == '(') {
                if (depth++ == 0) b.append(' ');
            } else if (!quoted && c == ')' && depth > 0) {
                depth--;
            } else if (depth == 0) {
                b.append(c);
            }
        }
        String s = b.toString().strip();
        int lt = s.lastIndexOf('<');
        int gt = s.lastIndexOf('>');
        if (lt >= 0 && gt > lt) {
            String name = s.substring(0, lt).strip();
            if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) { // unquoted, as quoted() takes a name
                name = name.substring(1, name.length() - 1).replaceAll("\\\\(.)", "$1");
            }
            return name + " <" + tight(s.substring(lt + 1, gt)) + ">";
        }
        return s.indexOf('"') >= 0 ? s : tight(s);
    }

    /** An address without white space around its dots and at sign, nor at its ends. */
    private static String tight(String address) {
        return address.strip().replaceAll("\\s*([.@])\\s*", "$1");
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
