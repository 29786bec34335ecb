package dev.postern.ui;

import dev.postern.render.RenderedMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A message's links for the open-link key: the HTML renderer's numbered ones first, then web and mail
 * addresses written in the text, each once; and the command that opens one: {@code $BROWSER} (its first
 * entry when it is a colon-separated list; {@code %s} is replaced by the URL, else the URL is added as the
 * last argument), else {@code xdg-open}. The URL is one argument of its own, never shell text.
 *
 * <p>Only web and mail addresses are opened ({@link #refusal}): an HTML link's target is the sender's to write, and
 * handed to a browser as it is, {@code --utility-cmd-prefix=CMD} is an option that makes Chromium run CMD (hunt
 * 36-S, S2), {@code file:} opens the user's own files with whatever handles them, {@code smb:} fetches from the
 * sender's share. The schemes opened are those {@code MessageLinks} finds written in text (http, https, ftp, mailto),
 * as urlview's default pattern; urlscan also takes {@code file:} and aerc any {@code scheme://}, which a stranger's
 * mail needs neither of.
 */
final class Links {
    /** At most this many are listed: a message of a million URLs still opens its list at once. */
    static final int MAX = dev.postern.render.MessageLinks.MAX;
    /** What a link that is opened begins with: a web address with a host, or a mail address. */
    private static final Pattern OPENED = Pattern.compile("(?:https?|ftp)://[^/?#\\s]|mailto:[^\\s]",
            Pattern.CASE_INSENSITIVE);
    /** A mailto: that asks the mail program to attach a file (Thunderbird, Evolution and KMail have honoured it). */
    private static final Pattern ATTACH = Pattern.compile("[?&](?:attach|attachment)=", Pattern.CASE_INSENSITIVE);
    /** A URI scheme (RFC 3986) and its colon. */
    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]{0,31}:");

    private Links() {}

    /** Off the UI thread ({@link LinkList}): the links of {@code m}. */
    static List<String> of(RenderedMessage m) {
        return finding.apply(m);
    }

    /** How links are found (tests put one of their own that they hold up). */
    static volatile java.util.function.Function<RenderedMessage, List<String>> finding = dev.postern.render.MessageLinks::of;

    /**
     * Why {@code url} is not opened, as the end of "link N is ..." (one line, unsanitised), or null when it is a web
     * or mail address that is opened. It never starts with '-' then (an option to the browser).
     */
    static String refusal(String url) {
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return "not a web address (it holds control characters)";
        }
        if (OPENED.matcher(url).lookingAt()) {
            if (url.regionMatches(true, 0, "mailto:", 0, 7) && ATTACH.matcher(url).find()) {
                return "a mailto: link that asks to attach a file";
            }
            return null;
        }
        if (url.startsWith("-")) return "not a web address (it starts with '-', an option to a browser)";
        var scheme = SCHEME.matcher(url);
        if (scheme.lookingAt()) return "not a web address (its scheme is " + scheme.group().toLowerCase(Locale.ROOT) + ")";
        return "not a web address (it has no http:, https:, ftp: or mailto:)";
    }

    /** The argv that opens {@code url}, a link {@link #refusal} passes (else IllegalArgumentException). */
    static List<String> command(Map<String, String> env, String url) {
        if (refusal(url) != null) throw new IllegalArgumentException("not a link postern opens");
        String browser = env.get("BROWSER");
        String first = browser == null ? "" : browser.split(":", -1)[0].strip();
        if (first.isEmpty()) return List.of("xdg-open", url);
        List<String> argv = new ArrayList<>();
        boolean placed = false;
        for (String word : first.split("\\s+")) {
            if (word.contains("%s")) {
                argv.add(word.replace("%s", url));
                placed = true;
            } else {
                argv.add(word);
            }
        }
        if (!placed) argv.add(url);
        return argv;
    }

    /** The environment the opener is looked up in (tests give their own). */
    static volatile java.util.function.Supplier<Map<String, String>> environment = System::getenv;
}
