package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.app.Main;
import dev.postern.cli.CliRun.Result;
import jakarta.mail.Flags;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code postern list "All Inboxes"}: a POP3 account and an IMAP account (two users of one GreenMail) merged
 * newest first, each row naming its account, JSON rows keeping the real ref that `read` takes.
 */
class UnifiedInboxGreenMailTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(
            new ServerSetup[] {ServerSetupTest.POP3.dynamicPort(), ServerSetupTest.IMAP.dynamicPort()});

    private static final Instant BASE = Instant.parse("2026-03-01T00:00:00Z");

    @TempDir Path dir;
    private MailFolder homeInbox;
    private MailFolder workInbox;


    @BeforeEach
    void setUp() throws Exception {
        homeInbox = greenMail.getManagers().getImapHostManager().getInbox(greenMail.setUser("alice@localhost", "alice", "secret"));
        workInbox = greenMail.getManagers().getImapHostManager().getInbox(greenMail.setUser("carol@localhost", "carol", "pw"));
    }

    private Path config(boolean unified) throws IOException {
        return CliRun.writeConfig(dir.resolve("config.toml"), dir.resolve("data"),
                unified ? "unified_inbox = [\"home\", \"work\"]\n" : "",
                CliRun.account("home", "pop3", greenMail.getPop3().getPort(), "alice", "secret"),
                CliRun.account("work", "imap", greenMail.getImap().getPort(), "carol", "pw"));
    }

    private Result run(Path cfg, String... args) {
        return CliRun.run(dir, cfg, args);
    }

    static void deliver(MailFolder inbox, String to, String subject, int hour) throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        m.setFrom("Sender <s@example.org>");
        m.setRecipients(MimeMessage.RecipientType.TO, to);
        m.setSubject(subject, "UTF-8");
        m.setSentDate(Date.from(BASE.plus(Duration.ofHours(hour))));
        m.setText("Body of " + subject + ".", "UTF-8");
        m.saveChanges();
        inbox.appendMessage(m, new Flags(), new Date());
    }

    /** home (POP3) gets the odd hours, work (IMAP) the even ones: the merge must interleave them. */
    private void seed() throws Exception {
        for (int h = 1; h <= 6; h++) {
            if (h % 2 == 1) deliver(homeInbox, "alice@localhost", "home hour " + h, h);
            else deliver(workInbox, "carol@localhost", "work hour " + h, h);
        }
    }

    @Test
    void listsAllInboxesNewestFirstWithEachRowsAccount() throws Exception {
        seed();
        Path cfg = config(true);
        Result r = run(cfg, "list", "All Inboxes");
        assertEquals(0, r.code, r.err);
        String[] lines = r.out.strip().split("\n");
        assertEquals(6, lines.length, r.out);
        for (int i = 0; i < 6; i++) {
            int hour = 6 - i;
            String account = hour % 2 == 1 ? "home" : "work";
            assertTrue(lines[i].startsWith(account + " "), "row names its account: " + lines[i]);
            assertTrue(lines[i].contains(account + " hour " + hour), "newest first across accounts: " + r.out);
        }

        // Paging through the merge (--limit) gives the same head.
        Result head = run(cfg, "list", "--cached", "--limit", "3", "all inboxes");
        assertEquals(0, head.code, head.err);
        assertEquals(List.of(lines[0], lines[1], lines[2]), List.of(head.out.strip().split("\n")));

        // JSON rows keep their real account, folder and UID, which `read -a ACCOUNT INBOX UID` takes.
        Result json = run(cfg, "list", "--cached", "--json", "All Inboxes");
        assertEquals(0, json.code, json.err);
        Pattern row = Pattern.compile("\\{\"account\":\"(\\w+)\",\"folder\":\"(\\w+)\",\"uid\":(\\d+),.*\"subject\":\"([^\"]+)\"");
        List<String[]> refs = new ArrayList<>();
        for (String line : json.out.strip().split("\n")) {
            Matcher m = row.matcher(line);
            assertTrue(m.find(), line);
            assertEquals("INBOX", m.group(2), line);
            refs.add(new String[] {m.group(1), m.group(3), m.group(4)});
        }
        assertEquals(List.of("work", "home", "work", "home", "work", "home"), refs.stream().map(a -> a[0]).toList());
        for (String[] ref : List.of(refs.get(0), refs.get(1))) {
            Result read = run(cfg, "read", "-a", ref[0], "INBOX", ref[1]);
            assertEquals(0, read.code, read.err);
            assertTrue(read.out.contains("Body of " + ref[2] + "."), read.out);
        }
    }

    @Test
    void newMailInEitherAccountLandsInItsPlaceOnTheNextList() throws Exception {
        seed();
        Path cfg = config(true);
        assertEquals(0, run(cfg, "list", "All Inboxes").code);
        deliver(homeInbox, "alice@localhost", "home late", 10);
        deliver(workInbox, "carol@localhost", "work middle", 4);
        Result r = run(cfg, "list", "All Inboxes");
        assertEquals(0, r.code, r.err);
        String[] lines = r.out.strip().split("\n");
        assertEquals(8, lines.length, r.out);
        assertTrue(lines[0].startsWith("home ") && lines[0].contains("home late"), r.out);
        assertTrue(lines[3].contains("work hour 4") || lines[3].contains("work middle"), r.out);
        assertTrue(lines[4].contains("work hour 4") || lines[4].contains("work middle"), r.out);
    }

    @Test
    void withoutUnifiedInboxTheNameIsAnOrdinaryFolder() throws Exception {
        seed();
        Result r = run(config(false), "list", "-a", "work", "All Inboxes");
        assertTrue(r.code != 0, "work has no folder of that name: " + r.out);
        assertEquals("", r.out, "no merge when unified_inbox is not configured");
        assertTrue(r.err.contains("All Inboxes"), r.err);
    }

    @Test
    void theTuiOpensAllInboxesWhenAskedByName() throws Exception {
        String[] opened = new String[2];
        int code = Main.run(new String[] {"--config", config(true).toString(), "All Inboxes"}, CliRun.env(dir),
                new ByteArrayOutputStream(), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                (c, a, f) -> { opened[0] = a; opened[1] = f; });
        assertEquals(0, code);
        assertEquals(List.of(dev.postern.controller.MailController.UNIFIED, "All Inboxes"), List.of(opened));
    }

    /**
     * {@code search --folder "All Inboxes"} searches each member's INBOX (the POP3 one in its store, the IMAP one on its
     * server) and prints the matches newest first, each row with its account, as list does. It asked the first account's
     * server for a folder named "All Inboxes": 66, the server blamed (hunt 38-M, M8).
     */
    @Test
    void searchInAllInboxesSearchesEachMembersInbox() throws Exception {
        seed();
        Path cfg = config(true);
        assertEquals(0, run(cfg, "fetch").code);
        assertEquals(0, run(cfg, "sync").code);
        for (boolean local : new boolean[] {false, true}) {
            Result r = local ? run(cfg, "search", "--local", "--folder", "All Inboxes", "subject:hour", "-subject:5")
                    : run(cfg, "search", "--folder", "All Inboxes", "subject:hour", "-subject:5");
            assertEquals(0, r.code, r.err);
            assertEquals("", r.err);
            String[] lines = r.out.strip().split("\n");
            assertEquals(5, lines.length, r.out);
            int[] hours = {6, 4, 3, 2, 1};
            for (int i = 0; i < 5; i++) {
                String account = hours[i] % 2 == 1 ? "home" : "work";
                assertTrue(lines[i].startsWith(account + " ") && lines[i].contains(account + " hour " + hours[i]), r.out);
            }
            Result json = local ? run(cfg, "search", "--local", "--json", "--folder", "all inboxes", "subject:hour")
                    : run(cfg, "search", "--json", "--folder", "all inboxes", "subject:hour");
            assertEquals(0, json.code, json.err);
            assertEquals(List.of("work", "home", "work", "home", "work", "home"), json.out.lines()
                    .map(l -> l.substring("{\"account\":\"".length(), l.indexOf("\",\"folder\""))).toList());
        }
    }
}
