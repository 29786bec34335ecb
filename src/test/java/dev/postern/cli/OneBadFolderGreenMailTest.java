package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.imap.ImapHostManager;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Flags;
import java.nio.file.Path;
import java.util.Date;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * One folder the server lists and then refuses (here GreenMail's `Esc]x`: it refuses the name unquoted, as postern
 * (Angus) sends it; found by a hostile-mail hunt) no longer fails the whole account: `folders` lists the others, and
 * `sync` syncs them and names the one it could not. And a folder named with a quote (`Qu"ote`, which the server's
 * LIST escapes) is named back whole: postern once read it as `Qu`.
 */
class OneBadFolderGreenMailTest {
    @RegisterExtension
    static final GreenMailExtension GREENMAIL = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;

    @Test
    void aFolderTheServerRefusesIsPassedOverAndNamed() throws Exception {
        GreenMailUser user = GREENMAIL.setUser("q@localhost", "q", "secret");
        ImapHostManager imap = GREENMAIL.getManagers().getImapHostManager();
        imap.getInbox(user).appendMessage(TestMail.fromBob("hello", "body"), new Flags(), new Date());
        imap.createMailbox(user, "Esc]x");
        imap.createMailbox(user, "Qu\"ote");
        imap.createMailbox(user, "Archive");
        imap.getFolder(user, "Archive").appendMessage(TestMail.fromBob("kept", "body"), new Flags(), new Date());
        imap.getFolder(user, "Qu\"ote").appendMessage(TestMail.fromBob("quoted", "body"), new Flags(), new Date());
        imap.subscribe(user, "Esc]x");
        imap.subscribe(user, "Qu\"ote");
        imap.subscribe(user, "Archive");
        Path config = CliRun.writeConfig(dir.resolve("config.toml"), dir.resolve("data"),
                CliRun.account("t", "imap", GREENMAIL.getImap().getPort(), "q", "secret"));

        CliRun.Result folders = CliRun.run(dir, config, "folders");
        assertEquals(0, folders.code, folders.out + folders.err);
        assertTrue(folders.out.contains("INBOX") && folders.out.contains("Archive"), folders.out);

        CliRun.Result sync = CliRun.run(dir, config, "sync", "--json");
        assertTrue(sync.out.contains("\"folder\":\"INBOX\",\"total\":1"), sync.out + sync.err);
        assertTrue(sync.out.contains("\"folder\":\"Archive\",\"total\":1"), sync.out + sync.err);
        assertTrue(sync.out.contains("\"folder\":\"Esc]x\",\"total\":0") && sync.out.contains("\"refused\":\"BAD Invalid"),
                sync.out + sync.err);
        assertEquals(0, sync.code, "a refusal with no code that says it is for now, among folders synced: " + sync.out + sync.err);
        assertTrue(sync.out.contains("\"folder\":\"Qu\\\"ote\",\"total\":1"), "the quoted name, whole: " + sync.out + sync.err);
        CliRun.Result list = CliRun.run(dir, config, "list", "--cached", "Archive");
        assertTrue(list.out.contains("kept"), list.out + list.err);
    }
}
