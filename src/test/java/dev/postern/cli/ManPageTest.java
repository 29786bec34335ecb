package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The man pages cover the program: every command and option of the command tree (whatever it holds, so a
 * command another branch adds fails here until it is documented) has its place in man/postern.1, and every
 * config key the loader accepts (each {@code *KEYS} set of dev.postern.config) is in man/postern.toml.5.
 */
class ManPageTest {
    private static final Path MAN = Path.of("man");

    /** The page as words: troff font escapes and \- undone. */
    static String plain(String troff) {
        return troff.replaceAll("\\\\f[BIRP]", "").replace("\\-", "-").replace("\\(em", "-").replace("\\e", "\\")
                .replace("\\&", "");
    }

    /** The COMMANDS section's entries: each .TP tag line with the text under it. */
    static List<String[]> entries(String page) {
        String commands = page.substring(page.indexOf(".SH COMMANDS"));
        int next = commands.indexOf("\n.SH ", 1);
        if (next > 0) commands = commands.substring(0, next);
        List<String[]> out = new ArrayList<>();
        for (String chunk : commands.split("\n\\.TP\n")) {
            int nl = chunk.indexOf('\n');
            if (chunk.startsWith(".SH")) continue;
            out.add(new String[] {plain(nl < 0 ? chunk : chunk.substring(0, nl)), plain(chunk)});
        }
        return out;
    }

    static Set<String> words(String tag) {
        return new TreeSet<>(List.of(tag.replaceFirst("^\\.B\\s*", "").split("[\\s|\\[\\]]+")));
    }

    @Test
    void everyCommandAndOptionIsInPosternOne() throws IOException {
        String page = Files.readString(MAN.resolve("postern.1"));
        List<String[]> entries = entries(page);
        String all = plain(page);
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, CommandLine> e : Completion.commands(HelpTextTest.tree()).entrySet()) {
            String path = e.getKey();
            StringBuilder text = new StringBuilder();
            if (path.isEmpty()) {
                text.append(all);
            } else {
                List<String> need = List.of(path.split(" "));
                for (String[] entry : entries) {
                    if (words(entry[0]).containsAll(need)) text.append(entry[1]).append('\n');
                }
                if (text.length() == 0) {
                    missing.add("command `" + path + "` has no entry (.TP, .B " + path + ") under COMMANDS");
                    continue;
                }
            }
            for (OptionSpec o : e.getValue().getCommandSpec().options()) {
                if (o.hidden() || o.inherited()) continue;
                if (!path.isEmpty() && (o.usageHelp() || o.versionHelp())) continue;
                boolean found = Stream.of(o.names()).anyMatch(n ->
                        Pattern.compile("(?<![\\w-])" + Pattern.quote(n) + "(?![\\w-])").matcher(text).find());
                if (!found) missing.add("`postern " + path + "` option " + String.join("/", o.names()));
            }
        }
        assertTrue(missing.isEmpty(), missing.size() + " missing from man/postern.1:\n" + String.join("\n", missing));
    }

    /** Every key the config reader accepts: the String values of each static *KEYS set or list in dev.postern.config. */
    static Set<String> configKeys() throws Exception {
        Set<String> keys = new TreeSet<>();
        Path classes = Path.of("target/classes/dev/postern/config");
        try (Stream<Path> files = Files.list(classes)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String name = f.getFileName().toString().replace(".class", "");
                Class<?> c = Class.forName("dev.postern.config." + name);
                for (Field field : c.getDeclaredFields()) {
                    if (!Modifier.isStatic(field.getModifiers()) || !field.getName().endsWith("KEYS")) continue;
                    if (!Collection.class.isAssignableFrom(field.getType())) continue;
                    field.setAccessible(true);
                    for (Object k : (Collection<?>) field.get(null)) keys.add((String) k);
                }
            }
        }
        return keys;
    }

    @Test
    void everyConfigKeyIsInPosternTomlFive() throws Exception {
        Set<String> keys = configKeys();
        assertTrue(keys.containsAll(List.of("protocol", "keep_on_server", "from", "older_than_days", "theme")), keys.toString());
        String page = plain(Files.readString(MAN.resolve("postern.toml.5")));
        List<String> missing = new ArrayList<>();
        for (String k : keys) {
            if (!Pattern.compile("(?<![\\w.-])" + Pattern.quote(k) + "(?![\\w-])").matcher(page).find()) missing.add(k);
        }
        assertTrue(missing.isEmpty(), "config keys missing from man/postern.toml.5: " + missing);
        assertFalse(page.contains("not supported by this version"), "postern.toml(5) still says something is not supported yet");
    }
}
