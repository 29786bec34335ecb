package dev.postern.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Hunt 36-S, S7: every program postern starts goes through model.SecretEnv.scrub (the variables password_env names
 * taken out of its environment), but those listed here, each for its reason. A new launch site that forgets it fails
 * here. Comments are not read.
 */
class SecretEnvSitesTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/postern");
    private static final Pattern COMMENTS = Pattern.compile("/\\*.*?\\*/|(?m)^\\s*//.*$|\\s//\\s.*$", Pattern.DOTALL);
    private static final Pattern LAUNCH = Pattern.compile("new\\s+ProcessBuilder\\(|Runtime\\.getRuntime\\(\\)\\.exec\\(");
    private static final Pattern SCRUBBED = Pattern.compile("SecretEnv\\.scrub\\(\\s*$");

    /** The files whose programs keep the environment as it is, and why. */
    private static final Map<String, String> KEPT = Map.of(
            "config/UserCommand.java", "the config's own commands (signature, new mail): the user's, not mail's",
            "auth/ExternalCommand.java", "password_command and token commands: they may need it",
            "resident/Client.java", "the daemon it starts needs the password",
            "resident/Residence.java", "the daemon it starts needs the password",
            "resident/Stty.java", "stty on the terminal",
            "ui/JobControl.java", "kill -STOP of postern itself",
            "resident/ReaderClient.java", "kill -STOP of itself; the owner's programs go through scrub(pb, names)",
            "app/CdsTraining.java", "/bin/sh -c true while the class archive is made",
            "cli/Version.java", "java -version of its own archive");

    @Test
    void everyLaunchSiteScrubsOrIsListed() throws IOException {
        List<String> unscrubbed = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String rel = SOURCES.relativize(f).toString();
                String source = COMMENTS.matcher(Files.readString(f)).replaceAll(" ");
                Matcher m = LAUNCH.matcher(source);
                while (m.find()) {
                    String before = source.substring(Math.max(0, m.start() - 80), m.start());
                    if (SCRUBBED.matcher(before).find() || KEPT.containsKey(rel)) continue;
                    unscrubbed.add(rel + ": " + source.substring(m.start(), Math.min(source.length(), m.end() + 40)).strip());
                }
            }
        }
        assertEquals(List.of(), unscrubbed);
    }

    @Test
    void theListNamesFilesThatExist() {
        for (String f : KEPT.keySet()) assertTrue(Files.exists(SOURCES.resolve(f)), f);
    }
}
