package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.input.KeyType;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.e2e.PosternConfig;
import jakarta.mail.Flags;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The '?' screen lists the keys of where the user is, with the user's own bindings file laid over the
 * built-in ones: postern started through Main.run in this process (config and bindings read as on a
 * terminal), the real reader on a virtual terminal against an in-process IMAP server.
 */
class HelpScreenTuiTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    /** A user's bindings: an override of a [global] key in [index], an unbound key, an ESC in a command line. */
    private static final String USER_BINDINGS = String.join("\n",
            "[global]",
            "T = unbind",
            "[index]",
            "F = toggle-read",
            "<F5> = change-folder \"\u001b[31mEvil\"",
            "");

    @TempDir Path dir;

    private Path configDir() { return dir.resolve("cfg").resolve("postern"); }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", dir.toString());
        env.put("XDG_CONFIG_HOME", dir.resolve("cfg").toString());
        env.put("XDG_STATE_HOME", dir.resolve("state").toString());
        env.put("TERM", "xterm-256color");
        return env;
    }

    /**
     * The row of a settled screen listing {@code command}, or "" when it is not on it. It reads the snapshot
     * awaitScreen returned, not the live terminal: a repaint (the background sync's status line) caught half
     * drawn made a correct row look wrong.
     */
    private static String rowOf(String screen, String command) {
        return screen.lines().filter(row -> (row + " ").matches(".*\\s" + java.util.regex.Pattern.quote(command) + "\\s.*"))
                .findFirst().orElse("");
    }

    private static boolean hasLine(String screen, String keys, String command) {
        return screen.lines().anyMatch(l -> l.matches("\\s+" + java.util.regex.Pattern.quote(keys) + "\\s+"
                + java.util.regex.Pattern.quote(command) + "(\\s.*)?"));
    }

    @Test
    void helpListsTheKeysOfTheViewWithTheUsersOwnBindings() throws Exception {
        MailFolder inbox = greenMail.getManagers().getImapHostManager().getInbox(greenMail.setUser("carol@localhost", "carol", "pw"));
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        m.setFrom("Sender <s@example.org>");
        m.setSubject("Only message", "UTF-8");
        m.setText("Body", "UTF-8");
        m.saveChanges();
        inbox.appendMessage(m, new Flags(), new Date());
        Files.createDirectories(configDir());
        Path config = PosternConfig.write(configDir().resolve("config.toml"), dir.resolve("data"), "",
                PosternConfig.account("real", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "carol", "pw", 30, null));
        Files.writeString(configDir().resolve("bindings"), USER_BINDINGS + "D = delete --to Trash\n"); // and a batch line

        InProcessPostern postern = new InProcessPostern();
        try (TuiHarness h = postern.start(config, env(), 100, 24)) {
            postern.awaitStart(h, "[1/1");
            h.awaitText("Only message");

            // In the index: [index] (the user's own lines) first, then [global].
            h.type("?");
            h.awaitText("postern keys in the index");
            String screen = h.awaitScreen("the first page drawn", s -> s.contains("[global]") && s.contains("real: INBOX"));
            assertTrue(screen.indexOf("[index]") < screen.indexOf("[global]"), screen);
            assertTrue(rowOf(screen, "toggle-read").matches("\\s+F\\s+toggle-read\\s+toggle read / unread\\s*"),
                    "the user's F in [index] is listed first:\n" + screen);
            assertTrue(rowOf(screen, "delete --to Trash").contains("D "), screen);
            assertTrue(rowOf(screen, "delete --to Trash").contains("Delete messages (the message, or the tagged ones)"), screen);
            assertTrue(screen.contains("<F5>") && screen.contains("change-folder ^[[31mEvil"), "ESC shown as ^[:\n" + screen);
            assertFalse(screen.contains("\u001b"), "no raw escape reaches the terminal");
            assertTrue(rowOf(screen, "next").matches("\\s+j <Down>\\s+next\\s+next message / scroll down a line\\s*"), screen);

            // Longer than the screen: PageDown scrolls to the end of [global], ? closes.
            assertFalse(hasLine(screen, "f", "forward"), "the last line is below the first page:\n" + screen);
            h.press(KeyType.PageDown);
            h.press(KeyType.PageDown);
            screen = h.awaitScreen("the end of the list", s -> hasLine(s, "f", "forward") && !s.contains("[index]")
                    && s.contains("real: INBOX"));
            assertFalse(screen.contains("toggle-threads"), "T is unbound:\n" + screen);
            assertFalse(hasLine(screen, "F", "toggle-flag"), "F is the user's toggle-read in the index:\n" + screen);
            h.type("k");
            h.awaitScreen("scrolled up a line", s -> !hasLine(s, "f", "forward") && hasLine(s, "g", "reply-all"));
            h.type("?");
            h.awaitGone("postern keys");
            h.awaitText("Only message");

            // In the pager: [pager] (n searches again there) then [global], where n no longer means next-message.
            h.press(KeyType.Enter);
            h.awaitText("Subject: Only message");
            h.type("?");
            h.awaitText("postern keys in the pager");
            screen = h.awaitScreen("the first page drawn", s -> s.contains("[global]") && s.contains("real: INBOX"));
            assertTrue(screen.indexOf("[pager]") < screen.indexOf("[global]"), screen);
            assertTrue(rowOf(screen, "search-next").matches("\\s+n\\s+search-next\\s+next match in the message \\(wraps\\)\\s*"), screen);
            assertTrue(hasLine(screen, "J", "next-message"), "n is the pager's own:\n" + screen);
            assertFalse(screen.contains("delete --to Trash"), "the user's [index] lines are not the pager's:\n" + screen);
            h.press(KeyType.Escape);
            h.awaitGone("postern keys");
            h.awaitText("Subject: Only message");
            h.type("qq");
            h.awaitExit();
        }
    }

    /** Whole lists, beyond one screen: what is hidden, overridden or own to each context. */
    @Test
    void linesFollowTheContextAndTheUsersFile() {
        KeyMap keys = BindingsFile.parse("test", USER_BINDINGS, KeyMap.defaults(), CommandRegistry.uiOnly());
        List<HelpView.Line> index = HelpView.lines(keys, KeyMap.INDEX, null);
        List<String> commands = index.stream().filter(l -> !l.title()).map(HelpView.Line::command).toList();
        assertFalse(commands.contains("toggle-flag"), "F was its only key, now the user's toggle-read: " + commands);
        assertFalse(commands.contains("toggle-threads"), "T is unbound: " + commands);
        assertEquals(List.of("[index]", "[global]"), index.stream().filter(HelpView.Line::title).map(HelpView.Line::keys).toList());

        List<HelpView.Line> pager = HelpView.lines(keys, KeyMap.PAGER, null);
        assertTrue(pager.stream().anyMatch(l -> "toggle-flag".equals(l.command()) && l.keys().equals("F")),
                "the user's [index] F does not reach the pager");
        assertFalse(pager.stream().anyMatch(l -> "toggle-threads".equals(l.command())), "T is unbound everywhere");
        assertTrue(pager.stream().anyMatch(l -> "search-next".equals(l.command()) && l.keys().equals("n")), pager.toString());

        List<HelpView.Line> compose = HelpView.lines(keys, KeyMap.COMPOSE, null);
        assertEquals(List.of("[compose]"), compose.stream().filter(HelpView.Line::title).map(HelpView.Line::keys).toList());
        assertTrue(compose.stream().anyMatch(l -> "compose-send".equals(l.command()) && l.keys().equals("y")
                && l.description().equals("review screen: send the message")), compose.toString());
        assertTrue(compose.stream().anyMatch(l -> "help".equals(l.command()) && l.keys().equals("?")), "? opens help on the review screen");
    }

    /**
     * At 40 columns the three columns left the description one letter ("  s   save-attachment   s", hunt 32-V G2): the
     * command name goes and every description is there in full, wrapped beside its keys.
     */
    @Test
    void atFortyColumnsEveryDescriptionIsShownInFull() throws Exception {
        int rows = 200;
        com.googlecode.lanterna.screen.TerminalScreen screen = new com.googlecode.lanterna.screen.TerminalScreen(
                new com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal(new com.googlecode.lanterna.TerminalSize(40, rows)));
        screen.startScreen();
        HelpView help = new HelpView(KeyMap.defaults(), CommandRegistry.uiOnly());
        help.open(KeyMap.INDEX);
        help.draw(screen.newTextGraphics(), Palette.defaults(), 0, 40, rows);
        StringBuilder all = new StringBuilder();
        String saveRow = null;
        for (int r = 0; r < rows; r++) {
            StringBuilder row = new StringBuilder();
            for (int c = 0; c < 40; c++) row.append(screen.getBackCharacter(c, r).getCharacterString());
            if (row.toString().startsWith("  s ")) saveRow = row.toString();
            all.append(row).append(' ');
        }
        screen.stopScreen();
        String text = all.toString().replaceAll("\\s+", " ");
        for (HelpView.Line l : HelpView.lines(KeyMap.defaults(), KeyMap.INDEX, null)) {
            if (!l.title()) assertTrue(text.contains(l.description()), "cut: " + l.description() + " in " + text);
        }
        assertTrue(saveRow != null && saveRow.matches("  s +save attachments,.*"), saveRow);
    }
}
