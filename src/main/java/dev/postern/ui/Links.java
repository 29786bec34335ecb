package dev.postern.ui;

import dev.postern.render.RenderedMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A message's links for the open-link key: the HTML renderer's numbered ones first, then web and mail
 * addresses written in the text, each once; and the command that opens one: {@code $BROWSER} (its first
 * entry when it is a colon-separated list; {@code %s} is replaced by the URL, else the URL is added as the
 * last argument), else {@code xdg-open}. The URL is one argument of its own, never shell text.
 */
final class Links {
    /** At most this many are listed: a message of a million URLs still opens its list at once. */
    static final int MAX = dev.postern.render.MessageLinks.MAX;

    private Links() {}

    /** Off the UI thread ({@link LinkList}): the links of {@code m}. */
    static List<String> of(RenderedMessage m) {
        return finding.apply(m);
    }

    /** How links are found (tests put one of their own that they hold up). */
    static volatile java.util.function.Function<RenderedMessage, List<String>> finding = dev.postern.render.MessageLinks::of;

    /** The argv that opens {@code url}. */
    static List<String> command(Map<String, String> env, String url) {
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
