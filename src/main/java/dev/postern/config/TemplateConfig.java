package dev.postern.config;

import dev.postern.config.toml.TomlTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * The texts new mail, replies and forwards start from (top level), as mutt's attribution and aerc's templates:
 *
 * <pre>
 * attribution = "%n wrote on %d:"                  # the line above a quoted reply
 * reply_template = "~/.config/postern/reply.txt"   # %A attribution, %q quoted original, %n %a %d %s
 * forward_template = "~/.config/postern/fwd.txt"   # %h forwarded headers, %b the original's text, %n %a %d %s
 * new_template = "~/.config/postern/new.txt"       # used as it is
 * </pre>
 *
 * Files are read each time a draft is made (an edit shows at once), so they are only checked to exist here.
 *
 * @param attribution the attribution format, or null for "On DATE, NAME wrote:"
 */
public record TemplateConfig(String attribution, Path reply, Path forward, Path fresh) {
    public static final Set<String> TOP_KEYS = Set.of("attribution", "reply_template", "forward_template", "new_template");

    public static TemplateConfig load(Config config, Map<String, String> env) {
        return parse(config.source(), ConfigLoader.document(config), env);
    }

    static TemplateConfig parse(Path file, TomlTable toml, Map<String, String> env) {
        String attribution = toml.contains("attribution") ? ConfigLoader.stringValue(file, "the top level", toml, "attribution") : null;
        return new TemplateConfig(attribution, path(file, toml, env, "reply_template"), path(file, toml, env, "forward_template"),
                path(file, toml, env, "new_template"));
    }

    private static Path path(Path file, TomlTable toml, Map<String, String> env, String key) {
        if (!toml.contains(key)) return null;
        String v = ConfigLoader.stringValue(file, "the top level", toml, key).strip();
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        Path p = v.equals("~") || v.startsWith("~/") ? Path.of(home + v.substring(1)) : Path.of(v);
        if (!p.isAbsolute() && file != null && file.getParent() != null) p = file.getParent().resolve(p);
        if (!Files.isRegularFile(p)) throw ConfigLoader.error(file, key + " " + p + " is not a file; write it or remove the setting");
        return p;
    }
}
