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
 * Hunt 38-L, L7: one dropped link while a sync reads a batch of bodies must not make the rest of the batch one
 * FETCH a message (on a thin link 562 s against 29 s). Bodies that came are kept; the rest is read in bulk again
 * ({@code controller.BodyBatch}).
 */
class SyncAfterLinkFaultGreenMailTest {
    @RegisterExtension
    static final GreenMailExtension GREENMAIL = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    private static final int MESSAGES = 12;

    @TempDir Path dir;

    @Test
    void aLinkLostAsTheBatchEndsReadsTheBatchInBulkAgain() throws Exception {
        // The reset as the server's tagged answer comes: the bodies in the client's buffer are lost with the link.
        List<String> fetches = syncCut("a", Cut.AFTER);
        assertTrue(fetches.size() <= 3, fetches.toString());
    }

    @Test
    void aLinkLostBeforeAnyBodyCameReadsTheBatchInBulkAgain() throws Exception {
        List<String> fetches = syncCut("b", Cut.BEFORE);
        // The cut FETCH (no body came: one message of it might break it), then its two halves, each in bulk.
        assertTrue(fetches.size() <= 3, fetches.toString());
    }

    /** The body FETCH lines the sync sent, the first cut as {@code how}; checks every body is then in the store. */
    private List<String> syncCut(String id, Cut how) throws Exception {
        GreenMailUser user = GREENMAIL.setUser(id + "@localhost", id, "secret");
        ImapHostManager imap = GREENMAIL.getManagers().getImapHostManager();
        MailFolder inbox = imap.getInbox(user);
        for (int i = 1; i <= MESSAGES; i++) {
            inbox.appendMessage(TestMail.fromBob("inbox " + i, "body of inbox " + i), new Flags(), new Date());
        }
        Path home = Files.createDirectories(dir.resolve(id));
        try (ImapCutRelay relay = new ImapCutRelay(GREENMAIL.getImap().getPort(), false)) {
            String account = CliRun.account("t", "imap", relay.port(), id, "secret");
            Path config = CliRun.writeConfig(home.resolve("config.toml"), home.resolve("data"), account);
            assertEquals(0, CliRun.run(home, config, "sync", "--headers-only").code);
            int from = relay.lines.size();
            relay.arm(l -> l.contains("BODY.PEEK[])"), how, false);
            Result r = CliRun.run(home, config, "sync");
            assertEquals(1, relay.cuts.get());
            assertEquals(0, r.code, r + " cut at " + relay.cutLine + " after " + relay.lines.subList(from, relay.lines.size()));
            List<String> fetches = List.copyOf(relay.lines.subList(from, relay.lines.size())).stream()
                    .filter(l -> l.matches(".*BODY(\\.PEEK)?\\[\\].*")).toList();
            relay.arm(l -> true, Cut.BEFORE, true); // from here the store alone answers
            Path out = home.resolve("export");
            assertEquals(0, CliRun.run(home, config, "export", "INBOX", "--format", "mbox", "-o", out.toString()).code);
            String mbox = Files.readString(out.resolve("INBOX.mbox"));
            for (int i = 1; i <= MESSAGES; i++) assertTrue(mbox.contains("body of inbox " + i + "\r\n") || mbox.contains("body of inbox " + i + "\n"), mbox);
            return fetches;
        }
    }
}
