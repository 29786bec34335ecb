package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.googlecode.lanterna.input.KeyType;
import dev.postern.render.RenderedMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 18: U lists the message's links (HTML's numbered ones, then URLs in the text) and opens one with $BROWSER. */
class OpenLinkTuiTest {
    @TempDir Path dir;

    @AfterEach
    void restore() { Links.environment = System::getenv; }

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
