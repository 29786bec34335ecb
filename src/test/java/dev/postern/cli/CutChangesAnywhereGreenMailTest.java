package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.imap.ImapHostManager;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.store.StoredMessage;
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
 * A folder rename and a flag change, their link cut at each command they send in turn ({@link CutPoints}), before the command reaches
 * the server and after its answer is lost: the change ends in one sentence (done, queued, or exit 75), and after one
 * clean sync the server shows the change made once (the folder renamed with its messages, the flags set), nothing
 * is left queued, and the store agrees.
 */
class CutChangesAnywhereGreenMailTest {
    @RegisterExtension
    static final GreenMailExtension GREENMAIL = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;
    private int users;

    private interface Check {
        void after(ImapHostManager imap, GreenMailUser user, Path home, Path config, String where) throws Exception;
    }

    @Test
    void aRenameCutAtAnyCommandEndsWithTheFolderRenamedOnce() throws Exception {
        everyCut(new String[] {"folder", "rename", "Projects", "Done"}, (imap, user, home, config, where) -> {
            assertNull(imap.getFolder(user, "Projects"), where + "the old name is gone");
            MailFolder done = imap.getFolder(user, "Done");
            assertTrue(done != null, where + "the new name is there");
            assertEquals(List.of("p1", "p2"), TestMail.subjects(done).stream().sorted().toList(), where);
            String folders = CliRun.run(home, config, "folders").out;
            assertTrue(folders.contains("Done") && !folders.contains("Projects"), where + folders);
        });
    }

    @Test
    void aFlagChangeCutAtAnyCommandEndsWithTheFlagsSet() throws Exception {
        everyCut(new String[] {"flag", "INBOX", "1", "2", "--set", "flagged"}, (imap, user, home, config, where) -> {
            List<StoredMessage> inbox = imap.getInbox(user).getMessages();
            for (int i = 0; i < inbox.size(); i++) {
                assertEquals(i < 2, inbox.get(i).isSet(Flags.Flag.FLAGGED), where + "message " + (i + 1));
            }
            String cached = CliRun.run(home, config, "list", "--cached", "--json").out;
            assertEquals(2, cached.lines().filter(l -> l.contains("\"flagged\"")).count(), where + cached);
        });
    }

    private void everyCut(String[] change, Check check) throws Exception {
        CutPoints.every(String.join(" ", change), List.of(Cut.values()), true, 4, (how, n) -> round(how, n, change, check));
    }

    private CutPoints.Cutting round(Cut how, int n, String[] change, Check check) throws Exception {
        int id = ++users;
        GreenMailUser user = GREENMAIL.setUser("c" + id + "@localhost", "c" + id, "secret");
        ImapHostManager imap = GREENMAIL.getManagers().getImapHostManager();
        MailFolder inbox = imap.getInbox(user);
        for (String s : List.of("one", "two", "three")) inbox.appendMessage(TestMail.fromBob(s, "body " + s), new Flags(), new Date());
        MailFolder projects = imap.createMailbox(user, "Projects");
        for (String s : List.of("p1", "p2")) projects.appendMessage(TestMail.fromBob(s, "body " + s), new Flags(), new Date());
        Path home = Files.createDirectories(dir.resolve("c" + id));
        try (ImapCutRelay relay = new ImapCutRelay(GREENMAIL.getImap().getPort(), false)) {
            Path config = CliRun.writeConfig(home.resolve("config.toml"), home.resolve("data"),
                    CliRun.account("t", "imap", relay.port(), "c" + id, "secret"));
            assertEquals(0, CliRun.run(home, config, "list").code);
            relay.arm(ImapCutRelay.nthCommand(n), how, false);
            Result changed = CliRun.run(home, config, change);
            if (relay.cuts.get() == 0) return null;
            String line = relay.cutLine;
            String where = String.join(" ", change) + ", cut " + how + " command " + n + ": ";
            assertTrue(changed.code == 0 || changed.code == 75, where + changed);
            assertTrue(changed.err.strip().lines().count() <= 2, where + "one sentence, not " + changed);
            relay.heal();
            Result synced = CliRun.run(home, config, "sync", "--headers-only");
            assertEquals(0, synced.code, where + synced);
            if (changed.code == 0) check.after(imap, user, home, config, where + "(the change said " + changed + ") ");
            assertEquals("nothing queued", CliRun.run(home, config, "queue").out.strip(), where);
            return new CutPoints.Cutting(line, changed.code + (changed.err.contains("queued") ? " queued" : ""));
        }
    }
}
