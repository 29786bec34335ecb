package dev.postern.config;

import dev.postern.config.toml.TomlTable;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code abort_nosubject} (top level), mutt's quad-option of that name: what becomes of a message whose Subject is
 * empty (left empty, or its line deleted in the editor) when the user sends it from an editor or the compose screen.
 * {@link #ASK} (the default, as mutt's ask-yes): a question whose default answer keeps the message; {@link #YES}: it is
 * never sent, the draft kept; {@link #NO}: it goes without asking. A message given whole to {@code postern send}
 * (a script's, with no editor) is not asked about, as mutt's batch mode.
 */
public enum AbortNoSubject {
    ASK, YES, NO;

    public static final String KEY = "abort_nosubject";

    /** The setting of a config already checked by {@link ConfigLoader}; {@link #ASK} when it has none. */
    public static AbortNoSubject load(Config config) {
        if (config == null || config.source() == null && config.document() == null) return ASK;
        return parse(config.source(), ConfigLoader.document(config));
    }

    static AbortNoSubject parse(Path file, TomlTable toml) {
        if (!toml.contains(KEY)) return ASK;
        Object v = toml.get(KEY);
        if (v instanceof Boolean b) return b ? YES : NO;
        String s = v instanceof String t ? t.strip().toLowerCase(Locale.ROOT) : "";
        return switch (s) {
            case "ask" -> ASK;
            case "yes" -> YES;
            case "no" -> NO;
            default -> throw ConfigLoader.error(file, KEY + " = " + (v instanceof String ? "\"" + v + "\"" : String.valueOf(v))
                    + " is not one of \"ask\", \"yes\" (never send without a subject) or \"no\" (send without asking)");
        };
    }
}
