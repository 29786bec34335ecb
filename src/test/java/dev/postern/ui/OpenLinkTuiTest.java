package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.input.KeyType;
import dev.postern.render.RenderedMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 18: U lists the message's links (HTML's numbered ones, then URLs in the text) and opens one with $BROWSER. */
class OpenLinkTuiTest {
    @TempDir Path dir;

    @AfterEach
    void restore() {
        Links.environment = System::getenv;
        Links.finding = dev.postern.render.MessageLinks::of;
    }

    /** Hunt 34-E1: the links are found off the UI thread; q and Ctrl-C answer while they are (held here for ever). */
    @Test
    void qAndCtrlCAnswerWhileTheLinksAreFound() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch finding = new CountDownLatch(1);
        CountDownLatch hold = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicReference<Thread> finder = new java.util.concurrent.atomic.AtomicReference<>();
        Links.finding = m -> {
            finder.set(Thread.currentThread());
            finding.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return dev.postern.render.MessageLinks.of(m);
        };
        InMemoryMailController c = new InMemoryMailController().addFolder("work", "INBOX", 3);
        c.renderer = ref -> new RenderedMessage(List.of(new RenderedMessage.Header("Subject", "links")),
                "Body of the message: https://example.org/a\n", List.of(), List.of());
        try (TuiHarness h = new TuiHarness(c, "work", "INBOX", 80, 24)) {
            h.awaitText("Message #3");
            h.press(KeyType.Enter);
            h.awaitText("Body of the message");
            h.type("U");
            assertTrue(finding.await(10, java.util.concurrent.TimeUnit.SECONDS), "the links are being found");
            h.type("q"); // answered at once: back to the index while the links are still being found
            h.awaitGone("Body of the message");
            release.countDown();
            finder.get().join(10_000); // its answer is posted by now, and dropped: the user left the message
            h.press(KeyType.Enter);
            String screen = h.awaitText("Body of the message");
            assertFalse(screen.contains("Open link") || screen.contains("[1] https"), screen);

            CountDownLatch again = new CountDownLatch(1);
            Links.finding = m -> {
                again.countDown();
                try {
                    hold.await(); // not before the reader has quit
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return List.of();
            };
            h.type("U");
            assertTrue(again.await(10, java.util.concurrent.TimeUnit.SECONDS), "the links are being found");
            h.type("\u0003"); // Ctrl-C quits at once, whatever is being worked out
            h.awaitExit();
        } finally {
            release.countDown();
            hold.countDown();
        }
    }

    @Test
    void listsTheLinksAndOpensTheChosenOneWithBrowser() throws Exception {
        Path got = dir.resolve("opened");
        Path browser = dir.resolve("browser.sh");
        Files.writeString(browser, "#!/bin/sh\nprintf '%s\\n' \"$@\" > '" + got + "'\n");
        browser.toFile().setExecutable(true);
        Links.environment = () -> Map.of("BROWSER", browser + " --new-tab %s");
        InMemoryMailController c = new InMemoryMailController().addFolder("work", "INBOX", 3);
        c.renderer = ref -> new RenderedMessage(List.of(new RenderedMessage.Header("Subject", "links")),
                "See the [1] report and (https://example.org/a_(b)) or https://example.net/x?y=1&z=$(reboot).\n"
                        + "Links:\n[1] https://example.com/report\n",
                List.of(), List.of("https://example.com/report"));
        try (TuiHarness h = new TuiHarness(c, "work", "INBOX", 80, 24)) {
            h.awaitText("Message #3");
            h.press(KeyType.Enter);
            h.awaitText("See the [1] report");
            h.type("U");
            h.awaitText("Open link 1-3 (Enter: 1):");
            h.awaitText("[2] https://example.org/a_(b)");
            h.awaitText("[3] https://example.net/x?y=1&z=$(reboot)");
            h.type("3");
            h.press(KeyType.Enter);
            h.awaitText("Opened link 3");
            assertEquals("--new-tab\nhttps://example.net/x?y=1&z=$(reboot)\n", Files.readString(got));
            h.type("q"); // back to the message from its link list
            h.awaitText("See the [1] report");
        }
    }

    /**
     * Hunt 43-R, R8: with $BROWSER naming no program (nor xdg-open there), the status line says which program was not
     * found and what to set, never Java's "Cannot run program ...: error=2, No such file or directory".
     */
    @Test
    void aBrowserThatIsNotThereIsSaidInWords() throws Exception {
        Links.environment = () -> Map.of("BROWSER", "postern-no-such-browser %s");
        InMemoryMailController c = new InMemoryMailController().addFolder("work", "INBOX", 3);
        c.renderer = ref -> new RenderedMessage(List.of(new RenderedMessage.Header("Subject", "links")),
                "See https://example.org/a\n", List.of(), List.of());
        try (TuiHarness h = new TuiHarness(c, "work", "INBOX", 120, 24)) {
            h.awaitText("Message #3");
            h.press(KeyType.Enter);
            h.awaitText("See https://example.org/a");
            h.type("U");
            h.awaitText("Open link 1 (Enter: 1):");
            h.press(KeyType.Enter);
            String said = h.awaitText("was not found");
            assertTrue(said.contains("The browser (postern-no-such-browser) was not found; set $BROWSER"), said);
            assertFalse(said.contains("Cannot run program") || said.contains("error=2"), said);
        }
    }

    /**
     * Hunt 36-S, S2: an HTML link's target is the sender's. One starting with '-' (a Chromium option that runs a
     * command), a file: or smb: link is listed with why it is not opened, and Enter (link 1) or its number only says
     * so: the browser never runs. A web address beside them still opens.
     */
    @Test
    void aLinkThatIsNotAWebAddressIsListedAsSuchAndNeverOpened() throws Exception {
        Path got = dir.resolve("opened");
        Path browser = dir.resolve("browser.sh");
        Files.writeString(browser, "#!/bin/sh\nprintf '%s\\n' \"$@\" >> '" + got + "'\n");
        browser.toFile().setExecutable(true);
        Links.environment = () -> Map.of("BROWSER", browser + " %s");
        InMemoryMailController c = new InMemoryMailController().addFolder("work", "INBOX", 3);
        c.renderer = ref -> new RenderedMessage(List.of(new RenderedMessage.Header("Subject", "links")),
                "Click here to read[1], your files[2] and the share[3], or the site[4].\n", List.of(),
                List.of("--utility-cmd-prefix=touch " + dir.resolve("pwned"), "file:///etc/passwd",
                        "smb://attacker.example/share/x.desktop", "https://example.com/ok"));
        try (TuiHarness h = new TuiHarness(c, "work", "INBOX", 200, 24)) {
            h.awaitText("Message #3");
            h.press(KeyType.Enter);
            h.awaitText("Click here to read[1]");
            h.type("U");
            h.awaitText("Open link 1-4 (Enter: 1):");
            h.awaitText("[1] --utility-cmd-prefix=touch " + dir.resolve("pwned")
                    + "  (not opened: not a web address (it starts with '-', an option to a browser))");
            h.awaitText("[2] file:///etc/passwd  (not opened: not a web address (its scheme is file:))");
            h.awaitText("[3] smb://attacker.example/share/x.desktop  (not opened: not a web address (its scheme is smb:))");
            String list = h.awaitText("[4] https://example.com/ok");
            assertFalse(list.contains("[4] https://example.com/ok  (not opened"), list);
            h.press(KeyType.Enter); // the prompt's default: link 1
            h.awaitText("Link 1 not opened: it is not a web address (it starts with '-', an option to a browser); "
                    + "postern opens only http, https, ftp and mailto links.");
            h.type("U");
            h.awaitText("Open link 1-4 (Enter: 1):");
            h.type("2");
            h.press(KeyType.Enter);
            h.awaitText("Link 2 not opened: it is not a web address (its scheme is file:);");
            assertFalse(Files.exists(got), "the browser was not run");
            assertFalse(Files.exists(dir.resolve("pwned")));
            h.type("U");
            h.awaitText("Open link 1-4 (Enter: 1):");
            h.type("4");
            h.press(KeyType.Enter);
            h.awaitText("Opened link 4");
            assertEquals("https://example.com/ok\n", Files.readString(got));
        }
    }

    /** The served reader's path too: Links.command never builds an argv for a link that is not opened. */
    @Test
    void theCommandIsOnlyEverMadeForAWebOrMailAddress() {
        Map<String, String> env = Map.of("BROWSER", "chromium %s");
        assertEquals(List.of("chromium", "https://example.com/a"), Links.command(env, "https://example.com/a"));
        assertEquals(List.of("xdg-open", "mailto:a@example.com"), Links.command(Map.of(), "mailto:a@example.com"));
        assertEquals(List.of("chromium", "FTP://ftp.example.org/x"), Links.command(env, "FTP://ftp.example.org/x"));
        for (String bad : List.of("--utility-cmd-prefix=touch /tmp/x", "-profile", "file:///etc/passwd",
                "smb://host/share", "data:text/html,<b>x</b>", "javascript:alert(1)", "https://", "http:/x",
                "https://example.com/\u001b]0;x\u0007", "mailto:a@example.com?attach=/home/u/.ssh/id_rsa",
                "mailto:a@example.com?subject=x&Attachment=~/.gnupg", "relative/page.html", "")) {
            assertTrue(Links.refusal(bad) != null, bad);
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Links.command(env, bad), bad);
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Links.command(Map.of(), bad), bad);
        }
    }
}
