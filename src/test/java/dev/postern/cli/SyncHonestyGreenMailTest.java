package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.imap.ImapHostManager;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.cli.CliRun.Result;
import jakarta.mail.Flags;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Date;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing is skipped silently: {@code sync} takes every IMAP account and names what it leaves out (folders
 * not subscribed or not chosen by sync_folders, POP3 accounts); {@code list --cached} and {@code export} say
 * why a folder is empty in the store; {@code folder delete} asks before deleting messages.
 */
class SyncHonestyGreenMailTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(
            new ServerSetup[] {ServerSetupTest.IMAP.dynamicPort(), ServerSetupTest.POP3.dynamicPort()});

    @TempDir Path dir;
    private GreenMailUser alice;
    private GreenMailUser carol;
    private ImapHostManager imap;

    @BeforeEach
    void setUp() {
        alice = greenMail.setUser("alice@localhost", "alice", "secret");
        carol = greenMail.setUser("carol@localhost", "carol", "secret");
        imap = greenMail.getManagers().getImapHostManager();
    }

    private String imapAccount(String name, String user) {
        return CliRun.account(name, "imap", greenMail.getImap().getPort(), user, "secret");
    }

    private Path config(String... parts) throws Exception {
        return CliRun.writeConfig(dir.resolve("config.toml"), dir.resolve("data"), parts);
    }

    private Result run(Path cfg, String... args) {
        return CliRun.run(dir, cfg, args);
    }

    private void deliver(MailFolder f, String subject) throws Exception {
        f.appendMessage(TestMail.fromBob(subject, "body"), new Flags(), new Date());
    }

    private MailFolder folder(GreenMailUser u, String name, boolean subscribed) throws Exception {
        MailFolder f = name.equals("INBOX") ? imap.getInbox(u) : imap.createMailbox(u, name);
        if (subscribed) imap.subscribe(u, name);
        return f;
    }

    @Test
    void syncRowsLineUpByTerminalColumnsWithCjkFolderNames() throws Exception {
        folder(alice, "\u65E5\u672C\u8A9E", true); // 日本語: three chars, six columns
        folder(alice, "INBOX", true);
        Result r = run(config(imapAccount("a", "alice")), "sync");
        assertEquals(0, r.code, r.toString());
        List<Integer> at = r.out.lines().filter(l -> l.contains(" messages"))
                .map(l -> dev.postern.ui.Cells.width(l.substring(0, l.indexOf(" messages")))).distinct().toList();
        assertEquals(1, at.size(), "the counts sit in one column:\n" + r.out);
    }

    @Test
    void syncTakesEveryImapAccountNamesEachAndLeavesPop3ToFetch() throws Exception {
        deliver(imap.getInbox(alice), "for alice");
        deliver(imap.getInbox(carol), "for carol");
        Path cfg = config(imapAccount("a", "alice"), imapAccount("c", "carol"),
                CliRun.account("p", "pop3", greenMail.getPop3().getPort(), "alice", "secret"));

        Result r = run(cfg, "sync");
        assertEquals(0, r.code, r.toString());
        assertTrue(r.out.lines().anyMatch(l -> l.startsWith("a  INBOX") && l.contains("1 messages")), r.out);
        assertTrue(r.out.lines().anyMatch(l -> l.startsWith("c  INBOX") && l.contains("1 messages")), r.out);
        assertTrue(r.err.contains("p is a POP3 account, which sync leaves to `postern fetch`"), r.err);
        assertTrue(run(cfg, "-a", "c", "list", "--cached").out.contains("for carol"), "the second account was synced too");

        Result again = run(cfg, "sync");
        assertEquals(0, again.code, again.toString());
        assertFalse(again.err.contains("POP3"), "said once, not on every run: " + again.err);

        Result json = run(cfg, "sync", "--json");
        assertTrue(json.out.contains("{\"account\":\"p\",\"ok\":true,\"skipped\":\"p is a POP3 account"), json.out);
        assertTrue(json.out.contains("{\"account\":\"c\",\"ok\":true,\"left_out\":[],\"error\":null,\"exit\":0}"), json.out);

        Result pop = run(cfg, "-a", "p", "sync");
        assertEquals(64, pop.code, pop.toString());
        assertTrue(pop.err.contains("run postern fetch -a p"), pop.err);
        // --folder without -a is the first account's folder: asked for by name, so a POP3 one is 64, not a quiet 0
        Path popFirst = CliRun.writeConfig(dir.resolve("pop-first.toml"), dir.resolve("data"),
                CliRun.account("p", "pop3", greenMail.getPop3().getPort(), "alice", "secret"), imapAccount("a", "alice"));
        assertEquals(64, run(popFirst, "sync", "--folder", "INBOX").code);

        // -a chooses: only the account named is contacted
        Result one = run(cfg, "-a", "a", "sync", "--json");
        assertEquals(0, one.code, one.toString());
        assertFalse(one.out.contains("\"account\":\"c\""), one.out);
    }

    @Test
    void foldersLeftOutAreNamedOnceAndAlwaysInJsonAndSyncFoldersChooses() throws Exception {
        deliver(folder(alice, "Lists", true), "on a list");
        deliver(folder(alice, "Spam", false), "junk");
        Path cfg = config(imapAccount("a", "alice"));

        Result first = run(cfg, "sync");
        assertEquals(0, first.code, first.toString());
        assertTrue(first.out.contains("a  Lists"), first.out);
        assertFalse(first.out.contains("Spam"), first.out);
        assertTrue(first.err.contains("postern: a: 1 folder not synced: Spam (not subscribed);"), first.err);
        assertTrue(first.err.contains("sync_folders in [accounts.a] chooses"), first.err);

        Result second = run(cfg, "sync");
        assertFalse(second.err.contains("not synced"), "the same list is not said again: " + second.err);
        Result json = run(cfg, "sync", "--json");
        assertTrue(json.out.contains("\"left_out\":[{\"folder\":\"Spam\",\"reason\":\"not subscribed\"}]"), json.out);

        // The store has nothing of Spam: list --cached and export say why and how to include it.
        Result listed = run(cfg, "list", "--cached", "Spam");
        assertEquals(0, listed.code, listed.toString());
        assertEquals("", listed.out);
        assertTrue(listed.err.contains("Spam of a has not been synced (sync leaves it out: not subscribed); "
                + "`postern sync -a a --folder Spam` syncs it once, and sync_folders in [accounts.a]"), listed.err);
        assertTrue(listed.err.contains("`postern folder subscribe Spam`"), listed.err);
        Result searched = run(cfg, "search", "--local", "--folder", "Spam", "junk");
        assertEquals(0, searched.code, searched.toString());
        assertTrue(searched.err.contains("Spam of a has not been synced (sync leaves it out: not subscribed), so the store"
                + " has nothing to search"), searched.toString());
        assertEquals(66, run(cfg, "search", "--local", "--folder", "Nope", "junk").code);
        Path out = dir.resolve("export");
        Result exported = run(cfg, "export", "Spam", "--format", "mbox", "--out", out.toString());
        assertEquals(66, exported.code, exported.toString());
        assertTrue(exported.err.contains("nothing was written") && exported.err.contains("sync_folders")
                && exported.err.contains("--from-server"), exported.err);
        assertFalse(Files.exists(out.resolve("Spam.mbox")));

        // sync_folders: the last matching pattern decides; the change in what is left out is said again.
        Path chosen = config(imapAccount("a", "alice") + "sync_folders = [\"*\", \"!Lists\"]\n");
        Result byPattern = run(chosen, "sync");
        assertEquals(0, byPattern.code, byPattern.toString());
        assertTrue(byPattern.out.contains("a  Spam"), byPattern.out);
        assertTrue(byPattern.err.contains("Lists (left out by sync_folders pattern \"!Lists\")"), byPattern.err);
        assertTrue(run(chosen, "list", "--cached", "Spam").out.contains("junk"));
    }

    @Test
    void listCachedSaysWhenAFolderDoesNotExistOrWasNeverListed() throws Exception {
        Path cfg = config(imapAccount("a", "alice"));
        Result unknown = run(cfg, "list", "--cached", "Nope");
        assertEquals(0, unknown.code, unknown.toString());
        assertTrue(unknown.err.contains("the store has never listed the folders of a, so it cannot tell whether Nope exists"),
                unknown.err);

        Result inboxFirst = run(cfg, "list", "--cached");
        assertEquals(0, inboxFirst.code, inboxFirst.toString());
        assertTrue(inboxFirst.err.contains("INBOX of a has not been synced; `postern sync -a a --folder INBOX` syncs it once"),
                "every IMAP account has an INBOX: " + inboxFirst.err);
        Result noFolders = run(cfg, "folders", "--cached");
        assertEquals(0, noFolders.code, noFolders.toString());
        assertTrue(noFolders.err.contains("the store has not listed the folders of a yet"), noFolders.err);

        assertEquals(0, run(cfg, "sync").code);
        Result missing = run(cfg, "list", "--cached", "Nope");
        assertEquals(66, missing.code, missing.toString());
        assertTrue(missing.err.contains("account a has no folder 'Nope'"), missing.err);
        Result inbox = run(cfg, "list", "--cached");
        assertEquals(0, inbox.code, inbox.toString());
        assertEquals("", inbox.err, "an empty INBOX that was synced is just empty");
    }

    @Test
    void folderDeleteAsksBeforeDeletingMessages() throws Exception {
        MailFolder old = folder(alice, "Old", true);
        deliver(old, "one");
        deliver(old, "two");
        folder(alice, "Empty", true);
        Path cfg = config(imapAccount("a", "alice"));

        Result piped = run(cfg, "folder", "delete", "Old");
        assertEquals(64, piped.code, piped.toString());
        assertTrue(piped.err.contains("folder Old of a is deleted with the 2 messages in it, and there is no terminal to ask on;"
                + " nothing was deleted; add --yes"), piped.err);
        assertTrue(imap.getFolder(alice, "Old") != null, "deleted without asking");

        Result no = CliRun.runOnTerminal(dir, cfg, "n\n", "folder", "delete", "Old");
        assertEquals(0, no.code, no.toString());
        assertTrue(no.err.contains("Delete folder Old of a and the 2 messages in it, on the server? [y/N] "), no.err);
        assertTrue(no.err.contains("nothing deleted"), no.err);
        assertTrue(imap.getFolder(alice, "Old") != null, "deleted after no");

        Result yes = CliRun.runOnTerminal(dir, cfg, "y\n", "folder", "delete", "Old");
        assertEquals(0, yes.code, yes.toString());
        assertTrue(yes.out.contains("deleted Old"), yes.out);
        assertEquals(null, imap.getFolder(alice, "Old"));

        Result empty = run(cfg, "folder", "delete", "Empty");
        assertEquals(0, empty.code, "an empty folder is deleted without asking: " + empty);
        assertEquals(null, imap.getFolder(alice, "Empty"));

        deliver(folder(alice, "Again", true), "x");
        Result forced = run(cfg, "folder", "delete", "--yes", "Again");
        assertEquals(0, forced.code, forced.toString());
        assertEquals(null, imap.getFolder(alice, "Again"));

        Result missing = run(cfg, "folder", "delete", "Nope");
        assertEquals(66, missing.code, missing.toString());
    }

    @Test
    void aRefusedFolderDeleteQuotesTheServer() throws Exception {
        folder(alice, "P", true);
        folder(alice, "P.C", true);
        Path cfg = config(imapAccount("a", "alice"));
        assertEquals(0, run(cfg, "folder", "delete", "P").code); // GreenMail keeps P as \Noselect for its child
        Result refused = run(cfg, "folder", "delete", "P");
        // GreenMail's NO carries no response code: 75, as the exit-code table says (Dovecot's has [ALREADYEXISTS]: 77).
        assertEquals(75, refused.code, refused.toString());
        assertTrue(refused.err.contains("the server refused to delete 'P' (server said: "), refused.err);
        assertFalse(refused.err.endsWith("refused to delete 'P'.\n"), refused.err);
        System.out.println("GreenMail refusal: " + refused.err);
    }
}
