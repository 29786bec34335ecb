package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import org.junit.jupiter.api.Test;

/** Text cut to the screen ends in "…" and keeps what matters first (hunt33-Z Z12). */
class CutWithAMarkTest {
    private static String titleRow(String context, int width) throws Exception {
        TerminalScreen screen = new TerminalScreen(new DefaultVirtualTerminal(new TerminalSize(width, 40)));
        screen.startScreen();
        try {
            HelpView help = new HelpView(KeyMap.defaults(), CommandRegistry.uiOnly());
            help.open(context);
            help.draw(screen.newTextGraphics(), Palette.defaults(), 0, width, 40);
            StringBuilder row = new StringBuilder();
            for (int c = 0; c < width; c++) row.append(screen.getBackCharacter(c, 0).getCharacterString());
            return row.toString().stripTrailing();
        } finally {
            screen.stopScreen();
        }
    }

    @Test
    void theReviewScreensHelpTitleFitsEightyColumnsAndEndsInAMarkWhenCut() throws Exception {
        String at80 = titleRow(KeyMap.COMPOSE, 80);
        assertTrue(at80.endsWith("scroll)"), at80);
        String at50 = titleRow(KeyMap.COMPOSE, 50);
        assertTrue(at50.startsWith("postern keys on the review screen") && at50.endsWith("…"), at50);
    }

    @Test
    void allInboxesKeepsItsNameAndShowsTheUnreadCountAloneWhenBothDoNotFit() {
        Sidebar s = new Sidebar(null, null);
        s.width(20);
        String label = s.label(new Sidebar.Entry(dev.postern.controller.MailController.UNIFIED, new dev.postern.model.Folder(
                dev.postern.controller.MailController.UNIFIED, dev.postern.controller.MailController.ALL_INBOXES, '/', 267, 266,
                java.util.Set.of())));
        assertTrue(label.contains("All Inboxes") && label.strip().endsWith("266") && Cells.width(label) <= 20, label);
        String roomy = s.label(new Sidebar.Entry(dev.postern.controller.MailController.UNIFIED, new dev.postern.model.Folder(
                dev.postern.controller.MailController.UNIFIED, dev.postern.controller.MailController.ALL_INBOXES, '/', 3, 1,
                java.util.Set.of())));
        assertTrue(roomy.contains("All Inboxes") && roomy.strip().endsWith("1/3"), roomy);
    }

    @Test
    void anUnknownCommandNamesTheCloseOnesAndWhereTheRestAreInTwoRows() {
        String said = CommandRegistry.uiOnly().unknown("nosuch");
        assertTrue(said.length() <= 160, said);
        assertTrue(said.startsWith("unknown command 'nosuch'") && said.contains("Tab lists every command"), said);
    }
}
