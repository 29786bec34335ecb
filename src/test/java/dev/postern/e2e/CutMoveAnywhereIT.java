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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code postern move} on Dovecot with MOVE taken out of its capabilities (so COPY, then the expunge), its link cut at
 * each command in turn, before the command reaches the server and (at the commands that change the mailbox; see
 * {@code CutPoints}) after its answer is lost: the move ends done or queued (or exit 75), and after one clean sync the
 * server's Maildir holds each message once, where the move put it, with nothing left queued. The GreenMail twin is
 * {@code CutAnywhereWithoutMoveGreenMailTest}; this one holds the same against the server a user runs (UIDPLUS, its
 * own STATUS, COPY keeping the internal date).
 */
class CutMoveAnywhereIT {
    @RegisterExtension
    static final DovecotServer DOVECOT = new DovecotServer();

    private static final List<String> SUBJECTS = List.of("one", "two", "three", "four");

    @TempDir Path dir;
    private int rounds;

    @Test
    void aMoveWithoutMoveCutAtAnyCommandEndsWithEachMessageOnceWhereItBelongs() throws Exception {
        CutPoints.every("move without MOVE", List.of(Cut.values()), true, 5, this::round);
    }

    private CutPoints.Cutting round(Cut how, int n) throws Exception {
        int r = ++rounds;
        String from = "From" + r;
        String to = "To" + r;
        for (String s : SUBJECTS) {
            DOVECOT.deliver("alice", from, ("From: Carol <carol@localhost>\r\nTo: alice@localhost\r\nSubject: " + s
                    + "\r\nMessage-ID: <" + s + "." + r + "@localhost>\r\n\r\nbody of " + s + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
        }
        DOVECOT.createFolder("alice", to);
        Path home = Files.createDirectories(dir.resolve("r" + r));
        try (ImapCutRelay relay = new ImapCutRelay(DOVECOT.imapPort(), true)) {
            String account = PosternConfig.account("t", "imap", "127.0.0.1", relay.port(), "plain", "alice",
                    DOVECOT.user("alice"), 10, null) + "compress = false\n";
            InProcessRun.Result listed = InProcessRun.run(home, account, "list", from);
            assertEquals(0, listed.code(), listed.toString());
            relay.arm(ImapCutRelay.nthCommand(n), how, false);
            InProcessRun.Result moved = InProcessRun.run(home, account, "move", from, "1", "2", "3", "--to", to);
            if (relay.cuts.get() == 0) return null;
            String line = relay.cutLine;
            String where = "cut " + how + " command " + n + ": ";
            assertTrue(moved.code() == 0 || moved.code() == 75, where + moved);
            assertFalse(moved.err().contains("\tat ") || moved.err().contains("Exception"), where + moved);
            relay.heal();
            InProcessRun.Result synced = InProcessRun.run(home, account, "sync", "--headers-only", "--folder", from);
            assertEquals(0, synced.code(), where + synced);
            assertEquals(List.of("four"), DOVECOT.subjects("alice", from), where + from + "; the move said " + moved);
            if (moved.code() == 0) {
                assertEquals(List.of("one", "three", "two"), DOVECOT.subjects("alice", to), where + to + "; the move said " + moved);
            }
            assertEquals("nothing queued", InProcessRun.run(home, account, "queue").out().strip(), where);
            return new CutPoints.Cutting(line, moved.code() + (moved.err().contains("queued") ? " queued" : ""));
        }
    }
}
