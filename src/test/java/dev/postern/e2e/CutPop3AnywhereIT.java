package dev.postern.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.cli.CutPoints;
import dev.postern.cli.ImapCutRelay;
import dev.postern.cli.ImapCutRelay.Cut;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A POP3 fetch that deletes what it fetched ({@code keep_on_server = false}) from Dovecot, its link cut at each line it
 * sends in turn, before the line reaches the server and (at the lines that change the maildrop: DELE, QUIT; see
 * {@code CutPoints}) after the server's answer is lost: the cut fetch ends in one sentence with exit 0 or 75; no
 * message is ever lost (each is on the server or in the store, whatever the cut); and the next, clean fetch leaves
 * every message in the store exactly once, its body there with the server out of reach (an export of the store), and
 * the server empty. Dovecot, not GreenMail: GreenMail's POP3 keeps the DELEs of a session that ended without QUIT,
 * which RFC 1939 rolls back.
 */
class CutPop3AnywhereIT {
    @RegisterExtension
    static final DovecotServer DOVECOT = new DovecotServer();

    private static final List<String> SUBJECTS = List.of("one", "two", "three", "four");
    private static final Pattern SUBJECT = Pattern.compile("\"subject\":\"([^\"]*)\"");

    @TempDir Path dir;
    private int rounds;

    @Test
    void aFetchCutAtAnyLineLosesNothingAndTheNextFetchCompletesIt() throws Exception {
        CutPoints.every("pop3 fetch", List.of(Cut.values()), true, 8, this::round);
    }

    private CutPoints.Cutting round(Cut how, int n) throws Exception {
        DOVECOT.expungeAll("bob", "INBOX");
        for (String s : SUBJECTS) {
            DOVECOT.deliver("bob", "INBOX", ("From: Carol <carol@localhost>\r\nTo: bob@localhost\r\nSubject: " + s
                    + "\r\nMessage-ID: <" + s + "." + rounds + "@localhost>\r\n\r\nbody of " + s + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
        }
        Path home = Files.createDirectories(dir.resolve("r" + ++rounds));
        try (ImapCutRelay relay = new ImapCutRelay(DOVECOT.pop3Port(), false).untagged()) {
            String account = PosternConfig.account("t", "pop3", "127.0.0.1", relay.port(), "plain", "bob",
                    DOVECOT.user("bob"), 10, null) + "[accounts.t.pop3]\nkeep_on_server = false\n";
            relay.arm(ImapCutRelay.nthLine(n), how, false);
            InProcessRun.Result cut = InProcessRun.run(home, account, "fetch");
            if (relay.cuts.get() == 0) return null;
            String line = relay.cutLine;
            String where = "cut " + how + " line " + n + ": ";
            assertTrue(cut.code() == 0 || cut.code() == 75, where + cut);
            assertFalse(cut.err().contains("\tat ") || cut.err().contains("Exception"), where + cut);
            relay.arm(l -> true, Cut.BEFORE, true);
            // Nothing lost: each message is on the server or in the store (or both).
            List<String> stored = subjects(home, account, where);
            List<String> onServer = DOVECOT.subjects("bob", "INBOX");
            for (String s : SUBJECTS) {
                assertTrue(stored.contains(s) || onServer.contains(s), where + s + " is neither stored " + stored
                        + " nor on the server " + onServer);
            }
            relay.heal();
            InProcessRun.Result clean = InProcessRun.run(home, account, "fetch");
            assertEquals(0, clean.code(), where + clean);
            relay.arm(l -> true, Cut.BEFORE, true);
            assertEquals(SUBJECTS.stream().sorted().toList(), subjects(home, account, where).stream().sorted().toList(),
                    where + "the store after the clean fetch");
            assertEquals(List.of(), DOVECOT.subjects("bob", "INBOX"), where + "left on the server; the cut fetch said " + cut
                    + ", the clean one " + clean);
            Path out = home.resolve("export");
            InProcessRun.Result exported = InProcessRun.run(home, account, "export", "INBOX", "--format", "mbox", "-o", out.toString());
            assertEquals(0, exported.code(), where + exported);
            String mbox = Files.readString(out.resolve("INBOX.mbox"));
            for (String s : SUBJECTS) assertTrue(mbox.contains("body of " + s), where + s + "'s body: " + mbox);
            return new CutPoints.Cutting(line, cut.code() + (cut.err().isBlank() ? "" : " (" + cut.err().strip() + ")"));
        }
    }

    private static List<String> subjects(Path home, String account, String where) throws Exception {
        InProcessRun.Result r = InProcessRun.run(home, account, "list", "--cached", "--json");
        assertEquals(0, r.code(), where + r);
        List<String> out = new ArrayList<>();
        for (String line : r.out().lines().toList()) {
            Matcher m = SUBJECT.matcher(line);
            if (m.find()) out.add(m.group(1));
        }
        return out;
    }
}
