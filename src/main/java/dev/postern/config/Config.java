package dev.postern.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The whole validated configuration. Accounts keep the order of the file.
 *
 * @param unifiedInbox accounts whose INBOX feeds the virtual folder "All Inboxes"; empty when not configured
 */
public record Config(Path source, Path dataDir, List<AccountConfig> accounts, List<String> unifiedInbox) {
    public Config {
        accounts = List.copyOf(accounts);
        unifiedInbox = unifiedInbox == null ? List.of() : List.copyOf(unifiedInbox);
    }

    public Config(Path source, Path dataDir, List<AccountConfig> accounts) {
        this(source, dataDir, accounts, List.of());
    }

    public Optional<AccountConfig> account(String name) {
        return accounts.stream().filter(a -> a.name().equals(name)).findFirst();
    }
}
