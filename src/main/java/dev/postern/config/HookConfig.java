package dev.postern.config;

import dev.postern.config.toml.TomlArray;
import dev.postern.config.toml.TomlTable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The user's helper commands at the top level: {@code new_mail_command} (an argv list, run without a shell when
 * new mail is stored) and {@code address_book_command} (a shell line, as mutt's query_command, asked for
 * recipients), each killed after {@code hook_timeout_seconds} (default 10).
 *
 * @param newMail     argv of new_mail_command, or empty
 * @param addressBook address_book_command, or null
 */
public record HookConfig(List<String> newMail, String addressBook, Duration deadline) {
    public static final Set<String> TOP_KEYS = Set.of("new_mail_command", "address_book_command", "hook_timeout_seconds");

    public HookConfig {
        newMail = List.copyOf(newMail);
    }

    public static HookConfig load(Config config) {
        return parse(config.source(), ConfigLoader.document(config));
    }

    static HookConfig parse(Path file, TomlTable toml) {
        List<String> argv = new ArrayList<>();
        if (toml.contains("new_mail_command")) {
            String example = "; write it as a list, e.g. new_mail_command = [\"notify-send\", \"New mail\"]"
                    + " (no shell: the account, folder and count are in $POSTERN_ACCOUNT, $POSTERN_FOLDER, $POSTERN_NEW)";
            if (!(toml.get("new_mail_command") instanceof TomlArray arr) || arr.isEmpty()) {
                throw ConfigLoader.error(file, "new_mail_command must be a non-empty list of words" + example);
            }
            for (int i = 0; i < arr.size(); i++) {
                if (!(arr.get(i) instanceof String s) || (i == 0 && s.isBlank())) {
                    throw ConfigLoader.error(file, "new_mail_command must hold words in quotes" + example);
                }
                argv.add(s);
            }
        }
        String book = toml.contains("address_book_command")
                ? ConfigLoader.stringValue(file, "the top level", toml, "address_book_command") : null;
        long seconds = toml.contains("hook_timeout_seconds")
                ? ConfigLoader.integer(file, "the top level", toml, "hook_timeout_seconds", 1, 600) : 10;
        return new HookConfig(argv, book, Duration.ofSeconds(seconds));
    }
}
