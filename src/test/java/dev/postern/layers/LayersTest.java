package dev.postern.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layers of ARCHITECTURE.md, held against the source tree: a class may name (import, or spell out in
 * full) classes of its own package and of packages on lower floors only. Comments are not read. A new
 * package must be given a floor here before it compiles into a passing build.
 */
class LayersTest {
    /** Top floor first; packages on one floor may not use each other either. */
    static final List<Set<String>> FLOORS = List.of(
            Set.of("app"),                                   // the wiring root: builds everything below
            Set.of("resident"),                              // the owner of a data directory and its thin client
            Set.of("cli"),                                   // picocli adapters, the shell
            Set.of("ui"),                                    // the reader
            Set.of("command"),                               // typed command objects: the one door for every adapter
            Set.of("controller"),
            Set.of("crypto"),                                // the user's gpg/gpgsm: signs and encrypts compose's output
            Set.of("compose", "retention", "backup", "attach"),
            Set.of("backend", "index"),                      // index: the Lucene search index, fed from the store
            Set.of("store"),
            Set.of("render"),
            Set.of("thread", "config"),
            Set.of("auth"),                                  // OAuth2 tokens: config resolves an account's token through it
            Set.of("model"));

    /**
     * Upward uses still in the code, each with its reason; the list only shrinks. A class named here is
     * allowed, nothing else of its package.
     */
    static final Map<String, String> KNOWN_DEPARTURES = Map.of();

    /**
     * Below, but out of reach all the same: the adapters reach the backends and the store only through the
     * controller (cli's commands get the wiring as {@code cli.Wiring}, which hands out neither: see
     * {@link #theWiringTheCommandsGetHandsOutNoStoreAndNoSession}). {@code app.AppContext} is above them and not in
     * {@link #KNOWN_DEPARTURES}, so naming it fails as an upward use.
     */
    static final Map<String, Set<String>> NOT_FROM = Map.of("cli", Set.of("backend", "store"), "ui", Set.of("backend", "store"),
            "command", Set.of("backend", "store"));

    private static final Path SOURCES = Path.of("src/main/java/dev/postern");
    private static final Pattern USE = Pattern.compile("\\bdev\\.postern\\.([a-z]+)((?:\\.[A-Za-z_][A-Za-z0-9_]*)*)");

    static int floor(String pkg) {
        for (int i = 0; i < FLOORS.size(); i++) if (FLOORS.get(i).contains(pkg)) return i;
        return -1;
    }

    /** "file: pkg -> used" for every use that does not point down. */
    static List<String> upwardUses(Path root) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java")).sorted()::iterator) {
                String pkg = root.relativize(f).getName(0).toString();
                if (floor(pkg) < 0) {
                    out.add(root.relativize(f) + ": package '" + pkg + "' has no floor in LayersTest.FLOORS");
                    continue;
                }
                for (String line : code(Files.readString(f))) {
                    Matcher m = USE.matcher(line);
                    while (m.find()) {
                        String used = m.group(1);
                        if (used.equals(pkg)) continue;
                        int to = floor(used);
                        String full = "dev.postern." + used + m.group(2);
                        if (NOT_FROM.getOrDefault(pkg, Set.of()).contains(used)) {
                            out.add(root.relativize(f) + ": " + pkg + " -> " + full + " (only through the controller)");
                            continue;
                        }
                        if (to > floor(pkg)) continue;
                        boolean known = KNOWN_DEPARTURES.keySet().stream().anyMatch(k -> {
                            String[] pk = k.split(" -> ");
                            return pk[0].equals(pkg) && (full.equals(pk[1]) || full.startsWith(pk[1] + "."));
                        });
                        if (!known) out.add(root.relativize(f) + ": " + pkg + " -> " + full);
                    }
                }
            }
        }
        return out;
    }

    /** The lines of a Java file with comments taken out (javadoc may link anywhere). */
    static List<String> code(String text) {
        String noBlock = text.replaceAll("(?s)/\\*.*?\\*/", " ");
        List<String> out = new ArrayList<>();
        for (String line : noBlock.split("\n")) {
            int c = line.indexOf("//");
            out.add(c >= 0 && !line.substring(0, c).contains("\"") ? line.substring(0, c) : line);
        }
        return out;
    }

    @Test
    void everyUseInTheSourceTreePointsDown() throws IOException {
        assertTrue(Files.isDirectory(SOURCES), "run from the project root");
        assertEquals(List.of(), upwardUses(SOURCES));
    }

    @Test
    void theCheckSeesAnUpwardImportAndAFullyQualifiedOne(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        Path ui = Files.createDirectories(tmp.resolve("ui"));
        Path render = Files.createDirectories(tmp.resolve("render/tika"));
        Files.writeString(ui.resolve("A.java"), "package dev.postern.ui;\nimport dev.postern.cli.Sizes;\n/** {@link dev.postern.app.Main} */\nclass A {}\n");
        Files.writeString(render.resolve("B.java"), "package dev.postern.render.tika;\nclass B { String s = dev.postern.app.FileLogging.FILE; // dev.postern.cli\n}\n");
        Files.writeString(ui.resolve("C.java"), "package dev.postern.ui;\nimport dev.postern.controller.MailController;\nclass C {}\n");
        Path cli = Files.createDirectories(tmp.resolve("cli"));
        Files.writeString(cli.resolve("D.java"), "package dev.postern.cli;\nclass D { Object s = new dev.postern.backend.imap.ImapSession(null, null); }\n");
        Set<String> found = new TreeSet<>(upwardUses(tmp));
        assertEquals(Set.of("render/tika/B.java: render -> dev.postern.app.FileLogging.FILE", "ui/A.java: ui -> dev.postern.cli.Sizes",
                "cli/D.java: cli -> dev.postern.backend.imap.ImapSession (only through the controller)"), found);
    }

    /** What the commands did before they got capability interfaces: the wiring's class, the store's lock, a store type. */
    @Test
    void theCheckSeesTheWiringOrTheStoreNamedFromCliOrUi(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        Path cli = Files.createDirectories(tmp.resolve("cli"));
        Path ui = Files.createDirectories(tmp.resolve("ui"));
        Files.writeString(cli.resolve("FetchCommand.java"), "package dev.postern.cli;\nimport dev.postern.app.AppContext;\n"
                + "import dev.postern.store.StoreLockedException;\nclass FetchCommand {}\n");
        Files.writeString(ui.resolve("Status.java"), "package dev.postern.ui;\nclass Status { java.util.List<dev.postern.store.PendingAction> p; }\n");
        Files.writeString(cli.resolve("Demo.java"), "package dev.postern.cli;\nimport dev.postern.app.demo.DemoServer;\nclass Demo {}\n");
        assertEquals(Set.of("cli/FetchCommand.java: cli -> dev.postern.app.AppContext",
                "cli/Demo.java: cli -> dev.postern.app.demo.DemoServer",
                "cli/FetchCommand.java: cli -> dev.postern.store.StoreLockedException (only through the controller)",
                "ui/Status.java: ui -> dev.postern.store.PendingAction (only through the controller)"), new TreeSet<>(upwardUses(tmp)));
    }

    /**
     * The door the commands get: {@code cli.Wiring} and the controller's interfaces take and return no type of
     * {@code store} or {@code backend} (a method like the old {@code AppContext.store()} names no package in the
     * caller's source, so the check of names above cannot see it; this one can).
     */
    @Test
    void theWiringTheCommandsGetHandsOutNoStoreAndNoSession() {
        List<String> bad = new ArrayList<>();
        List<Class<?>> doors = new ArrayList<>(List.of(dev.postern.cli.Wiring.class, dev.postern.controller.MailController.class));
        doors.addAll(List.of(dev.postern.controller.MailController.class.getInterfaces()));
        for (Class<?> door : doors) {
            for (java.lang.reflect.Method m : door.getMethods()) {
                List<java.lang.reflect.Type> types = new ArrayList<>(List.of(m.getGenericParameterTypes()));
                types.add(m.getGenericReturnType());
                for (java.lang.reflect.Type t : types) {
                    Matcher names = Pattern.compile("dev\\.postern\\.(store|backend)\\.[\\w.$]+").matcher(t.getTypeName());
                    while (names.find()) bad.add(door.getSimpleName() + "." + m.getName() + " -> " + names.group());
                }
            }
        }
        assertEquals(List.of(), bad);
    }
}
