package dev.postern.attach;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.render.MessageRenderer;
import dev.postern.render.RenderOptions;
import dev.postern.render.RenderedMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: auto_view shows text/html through the mailcap copiousoutput entry, as mutt does: the part in a private
 * read-only file removed after, argv only (the message's names and parameters never reach the command), a
 * deadline, an output cap, no proxy escape; the built-in rendering when there is no entry or the viewer fails.
 */
class AutoViewTest {
    @TempDir Path dir;

    private static final String HTML_ONLY = "From: a@example.org\r\nSubject: news\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: text/html; charset=\"iso-8859-1; $(touch /tmp/pwned)\"; name=\"$(reboot).html\"\r\n"
            + "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
            + "<html><body><p>Caf=E9 <b>news</b> <a href=3D\"https://example.com/x\">here</a></p></body></html>\r\n";

    private static final String ALTERNATIVE = "From: a@example.org\r\nSubject: alt\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/alternative; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n"
            + "plain version\r\n--b\r\nContent-Type: text/html\r\n\r\n<p>html version</p>\r\n--b--\r\n";

    private Path script(String name, String body) throws Exception {
        Path s = dir.resolve(name);
        Files.writeString(s, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwx------"));
        return s;
    }

    private RenderedMessage render(String mailcap, String raw, boolean preferHtml, Duration deadline, int maxChars) {
        AutoView view = new AutoView(Mailcap.parse(mailcap), List.of("text/html"), deadline, Map.of("HOME", dir.toString()));
        return new MessageRenderer(new RenderOptions(preferHtml, 0, maxChars).with(preferHtml, view))
                .render(raw.getBytes(StandardCharsets.ISO_8859_1));
    }

    private RenderedMessage render(String mailcap, String raw) {
        return render(mailcap, raw, false, Duration.ofSeconds(20), RenderOptions.DEFAULT_MAX_BODY_CHARS);
    }

    @Test
    void theCopiousOutputEntryShowsTheHtmlFromAPrivateFileRemovedAfter() throws Exception {
        Path log = dir.resolve("log");
        Path viewer = script("viewer.sh", "echo \"$#|$1|$2|$(stat -c %a \"$2\")|$(stat -c %a \"$(dirname \"$2\")\")|$http_proxy\" > '"
                + log + "'\necho 'VIEWED:'; sed 's/<[^>]*>//g' \"$2\"\n");
        RenderedMessage m = render("text/html; " + viewer + " %{charset} %s; copiousoutput\n", HTML_ONLY);
        assertTrue(m.body().contains("VIEWED:\nCafé news here"), m.body());
        assertFalse(m.body().contains("[postern]"), m.body());
        String[] seen = Files.readString(log).strip().split("\\|");
        assertEquals("2", seen[0], "two words, however the message names and labels the part");
        assertEquals("utf-8", seen[1], "postern's own charset (it wrote the file in UTF-8), never the sender's");
        assertTrue(seen[2].endsWith("/part.html"), seen[2]);
        assertEquals("400", seen[3], "the copy is read-only, the user's own");
        assertEquals("700", seen[4], "in a directory only the user can enter");
        assertEquals(AutoView.NO_NETWORK, seen[5]);
        assertFalse(Files.exists(Path.of(seen[2])), "the copy is removed when the viewer ends");
        assertFalse(Files.exists(Path.of(seen[2]).getParent()));
        assertEquals(List.of("https://example.com/x"), m.links(), "U still lists the part's links");
    }

    @Test
    void anEntryWithoutPercentSReadsThePartOnStdin() throws Exception {
        Path viewer = script("stdin.sh", "echo STDIN; tr a-z A-Z\n");
        RenderedMessage m = render("text/html; " + viewer + "; copiousoutput\n", HTML_ONLY);
        assertTrue(m.body().contains("STDIN\n<HTML><BODY><P>CAF"), m.body());
    }

    @Test
    void withoutACopiousOutputEntryTheBuiltInRendererShowsIt() throws Exception {
        Path viewer = script("gui.sh", "echo SHOULD-NOT-RUN\n");
        for (String mailcap : List.of("", "text/html; " + viewer + " %s\n", "text/html; " + viewer + " %s | less; copiousoutput\n",
                "text/html; " + viewer + " %s; copiousoutput; needsterminal\n")) {
            RenderedMessage m = render(mailcap, HTML_ONLY);
            assertTrue(m.body().contains("Café news here[1]"), mailcap + " -> " + m.body());
            assertFalse(m.body().contains("SHOULD-NOT-RUN"), m.body());
            assertFalse(m.body().contains("[postern]"), m.body());
        }
    }

    @Test
    void aPlainAlternativeIsShownUnlessPreferHtml() throws Exception {
        Path viewer = script("v.sh", "echo VIEWED; cat \"$1\"\n");
        String mailcap = "text/html; " + viewer + " %s; copiousoutput\n";
        RenderedMessage plain = render(mailcap, ALTERNATIVE);
        assertTrue(plain.body().contains("plain version"), plain.body());
        assertFalse(plain.body().contains("VIEWED"), plain.body());
        RenderedMessage html = render(mailcap, ALTERNATIVE, true, Duration.ofSeconds(20), RenderOptions.DEFAULT_MAX_BODY_CHARS);
        assertTrue(html.body().contains("VIEWED\n<p>html version</p>"), html.body());
    }

    @Test
    void aViewerThatFailsOrHangsIsNotedAndTheBuiltInRendererShowsThePart() throws Exception {
        Path failing = script("fail.sh", "echo partial; exit 4\n");
        RenderedMessage m = render("text/html; " + failing + " %s; copiousoutput\n", HTML_ONLY);
        assertTrue(m.body().contains("[postern] auto_view for text/html: fail.sh exited with code 4; shown by the built-in renderer"), m.body());
        assertTrue(m.body().contains("Café news here[1]"), m.body());
        assertFalse(m.body().contains("partial"), m.body());

        Path pid = dir.resolve("pid");
        Path hanging = script("hang.sh", "sleep 60 & echo $! > '" + pid + "'; wait\n");
        long start = System.nanoTime();
        m = render("text/html; " + hanging + " %s; copiousoutput\n", HTML_ONLY, false, Duration.ofSeconds(1),
                RenderOptions.DEFAULT_MAX_BODY_CHARS);
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(15).toNanos(), "the deadline stops it");
        assertTrue(m.body().contains("hang.sh did not finish within 1 s"), m.body());
        assertTrue(m.body().contains("Café news here[1]"), m.body());
        long child = Long.parseLong(Files.readString(pid).strip());
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < until) Thread.sleep(20);
        assertFalse(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false), "what it started is killed too");
    }

    @Test
    void theOutputIsCappedAtTheBodysBudgetAndSanitised() throws Exception {
        Path flood = script("flood.sh", "printf '\\033]0;title\\007'; yes 'line of output' | head -c 50000000\n");
        RenderedMessage m = render("text/html; " + flood + " %s; copiousoutput\n", HTML_ONLY, false, Duration.ofSeconds(20), 10_000);
        assertFalse(m.body().contains("\u001b"), "escape sequences from the viewer never reach the terminal");
        assertTrue(m.body().contains("line of output"), m.body().substring(0, 100));
        assertTrue(m.body().length() < 11_000, "cut at the budget: " + m.body().length());
    }
}
