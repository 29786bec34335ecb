package dev.postern.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The whole validated configuration. Accounts keep the order of the file. */
public record Config(Path source, Path dataDir, List<AccountConfig> accounts) {
    public Config {
        accounts = List.copyOf(accounts);
    }

    public Optional<AccountConfig> account(String name) {
        return accounts.stream().filter(a -> a.name().equals(name)).findFirst();
    }
}
