package dev.postern.config;

import dev.postern.config.toml.TomlTable;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The whole validated configuration. Accounts keep the order of the file.
 *
 * @param unifiedInbox accounts whose INBOX feeds the virtual folder "All Inboxes"; empty when not configured
 * @param document the parsed file, kept so that {@link RetentionConfig#load} and {@link UiConfig#load} read their
 *     settings without reading and parsing the file again; null for a Config made in code (they then read the file)
 */
public record Config(Path source, Path dataDir, List<AccountConfig> accounts, List<String> unifiedInbox, TomlTable document) {
    public Config {
        accounts = List.copyOf(accounts);
        unifiedInbox = unifiedInbox == null ? List.of() : List.copyOf(unifiedInbox);
    }

    public Config(Path source, Path dataDir, List<AccountConfig> accounts, List<String> unifiedInbox) {
        this(source, dataDir, accounts, unifiedInbox, null);
    }

    public Config(Path source, Path dataDir, List<AccountConfig> accounts) {
        this(source, dataDir, accounts, List.of(), null);
    }

    public Optional<AccountConfig> account(String name) {
        return accounts.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    /** Without the document: it may hold a literal password. */
    @Override
    public String toString() {
        return "Config[source=" + source + ", dataDir=" + dataDir + ", accounts=" + accounts + ", unifiedInbox=" + unifiedInbox + "]";
    }
}
