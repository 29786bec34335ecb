package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The first line of each command's description (what `postern --help` lists) reads as a whole sentence. */
class HelpTextTest {
    static CommandLine tree() {
        return PosternCommand.commandLine(new PosternCommand(Map.of(), (c, a, f) -> { }), new String[] {"--help"});
    }

    /** Every command of the tree, the root first, each parent before its subcommands. */
    static List<CommandLine> commands(CommandLine root) {
        List<CommandLine> all = new ArrayList<>();
        all.add(root);
        for (int i = 0; i < all.size(); i++) {
            for (CommandLine sub : all.get(i).getSubcommands().values()) {
                if (!all.contains(sub)) all.add(sub);
            }
        }
        return all;
    }

    @Test
    void everyCommandsFirstLineIsAWholeSentenceThatFitsEightyColumns() {
        List<String> bad = new ArrayList<>();
        for (CommandLine c : commands(tree())) {
            String[] d = c.getCommandSpec().usageMessage().description();
            String name = c.getCommandSpec().qualifiedName();
            if (d.length == 0 || d[0].isBlank()) {
                bad.add(name + ": no description");
                continue;
            }
            String first = d[0].strip();
            if (!endsASentence(first)) bad.add(name + ": first line does not end a sentence: " + first);
            if (first.length() > 80) bad.add(name + ": first line is " + first.length() + " columns: " + first);
        }
        assertTrue(bad.isEmpty(), String.join("\n", bad));
    }

    static boolean endsASentence(String line) {
        String s = line.replaceAll("[)\"'`]+$", "");
        return s.endsWith(".") || s.endsWith("?") || s.endsWith("!");
    }

    @Test
    void theRuleCatchesALineThatStopsMidSentence() {
        assertTrue(endsASentence("Show one message (as text)."));
        assertTrue(endsASentence("Save it (all of them.)"));
        assertTrue(!endsASentence("Start a demo server (IMAP, POP3, SMTP on loopback),"));
        assertTrue(!endsASentence("Download new mail: every POP3 account and the"));
    }

    @Test
    void versionNamesTheBuildTheRuntimeAndTheArchive() {
        List<String> none = Version.lines(null, a -> { throw new AssertionError("nothing to check"); });
        assertEquals(3, none.size());
        assertTrue(none.get(0).matches("postern \\d+\\.\\d+\\.\\d+.*"), none.get(0)); // filtered by the build
        assertTrue(none.get(1).startsWith("Java " + System.getProperty("java.version")), none.get(1));
        assertTrue(none.get(2).startsWith("Start-up archive: none"), none.get(2));
        assertEquals("Start-up archive: in use (class-data sharing, /x/postern.jsa).",
                Version.lines("/x/postern.jsa", a -> null).get(2));
        assertEquals("Start-up archive: in use (AOT cache, /x/lib/app/postern.aot).", // the app image's Java 25
                Version.lines("/x/lib/app/postern.aot", a -> null).get(2));
        assertTrue(Version.lines("/x/postern.jsa", a -> "was made for another jar or Java build").get(2)
                .startsWith("Start-up archive: not in use"));
    }

    @Test
    void theArchiveCheckRunsWithTheModuleOptionsOfThisJvm() {
        // The app image's launcher passes these; its AOT cache maps only into a JVM with the same module graph.
        assertEquals(List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                        "--add-opens=java.base/java.lang=ALL-UNNAMED"),
                Version.moduleOptions(List.of("-Xlog:disable", "--enable-native-access=ALL-UNNAMED",
                        "--sun-misc-unsafe-memory-access=allow", "-XX:AOTCache=/x/postern.aot", "-Dpostern.archive=/x",
                        "-XX:+UseSerialGC", "--add-opens=java.base/java.lang=ALL-UNNAMED")));
    }

    @Test
    void aMissingOrForeignArchiveIsReportedAsNotUsable() throws Exception {
        Path missing = Path.of(System.getProperty("java.io.tmpdir"), "no-such-postern.jsa");
        assertEquals("is missing", Version.archiveUsable(missing));
        Path junk = java.nio.file.Files.createTempFile("postern-junk", ".jsa");
        try {
            java.nio.file.Files.writeString(junk, "not an archive");
            assertEquals("was made for another jar or Java build", Version.archiveUsable(junk));
        } finally {
            java.nio.file.Files.delete(junk);
        }
    }
}
