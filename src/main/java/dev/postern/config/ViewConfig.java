package dev.postern.config;

import dev.postern.config.toml.TomlArray;
import dev.postern.config.toml.TomlTable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How messages are shown, for the reader and {@code postern read} alike (top level):
 *
 * <pre>
 * auto_view = ["text/html"]              # shown by the mailcap copiousoutput entry for the type (as mutt's auto_view)
 * mailcap_path = "~/.mailcap:/etc/mailcap" # where to find mailcap entries (default: $MAILCAPS, else these two)
 * prefer_html = true                     # show the HTML alternative even when there is a plain text one
 * </pre>
 *
 * @param autoView     types ("text/html", "text/*") shown through mailcap; empty: all built in
 * @param mailcapFiles the mailcap_path setting's files, or null when not set (then $MAILCAPS, ~/.mailcap, /etc/mailcap)
 * @param preferHtml   the HTML alternative of multipart/alternative first
 */
public record ViewConfig(List<String> autoView, List<Path> mailcapFiles, boolean preferHtml) {
    public static final Set<String> TOP_KEYS = Set.of("auto_view", "mailcap_path", "prefer_html");

    public ViewConfig {
        autoView = List.copyOf(autoView);
        mailcapFiles = mailcapFiles == null ? null : List.copyOf(mailcapFiles);
    }

    public static ViewConfig load(Config config, Map<String, String> env) {
        return parse(config.source(), ConfigLoader.document(config), env);
    }

    static ViewConfig parse(Path file, TomlTable toml, Map<String, String> env) {
        List<String> types = new ArrayList<>();
        if (toml.contains("auto_view")) {
            String example = "; e.g. auto_view = [\"text/html\"]";
            if (!(toml.get("auto_view") instanceof TomlArray arr)) {
                throw ConfigLoader.error(file, "auto_view must be a list of types" + example);
            }
            for (int i = 0; i < arr.size(); i++) {
                if (!(arr.get(i) instanceof String s) || !s.strip().matches("(?i)text/([a-z0-9.+-]+|\\*)|text")) {
                    throw ConfigLoader.error(file, "auto_view holds " + arr.get(i) + ", which is not a text type:"
                            + " the body shows text parts only (attachments open with s, v or `postern attachment open`)" + example);
                }
                types.add(s.strip().toLowerCase(Locale.ROOT));
            }
        }
        List<Path> files = null;
        if (toml.contains("mailcap_path")) {
            String v = ConfigLoader.stringValue(file, "the top level", toml, "mailcap_path");
            files = new ArrayList<>();
            String home = env.getOrDefault("HOME", System.getProperty("user.home"));
            for (String p : v.split(":")) {
                String s = p.strip();
                if (s.isEmpty()) continue;
                s = ConfigLoader.beside(file, s);
                files.add(s.equals("~") || s.startsWith("~/") ? Path.of(home + s.substring(1)) : Path.of(s));
            }
        }
        boolean preferHtml = toml.contains("prefer_html") && ConfigLoader.bool(file, "the top level", toml, "prefer_html");
        return new ViewConfig(types, files, preferHtml);
    }
}
