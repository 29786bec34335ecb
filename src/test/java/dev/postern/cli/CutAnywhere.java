package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.imap.ImapHostManager;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import dev.postern.cli.CliRun.Result;
import dev.postern.cli.ImapCutRelay.Cut;
import jakarta.mail.Flags;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared part of {@link CutAnywhereWithMoveGreenMailTest}, {@link CutAnywhereWithoutMoveGreenMailTest} and
 * {@link CutDeleteAnywhereGreenMailTest} (three classes so that test forks run them side by side). A move whose link is
 * cut at every command it sends in turn ({@link CutPoints}), before the command reaches the server and after the
 * server answered it (the answer lost), on a server with MOVE and one without: whatever the cut, the command ends
 * in one sentence (done, or queued for the next connection), and after one clean sync the server holds every message
 * exactly once, where the move put it, with nothing left queued.
 */
abstract class CutAnywhere {
    @TempDir Path dir;
    private int users;

    /** The test class's GreenMail. */
    abstract GreenMailExtension greenMail();

    /** {@code postern move INBOX 1 2 3 --to Archive}, Archive made beforehand. */
    static final String[] MOVE = {"move", "INBOX", "1", "2", "3", "--to", "Archive"};
    /** {@code postern delete INBOX 1 2 3}: to a Trash folder it makes on first use. */
    static final String[] DELETE = {"delete", "INBOX", "1", "2", "3"};

    void everyCut(boolean hideMove) throws Exception {
        everyCut(hideMove, MOVE, "Archive");
    }

    /** {@code change} moves INBOX's messages 1, 2 and 3 (of four) to {@code target}, cut at each of its commands. */
    void everyCut(boolean hideMove, String[] change, String target) throws Exception {
        CutPoints.every((hideMove ? "no MOVE: " : "MOVE: ") + String.join(" ", change), List.of(Cut.values()), true, 5,
                (how, n) -> round(hideMove, how, n, change, target));
    }

    private CutPoints.Cutting round(boolean hideMove, Cut how, int n, String[] change, String target) throws Exception {
        int id = ++users;
        GreenMailUser user = greenMail().setUser("u" + id + "@localhost", "u" + id, "secret");
        ImapHostManager imap = greenMail().getManagers().getImapHostManager();
        MailFolder inbox = imap.getInbox(user);
        for (String s : List.of("one", "two", "three", "four")) {
            inbox.appendMessage(TestMail.fromBob(s, "body " + s), new Flags(), new Date());
        }
        imap.createMailbox(user, "Archive");
        Path home = dir.resolve("r" + id);
        Path config = java.nio.file.Files.createDirectories(home).resolve("config.toml");
        try (ImapCutRelay relay = new ImapCutRelay(greenMail().getImap().getPort(), hideMove)) {
            CliRun.writeConfig(config, home.resolve("data"), CliRun.account("t", "imap", relay.port(), "u" + id, "secret"));
            Result listed = CliRun.run(home, config, "list");
            assertEquals(0, listed.code, listed.toString());

            relay.arm(ImapCutRelay.nthCommand(n), how, false);
            Result moved = CliRun.run(home, config, change);
            if (relay.cuts.get() == 0) return null;
            String line = relay.cutLine;
            String where = (hideMove ? "no MOVE, " : "MOVE, ") + "cut " + how + " command " + n + ": ";
            assertTrue(moved.code == 0 || moved.code == 75, where + moved);
            assertTrue(moved.err.strip().lines().count() <= 2, where + "one sentence, not " + moved);
            relay.heal();

            Result synced = CliRun.run(home, config, "sync", "--headers-only");
            assertEquals(0, synced.code, where + synced);
            assertEquals(List.of("four"), TestMail.subjects(imap.getFolder(user, "INBOX")).stream().sorted().toList(),
                    where + "INBOX after the clean sync; the move said " + moved);
            if (moved.code == 0) {
                assertEquals(List.of("one", "three", "two"),
                        TestMail.subjects(imap.getFolder(user, target)).stream().sorted().toList(),
                        where + target + " after the clean sync; the change said " + moved);
            }
            assertEquals("nothing queued", CliRun.run(home, config, "queue").out.strip(), where);
            // The store agrees with the server.
            assertEquals(1, CliRun.run(home, config, "list", "--cached", "--json").out.lines().count(), where);
            return new CutPoints.Cutting(line, moved.code + (moved.err.contains("queued") ? " queued" : ""));
        }
    }
}
