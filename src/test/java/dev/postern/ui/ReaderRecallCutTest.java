package dev.postern.ui;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.app.AppContext;
import dev.postern.backend.link.ScriptedServer;
import dev.postern.e2e.PosternConfig;
import dev.postern.e2e.SendStall;
import dev.postern.store.OutboxEntry;
import jakarta.mail.Flags;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader's recall (R, then Enter on a postponed message, then y) held to the kill -9 rule of every send: the draft
 * leaves Drafts as its send begins, the message then being the unsent draft in drafts/, and from the final dot the
 * outbox entry. Before, the Drafts copy stayed until the server said yes: a kill after the dot, or a message queued in
 * the outbox, left it in Drafts beside the outbox entry, and recalling it again sent it twice.
 */
@Timeout(60)
class ReaderRecallCutTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(new ServerSetup[] {ServerSetupTest.IMAP.dynamicPort()});

    @TempDir Path dir;
    private MailFolder drafts;
    private SendStall stall;

    @BeforeEach
    void setUp() throws Exception {
        GreenMailUser alice = greenMail.setUser("alice@localhost", "alice", "secret");
        drafts = greenMail.getManagers().getImapHostManager().createMailbox(alice, "Drafts");
        byte[] draft = ("From: alice@localhost\r\nTo: bob@localhost\r\nSubject: postponed plans\r\nMessage-ID: <draft1@x>\r\n\r\n"
                + "What I had so far.\r\n").getBytes(UTF_8);
        drafts.appendMessage(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(draft)),
                new Flags(Flags.Flag.DRAFT), new Date());
        stall = new SendStall(dir);
    }

    /** What the recall left at the moment its send waited on the server (what a kill -9 then leaves), and after. */
    private record Left(List<String> unsent, int inDrafts, List<OutboxEntry> outbox) {}

    /**
     * The reader recalls the postponed message, the editor adds a line, y; once the SMTP server (at {@code port}, or the
     * stall's, silent at {@code verb}) got as far as its verb, or the screen says {@code said}, what is left is taken;
     * Ctrl-C ends the reader (a send cut before its dot is not queued), and the outbox is read once it is gone.
     */
    private Left recalled(String verb, Integer port, String said) throws Exception {
        Path editor = dir.resolve("editor.sh");
        Files.writeString(editor, "#!/bin/sh\nprintf 'And the rest.\\n' >> \"$1\"\n");
        Files.setPosixFilePermissions(editor, PosixFilePermissions.fromString("rwx------"));
        Map<String, String> env = stall.env(Map.of("EDITOR", editor.toString()));
        TuiOptions options = new TuiOptions(Palette.defaults(), KeyMap.defaults(), null, stall.state().resolve("history"), null);
        AtomicReference<Left> at = new AtomicReference<>();
        try (ScriptedServer server = stall.silentAt(verb)) {
            Path config = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                    PosternConfig.account("test", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "alice", "secret", 10, null),
                    "[accounts.test.smtp]\nhost = \"127.0.0.1\"\nport = " + (port != null ? port : server.port())
                    + "\nsecurity = \"plain\"\nfrom = \"alice@localhost\"\n");
            try (AppContext ctx = new AppContext(env, config);
                 TuiHarness h = new TuiHarness(120, 30, t -> Tui.run(ctx.controller(), "test", "INBOX", t, options,
                         java.time.Clock.systemUTC(), ReaderTerminal.OWN))) {
                try {
                    h.awaitText("INBOX");
                    h.type("R");
                    h.awaitScreen("the postponed list and its message", sc -> sc.contains("Postponed messages in Drafts of test (1)")
                            && sc.contains("postponed plans"));
                    h.press(KeyType.Enter);
                    h.awaitText("And the rest.");
                    h.type("y");
                    if (said == null) assertTrue(stall.reached(20), "the send reached the server");
                    else h.awaitText(said);
                    List<String> texts = new java.util.ArrayList<>();
                    for (Path f : stall.drafts()) {
                        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
                        texts.add(f.getFileName() + "\n" + Files.readString(f));
                    }
                    at.set(new Left(texts, drafts.getMessageCount(), List.of()));
                    h.terminal.addInput(new KeyStroke('c', true, false)); // Ctrl-C, the reader's quit key: cuts the send
                    h.awaitExit();
                } finally {
                    stall.release();
                }
            }
        }
        return new Left(at.get().unsent(), at.get().inDrafts(), stall.outbox("test"));
    }

    /**
     * Killed while connecting or before the final dot: the message is the unsent draft in drafts/, the one copy; the
     * draft left Drafts before postern connected; nothing in the outbox.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"GREETING", "RCPT"})
    void aRecallKilledBeforeTheDotIsTheUnsentDraftOnly(String verb) throws Exception {
        Left left = recalled(verb, null, null);
        assertEquals(1, left.unsent().size(), left.toString());
        assertTrue(left.unsent().get(0).startsWith("unsent-") && left.unsent().get(0).contains("And the rest."), left.unsent().get(0));
        assertEquals(0, left.inDrafts(), "a second copy in Drafts");
        assertEquals(List.of(), left.outbox());
    }

    /** Killed after the final dot: the outbox entry, marked MAY HAVE BEEN SENT, is the one copy; not in Drafts. */
    @Test
    void aRecallKilledAfterTheDotIsInTheOutboxOnly() throws Exception {
        Left left = recalled("END", null, null);
        assertEquals(List.of(), left.unsent(), left.toString());
        assertEquals(0, left.inDrafts(), "in Drafts beside the outbox entry: recalled again, it goes twice");
        assertEquals(1, left.outbox().size(), left.toString());
        assertEquals(OutboxEntry.State.UNCONFIRMED, left.outbox().get(0).state());
    }

    /** The SMTP server cannot be reached: the message waits in the outbox, and is neither in Drafts nor in drafts/. */
    @Test
    void aQueuedRecallLeavesDrafts() throws Exception {
        Left left = recalled("NONE", dev.postern.ClosedPort.take(), "queued in the outbox, the draft out of Drafts.");
        assertEquals(List.of(), left.unsent(), left.toString());
        assertEquals(0, left.inDrafts(), "in Drafts and in the outbox: recalled again, it goes twice");
        assertEquals(1, left.outbox().size(), left.toString());
        assertEquals(OutboxEntry.State.WAITING, left.outbox().get(0).state());
    }
}
