package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.input.KeyType;
import dev.postern.render.RenderedMessage;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 18's layout at 80x24: the sidebar hidden by a key or a setting gives the subject most of the row;
 * index_format and date_format set the columns; emoji are drawn as themselves in two columns with the
 * columns after them in place; the pager wraps at words and at pager_width.
 */
class LayoutTuiTest {
    private static final String LONG = "A subject long enough to fill every column the index can give it and more";

    private static InMemoryMailController mailbox() {
        InMemoryMailController c = new InMemoryMailController().addFolder("work", "INBOX", 5);
        InMemoryMailController.FolderData d = c.folder("work", "INBOX");
        d.overrides.put(5, subject(d.generated(5), LONG));
        d.overrides.put(4, subject(d.generated(4), "Party \uD83C\uDF89 tonight \uD83D\uDE00 ok"));
        return c;
    }

    private static dev.postern.model.Envelope subject(dev.postern.model.Envelope e, String s) {
        return new dev.postern.model.Envelope(e.ref(), e.messageId(), e.date(), e.from(), e.to(), e.cc(), s, e.size(),
                e.flags(), e.inReplyTo(), e.references(), e.bodyHash());
    }

    private static TuiHarness run(InMemoryMailController c, int cols, int rows, TuiOptions.Layout layout) {
        TuiOptions options = new TuiOptions(Palette.defaults(), KeyMap.defaults(), null, null, null, layout);
        Clock clock = Clock.fixed(InMemoryMailController.BASE, ZoneOffset.UTC);
        return new TuiHarness(cols, rows, t -> Tui.run(c, "work", "INBOX", t, options, clock));
    }

    @Test
    void bHidesTheSidebarAndTheSubjectGetsMostOfTheRow() throws Exception {
        try (TuiHarness h = run(mailbox(), 80, 24, TuiOptions.Layout.DEFAULT)) {
            h.awaitText(LONG.substring(0, 20));
            assertTrue(h.row(0).startsWith("work "), h.screen());
            h.type("B");
            h.awaitScreen("sidebar gone", s -> h.row(0).startsWith("N     12:00"));
            // flags(5, the tag mark's the fifth) date(10) from(16) subject size(5), one space between: the subject has
            // 40 of 80 columns.
            String row = h.row(h.rowContaining("A subject long"));
            assertEquals(80, row.length());
            int subjectAt = 5 + 1 + 10 + 1 + 16 + 1;
            assertEquals(LONG.substring(0, 40), row.substring(subjectAt, subjectAt + 40));
            assertEquals(" 1005B", row.substring(74));
            h.press(KeyType.Tab);
            h.awaitText("The sidebar is hidden; B shows it");
            h.type("B");
            h.awaitScreen("sidebar back", s -> h.row(0).startsWith("work "));
        }
    }

    @Test
    void settingsHideTheSidebarAndSetColumnsAndDates() throws Exception {
        TuiOptions.Layout layout = new TuiOptions.Layout(false, 20, "%D|%-8F|%s|%5c", "yyyy-MM-dd HH:mm", 0);
        try (TuiHarness h = run(mailbox(), 80, 24, layout)) {
            h.awaitText("Message #3");
            String row = h.row(h.rowContaining("Message #3"));
            assertTrue(row.startsWith("2026-06-15 11:46|Sender 3|Message #3 "), row);
            assertTrue(row.endsWith("|1003B"), row);
        }
    }

    @Test
    void aBadIndexFormatIsOneSentence() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TuiOptions.Layout(true, 20, "%Z %q", null, 0));
        assertEquals("index_format: %q is not a field (known: %Z flags, %D date, %F sender, %s subject, %c size, "
                + "%a account, %% a percent sign)", e.getMessage());
    }

    @Test
    void emojiAreDrawnAsThemselvesAndTheColumnsAfterThemStayInPlace() throws Exception {
        try (TuiHarness h = run(mailbox(), 80, 24, new TuiOptions.Layout(false, 20, null, null, 0))) {
            h.awaitText("Party \uD83C\uDF89 tonight \uD83D\uDE00 ok");
            // Read inside the wait: each look at the screen is of one whole frame's predicate.
            h.awaitScreen("the emoji in one double-width cell, the size column in place", s -> {
                int r = h.rowContaining("Party");
                int plain = h.rowContaining("Message #3");
                if (r < 0 || plain < 0) return false;
                int col = h.row(r).indexOf("Party") + "Party ".length();
                TextCharacter party = h.terminal.getCharacter(col, r);
                return party.getCharacterString().equals("\uD83C\uDF89") && party.isDoubleWidth()
                        && "B".equals(h.terminal.getCharacter(79, plain).getCharacterString())
                        && "B".equals(h.terminal.getCharacter(79, r).getCharacterString())
                        && "1".equals(h.terminal.getCharacter(75, r).getCharacterString())
                        && "1".equals(h.terminal.getCharacter(75, plain).getCharacterString());
            });
        }
    }

    @Test
    void thePagerWrapsAtWordsAndAtPagerWidth() throws Exception {
        InMemoryMailController c = mailbox();
        c.renderer = ref -> new RenderedMessage(List.of(new RenderedMessage.Header("Subject", "wrap")),
                "The quick brown fox jumps over the lazy dog, then keeps running far beyond the hills "
                        + "https://example.org/a-very-long-link-that-cannot-be-broken-anywhere-at-all\nnext line",
                List.of(), List.of());
        try (TuiHarness h = run(c, 80, 24, new TuiOptions.Layout(false, 20, null, null, 30))) {
            h.awaitText("Message #3");
            h.press(KeyType.Enter);
            h.awaitText("next line");
            String screen = h.screen();
            String body = screen.substring(screen.indexOf("The quick"));
            assertEquals(String.join("\n",
                    "The quick brown fox jumps over",
                    "the lazy dog, then keeps",
                    "running far beyond the hills",
                    "https://example.org/a-very-lon",
                    "g-link-that-cannot-be-broken-a",
                    "nywhere-at-all",
                    "next line"), body.substring(0, body.indexOf("next line") + "next line".length()));
        }
    }

    /** At 80 columns every word of the help is on the screen: long descriptions go on over the next row. */
    @Test
    void theHelpScreenWrapsItsDescriptionsAt80Columns() throws Exception {
        try (TuiHarness h = run(mailbox(), 80, 100, TuiOptions.Layout.DEFAULT)) {
            h.awaitText("Message #3");
            h.type("?");
            h.awaitText("postern keys in the index");
            List<String> words = List.of("download attachments not yet", "show their text",
                    "in the pager: list the message's links", "with $BROWSER");
            h.awaitScreen("every word of the long descriptions", s -> words.stream().allMatch(s::contains));
            for (int r = 0; r < h.rows(); r++) assertTrue(h.row(r).length() <= 80);
        }
    }
}
