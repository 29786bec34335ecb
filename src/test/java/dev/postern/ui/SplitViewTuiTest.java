package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.input.KeyType;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * Issue 18's split view at 80x24 (mutt's pager_index_lines): with pager_index_lines = 6 an open message has six
 * index rows above it, the selected one its own, then a rule, then the message in the 15 rows left; J moves both;
 * S turns the split off and on; at most a third of the rows go to the index whatever the setting.
 */
class SplitViewTuiTest {
    private static TuiHarness run(InMemoryMailController c, int cols, int rows, int indexLines) {
        TuiOptions.Layout layout = new TuiOptions.Layout(false, 20, null, null, 0, indexLines);
        TuiOptions options = new TuiOptions(Palette.defaults(), KeyMap.defaults(), null, null, null, layout);
        Clock clock = Clock.fixed(InMemoryMailController.BASE, ZoneOffset.UTC);
        return new TuiHarness(cols, rows, t -> Tui.run(c, "work", "INBOX", t, options, clock));
    }

    @Test
    void theIndexAboveTheMessageAtEightyByTwentyFour() throws Exception {
        InMemoryMailController c = new InMemoryMailController().addFolder("work", "INBOX", 40);
        try (TuiHarness h = run(c, 80, 24, 6)) {
            h.awaitText("Message #40");
            h.type("jjj"); // #37
            h.press(KeyType.Enter);
            h.awaitScreen("split", s -> h.row(7).startsWith("From:"));
            for (int r = 0; r < 6; r++) assertTrue(h.row(r).contains("Message #"), r + ": " + h.screen());
            assertTrue(h.row(6).startsWith(" -----"), h.screen());
            assertTrue(java.util.stream.IntStream.range(0, 6).anyMatch(r -> h.row(r).contains("Message #37")), h.screen());
            String body = h.awaitText("Subject: Message #37");
            assertEquals(24, body.lines().count(), body);

            h.type("J"); // the next message: the index's selection follows, the pager shows it
            h.awaitText("Subject: Message #36");
            assertTrue(java.util.stream.IntStream.range(0, 6).anyMatch(r -> h.row(r).contains("Message #36")), h.screen());

            h.type("S");
            h.awaitScreen("the message alone", s -> h.row(0).startsWith("From:"));
            h.awaitText("Split view off.");
            h.type("S");
            h.awaitScreen("split again", s -> h.row(7).startsWith("From:"));
            h.type("q");
            h.awaitScreen("the index", s -> h.row(0).contains("Message #40") && !h.screen().contains("Subject: Message"));
        }
    }

    @Test
    void offByDefaultAndNeverMoreThanAThirdOfTheRows() throws Exception {
        InMemoryMailController c = new InMemoryMailController().addFolder("work", "INBOX", 40);
        try (TuiHarness h = run(c, 80, 24, 0)) {
            h.awaitText("Message #40");
            h.press(KeyType.Enter);
            h.awaitScreen("the message alone", s -> h.row(0).startsWith("From:"));
            h.type("S"); // on, with the built-in six rows
            h.awaitScreen("split", s -> h.row(7).startsWith("From:"));
        }
        try (TuiHarness h = run(c, 80, 24, 40)) {
            h.awaitText("Message #40");
            h.press(KeyType.Enter);
            // 22 content rows: (22 - 1) / 3 = 7 index rows, the rule, 14 rows of message
            h.awaitScreen("capped", s -> h.row(8).startsWith("From:"));
            assertTrue(h.row(7).startsWith(" -----"), h.screen());
        }
    }
}
