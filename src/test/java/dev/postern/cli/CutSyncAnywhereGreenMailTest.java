package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.imap.ImapHostManager;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.cli.CliRun.Result;
import dev.postern.cli.ImapCutRelay.Cut;
import jakarta.mail.Flags;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sync (headers and bodies, two folders, flags) whose link is cut at each of its commands in turn, before the
 * command reaches the server: the cut sync ends in one sentence with exit 0 or 75, and the next, clean sync leaves
 * the store exactly as a sync that was never cut: every message once, with its flags and its body.
 */
class CutSyncAnywhereGreenMailTest {
    @RegisterExtension
    static final GreenMailExtension GREENMAIL = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;
    private int users;

    @Test
    void aSyncCutAtAnyCommandIsCompletedByTheNextOne() throws Exception {
        CutPoints.every("sync", List.of(Cut.BEFORE), false, 8, (how, n) -> round(n));
    }

    /** The cut sync's exit and sentence, or null when the sync sent fewer than {@code n} commands. */
    private CutPoints.Cutting round(int n) throws Exception {
        int id = ++users;
        GreenMailUser user = GREENMAIL.setUser("s" + id + "@localhost", "s" + id, "secret");
        ImapHostManager imap = GREENMAIL.getManagers().getImapHostManager();
        MailFolder inbox = imap.getInbox(user);
        MailFolder lists = imap.createMailbox(user, "Lists");
        for (int i = 1; i <= 4; i++) {
            Flags f = new Flags();
            if (i % 2 == 0) f.add(Flags.Flag.SEEN);
            if (i == 3) f.add(Flags.Flag.FLAGGED);
            inbox.appendMessage(TestMail.fromBob("inbox " + i, "body of inbox " + i), f, new Date());
            lists.appendMessage(TestMail.fromBob("lists " + i, "body of lists " + i), new Flags(), new Date());
        }
        Path home = Files.createDirectories(dir.resolve("s" + id));
        Path reference = Files.createDirectories(dir.resolve("ref" + id));
        try (ImapCutRelay relay = new ImapCutRelay(GREENMAIL.getImap().getPort(), false)) {
            String account = CliRun.account("t", "imap", relay.port(), "s" + id, "secret") + "sync_folders = [\"INBOX\", \"Lists\"]\n";
            Path config = CliRun.writeConfig(home.resolve("config.toml"), home.resolve("data"), account);
            Path refConfig = CliRun.writeConfig(reference.resolve("config.toml"), reference.resolve("data"), account);

            relay.arm(ImapCutRelay.nthCommand(n), Cut.BEFORE, false);
            Result cut = CliRun.run(home, config, "sync");
            if (relay.cuts.get() == 0) return null;
            String line = relay.cutLine;
            String where = "cut before command " + n + ": ";
            assertTrue(cut.code == 0 || cut.code == 75, where + cut);
            relay.heal();
            Result clean = CliRun.run(home, config, "sync");
            assertEquals(0, clean.code, where + clean);
            assertEquals(0, CliRun.run(reference, refConfig, "sync").code);
            // From here the server is out of reach: what follows is read from the store alone.
            relay.arm(l -> true, Cut.BEFORE, true);
            Path out = home.resolve("export");
            Result exported = CliRun.run(home, config, "export", "INBOX", "Lists", "--format", "mbox", "-o", out.toString());
            assertEquals(0, exported.code, where + exported);
            for (String folder : List.of("INBOX", "Lists")) {
                assertEquals(rows(reference, refConfig, folder), rows(home, config, folder), where + folder);
                String mbox = Files.readString(out.resolve(folder + ".mbox"));
                for (int i = 1; i <= 4; i++) {
                    assertTrue(mbox.contains("body of " + folder.toLowerCase() + " " + i), where + folder + " " + i + ": " + mbox);
                }
            }
            return new CutPoints.Cutting(line, cut.code + (cut.err.isBlank() ? "" : " (" + cut.err.strip() + ")"));
        }
    }

    /** The folder's rows in the store: UID, flags and subject, in order. */
    private static List<String> rows(Path home, Path config, String folder) {
        Result r = CliRun.run(home, config, "list", folder, "--cached", "--json");
        assertEquals(0, r.code, r.toString());
        return r.out.lines().map(l -> l.replaceAll("\"(date|received|age)\":\"[^\"]*\",?", "")).toList();
    }
}
