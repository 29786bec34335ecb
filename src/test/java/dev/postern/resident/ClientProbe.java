package dev.postern.resident;

import java.nio.file.Path;
import java.util.Map;

/** Test access to {@link Client#dataDir} from other packages. */
public final class ClientProbe {
    private ClientProbe() {}

    public static Path dataDir(Path config, Path home) {
        return Client.dataDir(config, Map.of("HOME", home.toString()));
    }
}
