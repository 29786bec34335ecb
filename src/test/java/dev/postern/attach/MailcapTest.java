package dev.postern.attach;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MailcapTest {
    @TempDir Path dir;
    static final Map<String, String> ENV = Map.of("DISPLAY", ":0", "PAGER", "less");
    static final Path FILE = Path.of("/tmp/postern-view-1/my report's $(touch x).pdf");

    @Test
    void parsesEntriesFlagsWildcardsAndContinuations() {
        Mailcap m = Mailcap.parse("""
                # comment
                application/pdf; zathura %s; test=test -n "$DISPLAY"
                text/html; w3m -I %{charset} -T text/html %s; \\
                    copiousoutput
                image; feh %s
                text/plain; $PAGER %s; needsterminal
                """);
        assertEquals(4, m.entries().size());
        assertEquals(new Mailcap.Entry("application/pdf", "zathura %s", false, false, "test -n \"$DISPLAY\""), m.entries().get(0));
        assertTrue(m.entries().get(1).copiousOutput());
        assertEquals("image/*", m.entries().get(2).type());
        assertTrue(m.entries().get(3).needsTerminal());
    }

    @Test
    void theFileIsAlwaysOneArgumentHoweverItIsNamed() {
        assertEquals(Optional.of(List.of("zathura", FILE.toString())), Mailcap.argv("zathura %s", FILE, "application/pdf", ENV));
        assertEquals(Optional.of(List.of("zathura", FILE.toString())), Mailcap.argv("zathura '%s'", FILE, "application/pdf", ENV));
        assertEquals(Optional.of(List.of("zathura", FILE.toString())), Mailcap.argv("zathura \"%s\"", FILE, "application/pdf", ENV));
        assertEquals(Optional.of(List.of("viewer", "--file=" + FILE, "--type=application/pdf")),
                Mailcap.argv("viewer --file=%s --type=%t", FILE, "application/pdf", ENV));
        assertEquals(Optional.of(List.of("less", FILE.toString())), Mailcap.argv("$PAGER %s", FILE, "text/plain", ENV));
        assertEquals(Optional.of(List.of("w3m", "-I", "", "-T", "text/html", FILE.toString())),
                Mailcap.argv("w3m -I %{charset} -T text/html %s", FILE, "text/html", ENV));
    }

    @Test
    void commandsThatNeedAShellAreNeverRun() {
        for (String c : List.of("pdftotext %s - | less", "a %s; rm -rf ~", "x %s > /tmp/out", "x `id` %s", "x $(id) %s",
                "x %s && y", "x \"$(id)\" %s", "x 'unterminated %s")) {
            assertEquals(Optional.empty(), Mailcap.argv(c, FILE, "application/pdf", ENV), c);
        }
        Mailcap m = Mailcap.parse("application/pdf; pdftotext %s - | less; copiousoutput\napplication/pdf; zathura %s\n");
        assertEquals(List.of("zathura", FILE.toString()), m.viewer("application/pdf", FILE, ENV, argv -> true).orElseThrow().argv());
    }

    @Test
    void exactTypesThenWildcardsAndFailingTestsAreSkipped() {
        Mailcap m = Mailcap.parse("application/pdf; gui %s; test=test -n \"$NOPE\"\napplication/*; generic %s\n");
        Optional<Mailcap.Launch> l = m.viewer("application/pdf", FILE, ENV, Viewer::testPasses);
        assertEquals(List.of("generic", FILE.toString()), l.orElseThrow().argv());
        Mailcap withDisplay = Mailcap.parse("application/pdf; gui %s; test=test -n \"$DISPLAY\"\n");
        assertEquals("gui", withDisplay.viewer("application/pdf", FILE, ENV, Viewer::testPasses).orElseThrow().argv().get(0));
        assertTrue(m.viewer("image/png", FILE, ENV, argv -> true).isEmpty());
    }

    @Test
    void aViewerRunsOnAPrivateCopyThatIsRemovedAfterwards() throws Exception {
        Path mailcap = Files.writeString(dir.resolve("mailcap"), "text/plain; cat %s; copiousoutput\n"
                + "application/x-stdin; cat; copiousoutput\n");
        Mailcap m = Mailcap.load(List.of(dir.resolve("missing"), mailcap));
        Viewer.Outcome o = Viewer.open(m, "text/plain", "../../$(touch x).txt", 1,
                "hello from the attachment\n".getBytes(StandardCharsets.UTF_8), ENV).orElseThrow();
        assertEquals(0, o.exitCode());
        assertEquals("hello from the attachment\n", o.output());
        Path copy = Path.of(o.argv().get(1));
        assertEquals("_(touch x).txt", copy.getFileName().toString());
        assertTrue(copy.getParent().getFileName().toString().startsWith("postern-view-"));
        assertFalse(Files.exists(copy.getParent()), "temporary copy removed");

        Viewer.Outcome piped = Viewer.open(m, "application/x-stdin", "x", 1, "on stdin".getBytes(StandardCharsets.UTF_8), ENV)
                .orElseThrow();
        assertEquals(List.of("cat"), piped.argv());
        assertEquals("on stdin", piped.output());
        assertTrue(Viewer.open(m, "image/png", "x.png", 1, new byte[0], ENV).isEmpty());
    }
}
