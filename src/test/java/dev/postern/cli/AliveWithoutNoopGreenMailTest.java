package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.imap.ImapHostManager;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.app.AppContext;
import dev.postern.controller.MailController;
import dev.postern.model.Flag;
import jakarta.mail.Flags;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A connection that heard from its server moments ago is taken as alive without a NOOP before each command (a
 * round trip each, six in one delete): a move and a delete send none. And a connection that died in that moment
 * costs nothing but a retry: the next task of a long-lived session (the reader's) fails on it as a lost link and is
 * done on a fresh connection, whether it reads or changes.
 */
class AliveWithoutNoopGreenMailTest {
    @RegisterExtension
    static final GreenMailExtension GREENMAIL = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;

    private GreenMailUser seeded(String name) throws Exception {
        GreenMailUser user = GREENMAIL.setUser(name + "@localhost", name, "secret");
        ImapHostManager imap = GREENMAIL.getManagers().getImapHostManager();
        MailFolder inbox = imap.getInbox(user);
        for (String s : List.of("one", "two", "three", "four")) inbox.appendMessage(TestMail.fromBob(s, "body " + s), new Flags(), new Date());
        imap.createMailbox(user, "Archive");
        return user;
    }

    /** Account "t", login {@code user}, through {@code relay}; its data under {@code home}. */
    private static Path config(Path home, ImapCutRelay relay, String user) throws Exception {
        return CliRun.writeConfig(home.resolve("config.toml"), home.resolve("data"), CliRun.account("t", "imap", relay.port(), user, "secret"));
    }

    @Test
    void aMoveAndADeleteSendNoNoop() throws Exception {
        GreenMailUser user = seeded("n");
        Path home = Files.createDirectories(dir.resolve("n"));
        try (ImapCutRelay relay = new ImapCutRelay(GREENMAIL.getImap().getPort(), false)) {
            Path config = config(home, relay, "n");
            assertEquals(0, CliRun.run(home, config, "list").code);
            relay.lines.clear();
            assertEquals(0, CliRun.run(home, config, "move", "INBOX", "1", "2", "--to", "Archive").code);
            assertEquals(0, CliRun.run(home, config, "delete", "INBOX", "3").code);
            List<String> sent = List.copyOf(relay.lines);
            assertTrue(sent.stream().anyMatch(l -> l.contains("MOVE") || l.contains("COPY")), sent.toString());
            assertEquals(List.of(), sent.stream().filter(l -> l.matches("\\S+ NOOP")).toList(), "sent: " + sent);
        }
        ImapHostManager imap = GREENMAIL.getManagers().getImapHostManager();
        assertEquals(List.of("four"), TestMail.subjects(imap.getInbox(user)));
        assertEquals(List.of("one", "two"), TestMail.subjects(imap.getFolder(user, "Archive")).stream().sorted().toList());
    }

    @Test
    void aTaskOnAConnectionThatDiedMomentsAgoIsDoneOnAFreshOne() throws Exception {
        GreenMailUser user = seeded("d");
        Path home = Files.createDirectories(dir.resolve("d"));
        try (ImapCutRelay relay = new ImapCutRelay(GREENMAIL.getImap().getPort(), false)) {
            Path config = config(home, relay, "d");
            try (AppContext ctx = new AppContext(Map.of("HOME", home.toString()), config)) {
                MailController c = ctx.controller();
                assertEquals(4, c.refreshFolder("t", "INBOX").get());
                relay.dropAll();
                assertEquals(4, c.refreshFolder("t", "INBOX").get(), "a read after the drop");
                relay.dropAll();
                assertEquals(2, c.setFlags("t", "INBOX", List.of(1L, 2L), Flag.FLAGGED, true).get(), "a change after the drop");
                relay.dropAll();
                assertEquals(1, c.move("t", "INBOX", List.of(4L), "Archive").get(), "a move after the drop");
            }
        }
        ImapHostManager imap = GREENMAIL.getManagers().getImapHostManager();
        List<StoredMessage> inbox = imap.getInbox(user).getMessages();
        assertEquals(List.of("one", "two", "three"), TestMail.subjects(imap.getInbox(user)));
        for (int i = 0; i < 3; i++) assertEquals(i < 2, inbox.get(i).isSet(Flags.Flag.FLAGGED), "message " + (i + 1));
        assertEquals(List.of("four"), TestMail.subjects(imap.getFolder(user, "Archive")));
    }
}
