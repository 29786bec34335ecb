package dev.postern.model;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** postern's version, as the build recorded it: for {@code --version} and for what IMAP ID says of postern. */
public final class BuildVersion {
    private BuildVersion() {}

    /** The version Maven filtered into version.properties; "development build" when run from unfiltered classes. */
    public static String text() {
        try (InputStream in = BuildVersion.class.getResourceAsStream("/dev/postern/version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version", "");
                if (!v.isBlank() && !v.contains("${")) return v.strip();
            }
        } catch (IOException e) {
            // fall through: the jar's manifest or nothing
        }
        String v = BuildVersion.class.getPackage().getImplementationVersion();
        return v == null ? "development build" : v;
    }
}
