package dev.postern.compose;

import dev.postern.model.Envelope;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The drafts that new, reply, reply-all and forward start from: addresses, "Re:"/"Fwd:" subjects,
 * threading headers, quoted text with an "On DATE, X wrote:" line. Reply-all leaves out the user's own
 * addresses. The original's text is the renderer's (already sanitised, HTML made plain); every other piece of the
 * original that goes into a draft (names, addresses, subject) is cleaned by {@link Addresses#clean}.
 */
public final class Templates {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE, d MMM yyyy 'at' HH:mm", Locale.ENGLISH);

    private Templates() {}

    /**
     * The user's own texts (config: attribution, reply_template, forward_template, new_template), each null for
     * the built-in one. In the attribution and the reply and forward templates: %n the sender's name (else
     * address), %a the sender's address, %d the original's date, %s its subject, %% a percent sign; in the reply
     * template also %A the attribution line and %q the quoted original; in the forward template %h the
     * forwarded message's header block and %b its text. A new message's template is used as it is.
     */
    public record Texts(String attribution, String reply, String forward, String fresh) {
        public static final Texts BUILT_IN = new Texts(null, null, null, null);
    }

    public static Draft blank(String from) {
        return blank(from, Texts.BUILT_IN);
    }

    public static Draft blank(String from, Texts texts) {
        return new Draft(from, null, null, null, "", texts.fresh() == null ? "" : texts.fresh(), null, null, null, false);
    }

    /**
     * @param raw      the original's bytes (for Reply-To), or null
     * @param bodyText the original's rendered text
     * @param own      the user's own addresses (lower-case compared), left out of reply-all
     */
    public static Draft reply(String from, Envelope original, byte[] raw, String bodyText, boolean all, Set<String> own,
            ZoneId zone) {
        return reply(from, original, raw, bodyText, all, own, zone, Texts.BUILT_IN);
    }

    public static Draft reply(String from, Envelope original, byte[] raw, String bodyText, boolean all, Set<String> own,
            ZoneId zone, Texts texts) {
        return reply(from, original, raw, bodyText, all, own, zone, texts, null);
    }

    /**
     * As {@link #reply(String, Envelope, byte[], String, boolean, Set, ZoneId, Texts)}; with {@code leftOut} not null, an
     * unusable To or Cc address of the original (reply-all) is left out and said there, one sentence each, instead of
     * failing the whole reply (hunt35-E E11): the sender, whom the reply is for, must still be usable.
     */
    public static Draft reply(String from, Envelope original, byte[] raw, String bodyText, boolean all, Set<String> own,
            ZoneId zone, Texts texts, List<String> leftOut) {
        original = asWritten(original, raw);
        Set<String> ownLower = new TreeSet<>();
        for (String o : own) if (o != null) ownLower.add(bare(o));
        List<String> replyTo = header(raw, "Reply-To");
        // A message the user sent (a follow-up to one's own mail: "forgot the attachment") is answered to its
        // recipients, not to oneself, as mutt (reply_self unset) and aerc do (hunt 38-M, M11).
        boolean mine = replyTo.isEmpty() && original.from() != null && ownLower.contains(bare(original.from()));
        List<String> to = new ArrayList<>();
        List<String> cc = new ArrayList<>();
        if (mine) {
            for (String a : original.to()) to.addAll(others("To", a, leftOut));
            if (to.isEmpty()) to.addAll(Addresses.ofOriginal("From", original.from())); // sent to no one else: oneself
            if (all) for (String a : original.cc()) cc.addAll(others("Cc", a, leftOut));
        } else {
            to.addAll(replyTo.isEmpty() ? Addresses.ofOriginal("From", original.from()) : replyTo);
            if (all) {
                for (String a : original.to()) to.addAll(others("To", a, leftOut));
                for (String a : original.cc()) cc.addAll(others("Cc", a, leftOut));
            }
        }
        Map<String, String> seen = new LinkedHashMap<>();
        List<String> toOut = dedupe(to, ownLower, seen, !all && !mine);
        List<String> ccOut = dedupe(cc, ownLower, seen, false);
        if (toOut.isEmpty() && !to.isEmpty()) toOut = List.of(to.get(0)); // replying to oneself: keep the one
        List<String> refs = new ArrayList<>(original.references());
        if (refs.isEmpty() && original.inReplyTo() != null) refs.add(original.inReplyTo());
        if (original.messageId() != null) refs.add(original.messageId());
        String body = texts.reply() == null ? "\n\n" + attribution(original, zone, texts.attribution()) + "\n" + quote(bodyText)
                : expand(texts.reply(), original, zone, texts.attribution(), bodyText);
        return new Draft(from, toOut, ccOut, null, prefixed("Re: ", subject(original)), body, null,
                original.messageId(), refs, false);
    }

    private static List<String> others(String header, String entry, List<String> leftOut) {
        if (leftOut == null) return Addresses.ofOriginal(header, entry);
        try {
            return Addresses.ofOriginal(header, entry);
        } catch (dev.postern.model.PosternException bad) {
            String why = bad.getMessage();
            if (why.endsWith("; nothing was sent.")) why = why.substring(0, why.length() - "; nothing was sent.".length());
            leftOut.add(why + "; that address was left out of the reply.");
            return List.of();
        }
    }

    /**
     * {@code original} with its sender as the From header writes it ({@code raw}, read as the pager and the POP3 listing
     * read it), for the address a reply goes to (when there is no Reply-To) and for what the attribution line, the
     * templates' %n and %a and a forward's From line say. An IMAP server's ENVELOPE takes the first addr-spec of
     * {@code From: a@b <a@real.example>} (an unquoted address-like name, as Outlook writes): a reply went to the name's
     * text (hunt 35-E, E5) and %a said it. The envelope's reading stands when there is no raw header or its From is no
     * usable address (RFC 5322 comments that the server's parser removed, say). To and Cc likewise, for a reply to all.
     */
    public static Envelope asWritten(Envelope original, byte[] raw) {
        if (raw == null) return original;
        dev.postern.render.LenientHeaders headers = dev.postern.render.LenientHeaders.parse(raw);
        Envelope out = original.withRecipients(asWritten(original.to(), headers.addresses("To")),
                asWritten(original.cc(), headers.addresses("Cc")));
        List<String> written = headers.addresses("From");
        if (written.isEmpty()) return out;
        String header = usableAddress(written.get(0));
        // The same address (a name decoded or quoted otherwise, comments the server's parser removed): the envelope's
        // reading stands, as the listing shows it.
        if (header == null || header.equalsIgnoreCase(String.valueOf(usableAddress(original.from())))) return out;
        return out.withFrom(written.get(0));
    }

    /**
     * A To or Cc list as its header writes it, when that names other addresses than the envelope's reading: Dovecot's
     * ENVELOPE of {@code To: a@b <a@real.example>, c@d} is {@code a@b} alone, and a reply to all left out both real
     * recipients. The envelope's list stands when the header names the same addresses, or one the reply could not use.
     */
    private static List<String> asWritten(List<String> envelope, List<String> written) {
        // A header reading names fewer addresses than the server's only when it was cut (LenientHeaders stops at
        // MAX_ADDRESSES, and at a field's MAX_VALUE_CHARS): a reply to all of 1,200 left 200 out (hunt 39-S, S1).
        if (written.isEmpty() || written.size() < envelope.size()
                || written.size() >= dev.postern.render.LenientHeaders.MAX_ADDRESSES) return envelope;
        Set<String> header = new TreeSet<>();
        for (String w : written) {
            String u = usableAddress(w);
            if (u == null) return envelope;
            header.add(u.toLowerCase(java.util.Locale.ROOT));
        }
        Set<String> read = new TreeSet<>();
        for (String e : envelope) {
            String u = usableAddress(e);
            if (u != null) read.add(u.toLowerCase(java.util.Locale.ROOT));
        }
        return header.equals(read) ? envelope : written;
    }

    /** The bare address of one From entry once made usable ({@link Addresses#ofOriginal}), or null when it is not. */
    private static String usableAddress(String entry) {
        try {
            List<String> usable = Addresses.ofOriginal("From", entry);
            if (usable.size() != 1) return null;
            String u = usable.get(0).strip();
            int lt = u.lastIndexOf('<');
            return lt >= 0 && u.endsWith(">") ? u.substring(lt + 1, u.length() - 1) : u;
        } catch (dev.postern.model.PosternException unusable) {
            return null;
        }
    }

    /**
     * A list reply (mutt's list-reply): to the addresses of Mail-Followup-To when the original has one, else to the
     * list's posting address from List-Post (RFC 2369: the first mailto: URI); otherwise as {@link #reply}.
     *
     * @throws dev.postern.model.PosternException (64) when the message names no list address, or its List-Post
     *     says posting is not allowed
     */
    public static Draft listReply(String from, Envelope original, byte[] raw, String bodyText, Set<String> own, ZoneId zone) {
        return listReply(from, original, raw, bodyText, own, zone, Texts.BUILT_IN);
    }

    public static Draft listReply(String from, Envelope original, byte[] raw, String bodyText, Set<String> own, ZoneId zone,
            Texts texts) {
        List<String> to = header(raw, "Mail-Followup-To");
        if (to.isEmpty()) {
            String post = rawHeader(raw, "List-Post");
            if (post != null && post.strip().toUpperCase(Locale.ROOT).startsWith("NO")) {
                throw new dev.postern.model.PosternException(dev.postern.model.ExitCode.USAGE,
                        "the list of this message does not take posts (List-Post: NO); reply to the sender instead.");
            }
            String address = post == null ? null : listPostAddress(post);
            if (address != null) to = Addresses.ofOriginal("List-Post", address);
        }
        if (to.isEmpty()) {
            throw new dev.postern.model.PosternException(dev.postern.model.ExitCode.USAGE,
                    "this message names no list address (no List-Post or Mail-Followup-To header); reply to the sender"
                    + " or to all instead.");
        }
        Set<String> ownLower = new TreeSet<>();
        for (String o : own) if (o != null) ownLower.add(bare(o));
        List<String> kept = dedupe(to, ownLower, new LinkedHashMap<>(), false);
        Draft d = reply(from, original, raw, bodyText, false, own, zone, texts);
        return d.withTo(kept.isEmpty() ? List.of(to.get(0)) : kept).withCc(List.of());
    }

    /** Possessive: backtracking into {@code [^>?]+} made a long List-Post without '>' cost the square of its length. */
    private static final java.util.regex.Pattern LIST_POST =
            java.util.regex.Pattern.compile("<\\s*+mailto:([^>?]++)[^>]*+>", java.util.regex.Pattern.CASE_INSENSITIVE);

    /** The address of the first mailto: URI in a List-Post value ("&lt;mailto:list@host?subject=x&gt;, &lt;http://..&gt;"). */
    static String listPostAddress(String value) {
        String unfolded = MimeUtility.unfold(value);
        // The first 4 KiB: each '<' that starts a failing match reads on to the end.
        java.util.regex.Matcher m = LIST_POST.matcher(unfolded.length() > 4096 ? unfolded.substring(0, 4096) : unfolded);
        if (!m.find()) return null;
        String a = java.net.URLDecoder.decode(m.group(1).replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8).strip();
        return a.contains("@") && !a.contains(",") ? a : null;
    }

    private static String rawHeader(byte[] raw, String name) {
        if (raw == null) return null;
        try {
            return new InternetHeaders(new ByteArrayInputStream(raw)).getHeader(name, ",");
        } catch (Exception e) {
            return null;
        }
    }

    public static Draft forwardInline(String from, Envelope original, String bodyText, ZoneId zone) {
        return forwardInline(from, original, bodyText, zone, Texts.BUILT_IN);
    }

    public static Draft forwardInline(String from, Envelope original, String bodyText, ZoneId zone, Texts texts) {
        String body = texts.forward() == null
                ? "\n\n---------- Forwarded message ----------\n" + forwardedHeaders(original, zone) + '\n'
                        + (bodyText == null ? "" : bodyText.stripTrailing()) + '\n'
                : expand(texts.forward(), original, zone, texts.attribution(), bodyText);
        return new Draft(from, null, null, null, prefixed("Fwd: ", subject(original)), body, null, null, null, false);
    }

    /** From, Date, Subject, To and Cc of a forwarded message, a line each, cleaned as {@link Addresses#clean}. */
    private static String forwardedHeaders(Envelope original, ZoneId zone) {
        StringBuilder b = new StringBuilder();
        b.append("From: ").append(Addresses.clean(original.from())).append('\n');
        if (original.date() != null) b.append("Date: ").append(WHEN.format(original.date().atZone(zone))).append('\n');
        b.append("Subject: ").append(subject(original)).append('\n');
        if (!original.to().isEmpty()) b.append("To: ").append(Addresses.clean(String.join(", ", original.to()))).append('\n');
        if (!original.cc().isEmpty()) b.append("Cc: ").append(Addresses.clean(String.join(", ", original.cc()))).append('\n');
        return b.toString();
    }

    /** The original's subject as a reply, a forward and their texts show it: {@link Addresses#clean}. */
    private static String subject(Envelope e) {
        return Addresses.clean(e.subject());
    }

    /** A template's text with its %-sequences replaced (see {@link Texts}); an unknown one is kept as it is. */
    /**
     * The start of a reply's body that comes before the answer: with a reply template, what it puts before its first
     * %A or %q (its greeting, "Hi %n,\n\n", expanded), else "" (the built-in reply starts with the answer). The batch
     * reply puts the user's text there, not above the greeting (hunt 33-Z, Z10).
     */
    public static String replyLead(Envelope original, ZoneId zone, Texts texts) {
        String t = texts.reply();
        if (t == null) return "";
        int at = -1;
        for (int i = 0; i + 1 < t.length(); i++) {
            if (t.charAt(i) != '%') continue;
            char k = t.charAt(i + 1);
            if (k == 'A' || k == 'q') {
                at = i;
                break;
            }
            i++; // %% and the other placeholders
        }
        if (at <= 0) return "";
        String lead = expand(t.substring(0, at), original, zone, texts.attribution(), null);
        return lead.isBlank() ? "" : lead;
    }

    static String expand(String template, Envelope original, ZoneId zone, String attributionFormat, String bodyText) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < template.length(); i++) {
            char ch = template.charAt(i);
            if (ch != '%' || i + 1 >= template.length()) {
                out.append(ch);
                continue;
            }
            char k = template.charAt(++i);
            switch (k) {
                case 'A' -> out.append(attribution(original, zone, attributionFormat));
                case 'q' -> out.append(quote(bodyText).stripTrailing());
                case 'b' -> out.append(bodyText == null ? "" : bodyText.stripTrailing());
                case 'h' -> out.append(forwardedHeaders(original, zone).stripTrailing());
                case 'n', 'a', 'd', 's', '%' -> out.append(field(k, original, zone));
                default -> out.append('%').append(k);
            }
        }
        return out.toString();
    }

    private static String field(char k, Envelope e, ZoneId zone) {
        return switch (k) {
            case 'n' -> senderName(e);
            case 'a' -> senderAddress(e);
            case 'd' -> e.date() == null ? "" : WHEN.format(e.date().atZone(zone));
            case 's' -> subject(e);
            default -> "%";
        };
    }

    public static Draft forwardAttached(String from, Envelope original, byte[] raw) {
        String name = safeName(original.subject()) + ".eml"; // safeName keeps letters, digits and " ._-" alone
        return new Draft(from, null, null, null, prefixed("Fwd: ", subject(original)), "", 
                List.of(Draft.Attachment.message(name, raw)), null, null, false);
    }

    static String attribution(Envelope e, ZoneId zone) {
        return attribution(e, zone, null);
    }

    /** @param format the attribution setting (%n %a %d %s %%), or null for "On DATE, NAME wrote:" */
    static String attribution(Envelope e, ZoneId zone, String format) {
        if (format != null) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < format.length(); i++) {
                char ch = format.charAt(i);
                if (ch == '%' && i + 1 < format.length() && "nads%".indexOf(format.charAt(i + 1)) >= 0) {
                    out.append(field(format.charAt(++i), e, zone));
                } else {
                    out.append(ch);
                }
            }
            return out.toString();
        }
        String who = senderName(e);
        if (e.date() == null) return who + " wrote:";
        return "On " + WHEN.format(e.date().atZone(zone)) + ", " + who + " wrote:";
    }

    /** The sender's name, else its address, cleaned as {@link Addresses#clean} (it goes into the reply's text). */
    private static String senderName(Envelope e) {
        String f = e.from().strip();
        int lt = f.lastIndexOf('<');
        // Envelope holds "Name <a@b>" decoded and unquoted: the name is what comes before the last '<'
        String who = Addresses.clean(lt > 0 && f.endsWith(">") ? f.substring(0, lt) : "");
        if (who.isEmpty()) who = senderAddress(e);
        return who.isEmpty() ? "someone" : who;
    }

    private static String senderAddress(Envelope e) {
        String f = e.from().strip();
        int lt = f.lastIndexOf('<');
        return Addresses.clean(lt >= 0 && f.endsWith(">") ? f.substring(lt + 1, f.length() - 1) : f);
    }

    static String quote(String text) {
        if (text == null) return "";
        StringBuilder out = new StringBuilder();
        for (String line : text.stripTrailing().split("\n", -1)) {
            out.append(line.startsWith(">") ? ">" : "> ").append(line).append('\n');
        }
        return out.toString();
    }

    /** "Re: " + subject, unless it already starts with Re:/Fwd: (any case). */
    static String prefixed(String prefix, String subject) {
        String s = subject == null ? "" : subject.strip();
        String p = prefix.strip().toLowerCase(Locale.ROOT);
        if (s.toLowerCase(Locale.ROOT).startsWith(p)) return s;
        if (p.equals("fwd:") && s.toLowerCase(Locale.ROOT).startsWith("fw:")) return s;
        return prefix + s;
    }

    private static List<String> dedupe(List<String> in, Set<String> own, Map<String, String> seen, boolean keepOwn) {
        List<String> out = new ArrayList<>();
        for (String a : in) {
            if (a == null || a.isBlank()) continue;
            String key = bare(a);
            if ((!keepOwn && own.contains(key)) || seen.containsKey(key)) continue;
            seen.put(key, a);
            out.add(a);
        }
        return out;
    }

    static String bare(String address) {
        try {
            return new InternetAddress(address, false).getAddress().toLowerCase(Locale.ROOT);
        } catch (Exception e) {
            return address.strip().toLowerCase(Locale.ROOT);
        }
    }

    private static List<String> header(byte[] raw, String name) {
        if (raw == null) return List.of();
        try {
            InternetHeaders h = new InternetHeaders(new ByteArrayInputStream(raw));
            String v = h.getHeader(name, ",");
            if (v == null) return List.of();
            // InternetHeaders reads a byte a char: raw 8-bit UTF-8 ("Jörg Müller") is decoded as the reader shows it,
            // not sent back as "JÃ¶rg MÃ¼ller" (hunt 30-Q, 1).
            v = dev.postern.render.Charsets.rawHeader(v);
            // Quoted again as they were ("Doe, John" <jd@x.org>): the builder parses the draft's text once more.
            List<String> out = new ArrayList<>();
            for (InternetAddress a : InternetAddress.parseHeader(MimeUtility.unfold(v), false)) {
                out.addAll(Addresses.ofOriginal(name, a));
            }
            return out;
        } catch (dev.postern.model.PosternException bad) {
            throw bad;
        } catch (Exception e) {
            return List.of();
        }
    }

    private static String safeName(String subject) {
        String s = subject == null ? "" : subject.replaceAll("[^\\p{L}\\p{N} ._-]", "_").strip();
        if (s.isEmpty()) s = "message";
        return s.length() > 60 ? s.substring(0, 60) : s;
    }
}
