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
}
