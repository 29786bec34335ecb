package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import dev.postern.controller.SyncOutcome;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A ':' command's failure is shown as a key's is: an error wrapped over the rows it needs, in full. ':sync' with its
 * account failing came back as exit 0, so its sentence was a notice cut at column 80 with no sign of the cut, while
 * the same failure from a key wrapped onto two rows (hunt 32-V, D3). A notice too long for its row ends in "…".
 */
class CommandFailureLineTest {
    static final String WHY = "account work: the connection to 127.0.0.1:32143 was lost (Connection reset by peer); "
            + "postern retries on the next sync.";

    static final class Unreachable extends InMemoryMailController {
        @Override
        public java.util.Set<dev.postern.model.Capability> capabilities(String account) {
            return dev.postern.model.Capability.of(dev.postern.model.Protocol.IMAP, true);
        }

        @Override
        public CompletableFuture<SyncOutcome> syncAccount(String account, String folder, boolean headersOnly) {
            return CompletableFuture.failedFuture(new PosternException(ExitCode.TEMPFAIL, WHY));
        }
    }

    @Test
    void aFailedSyncFromTheCommandPromptIsWrappedInFull() throws Exception {
        Unreachable c = new Unreachable();
        c.addFolder("work", "INBOX", 3);
        try (TuiHarness h = new TuiHarness(c, "work", "INBOX", 80, 24)) {
            h.awaitText("Message #3");
            h.type(":sync");
            h.press(com.googlecode.lanterna.input.KeyType.Enter);
            String s = h.awaitText("work: failed:");
            String shown = (h.row(22).strip() + " " + h.row(23).strip()).strip();
            assertEquals("work: failed: " + WHY, shown, s);
        }
    }

    @Test
    void aNoticeTooLongForItsRowEndsInAnEllipsis() throws Exception {
        DefaultVirtualTerminal t = new DefaultVirtualTerminal(new TerminalSize(40, 3));
        TerminalScreen screen = new TerminalScreen(t);
        screen.startScreen();
        StatusLine status = new StatusLine();
        status.notice("work: 3 folder(s), 1200 messages, 40 bodies fetched, 2 left out");
        status.drawMessage(screen.newTextGraphics(), Palette.defaults(), 2, 40);
        StringBuilder row = new StringBuilder();
        for (int col = 0; col < 40; col++) row.append(screen.getBackCharacter(col, 2).getCharacterString());
        assertEquals("work: 3 folder(s), 1200 messages, 40 bo…", row.toString());
        status.notice("Done.");
        status.drawMessage(screen.newTextGraphics(), Palette.defaults(), 2, 40);
        assertTrue(screen.getBackCharacter(39, 2).getCharacterString().isBlank());
        screen.stopScreen();
    }

    /** The status bar's own fields (a long limit query) cut at the row's end end in "…", as the notices do (G4). */
    @Test
    void aStatusBarTooLongForItsRowEndsInAnEllipsis() throws Exception {
        DefaultVirtualTerminal t = new DefaultVirtualTerminal(new TerminalSize(60, 3));
        TerminalScreen screen = new TerminalScreen(t);
        screen.startScreen();
        StatusLine status = new StatusLine();
        status.view("flat date  limit: subject:\"Quarterly report\" or from:finance@example.org");
        status.drawBar(screen.newTextGraphics(), Palette.defaults(), 1, 60, "work", "INBOX", "1/2999",
                dev.postern.controller.ConnectionState.ONLINE);
        StringBuilder row = new StringBuilder();
        for (int col = 0; col < 60; col++) row.append(screen.getBackCharacter(col, 1).getCharacterString());
        assertEquals(" work: INBOX  [1/2999]  online  flat date  limit: subject:\"…", row.toString());
        status.view("flat date");
        status.drawBar(screen.newTextGraphics(), Palette.defaults(), 1, 60, "work", "INBOX", "1/2999",
                dev.postern.controller.ConnectionState.ONLINE);
        assertTrue(screen.getBackCharacter(59, 1).getCharacterString().isBlank());
        screen.stopScreen();
    }
}
