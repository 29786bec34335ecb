package dev.postern.config.toml;

/**
 * Cold-JVM parse cost of a typical postern config, for a fresh {@code java} process per run (not a test):
 *
 * <pre>
 * java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp target/classes:target/test-classes:TOMLJ_JARS \
 *     dev.postern.config.toml.ColdParseTiming ours|tomlj|none
 * </pre>
 *
 * Prints the in-process time of the first (cold) parse in microseconds; run it under {@code hyperfine -N} to see
 * the whole process. "none" starts the JVM and exits, the baseline.
 */
public final class ColdParseTiming {
    static final String CONFIG = """
            # postern
            data_dir = "~/mail"
            theme = "light"

            [accounts.home]
            protocol = "imap"
            host = "imap.example.org"
            user = "alice@example.org"
            password_command = "pass show mail/home"
            timeout_seconds = 30
            """;

    private ColdParseTiming() {
    }

    public static void main(String[] args) {
        long t0 = System.nanoTime();
        Object r = switch (args[0]) {
            case "ours" -> Toml.parse(CONFIG).table().get("accounts");
            case "tomlj" -> org.tomlj.Toml.parse(CONFIG).get("accounts");
            default -> "";
        };
        long t1 = System.nanoTime();
        if (r == null) throw new AssertionError();
        System.out.println(args[0] + " first parse: " + (t1 - t0) / 1000 + " us");
    }
}
