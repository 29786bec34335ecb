package dev.postern.ui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyType;
import dev.postern.render.RenderedMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A resize in the pager keeps the text read at the top of the screen, as less and mutt do: the rows are wrapped again
 * at the new width, and the top row's number now names another place once lines wrap narrower (hunt 37-G10: reading
 * "Paragraph 2000" at 120x40, 80x24 showed "Paragraph 1600").
 */
class PagerResizeTuiTest {
    private static String body() {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= 1000; i++) {
            b.append("Paragraph ").append(i).append(": ").append("lorem ipsum dolor sit amet ".repeat(5)).append("end.\n");
        }
        return b.toString();
    }

    /** The pager's top row (the screen's first) starts with {@code text}. */
    private static boolean topIs(TuiHarness h, String text) {
        return h.row(0).startsWith(text);
    }

    @Test
    void aResizeKeepsTheTopTextAtTheTop() throws Exception {
        InMemoryMailController c = new InMemoryMailController().addFolder("work", "INBOX", 3);
        String body = body();
        c.renderer = ref -> new RenderedMessage(List.of(new RenderedMessage.Header("Subject", "long")), body, List.of(),
                List.of());
        try (TuiHarness h = new TuiHarness(c, "work", "INBOX", 120, 40)) {
            h.awaitText("Message #3");
            h.press(KeyType.Enter);
            h.awaitText("Paragraph 1:");
            h.awaitScreen("laid out (a percentage in the status)", s -> s.matches("(?s).*[0-9]%.*"));
            h.type("/");
            h.type("Paragraph 700:");
            h.press(KeyType.Enter);
            h.awaitScreen("Paragraph 700 at the top at 120x40", s -> topIs(h, "Paragraph 700:"));
            h.terminal.setTerminalSize(new TerminalSize(80, 24));
            h.awaitScreen("80x24, the same paragraph at the top", s -> h.row(0).length() <= 80 && topIs(h, "Paragraph 700:"));
            h.terminal.setTerminalSize(new TerminalSize(40, 12));
            h.awaitScreen("40x12, the same paragraph at the top", s -> h.row(0).length() <= 40 && topIs(h, "Paragraph 700:"));
            h.type("j"); // a row down: the paragraph's second row at the top
            h.awaitScreen("a row further", s -> !topIs(h, "Paragraph 700:"));
            h.terminal.setTerminalSize(new TerminalSize(120, 40));
            h.awaitScreen("120x40: the row holding that text at the top", s -> topIs(h, "Paragraph 700:"));
        }
    }
}
