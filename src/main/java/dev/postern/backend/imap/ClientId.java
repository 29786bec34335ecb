package dev.postern.backend.imap;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Properties;

/**
 * What postern says of itself in IMAP ID (RFC 2971, sent by {@link CappedProtocol} after login when the server offers
 * ID): its name and version, nothing else (no host, operating system, Java version or user).
 */
final class ClientId {
    static final Map<String, String> FIELDS = Map.of("name", "postern", "version", version());

    private ClientId() {}

    /** postern's version, as the build recorded it; "development build" when run from unfiltered classes. */
    static String version() {
        try (InputStream in = ClientId.class.getResourceAsStream("/dev/postern/version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version", "");
                if (!v.isBlank() && !v.contains("${")) return v.strip();
            }
        } catch (IOException e) {
            // fall through: the jar's manifest or nothing
        }
        String v = ClientId.class.getPackage().getImplementationVersion();
        return v == null ? "development build" : v;
    }
}
