package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.cli.CliRun.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** `postern outbox`: what waits is listed (text sanitised, JSON), dropped by id, and flushed when the server is back. */
class OutboxCommandTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(
            new ServerSetup[] {ServerSetupTest.IMAP.dynamicPort(), ServerSetupTest.SMTP.dynamicPort()});

    @TempDir Path dir;
    private Path offline;
    private Path online;

    @BeforeEach
    void setUp() throws Exception {
        greenMail.setUser("alice@localhost", "alice", "secret");
        greenMail.setUser("bob@localhost", "bob", "bob");
        int closed;
        closed = dev.postern.ClosedPort.take();
        offline = config("offline.toml", closed);
        online = config("online.toml", greenMail.getSmtp().getPort());
    }

    private Path config(String name, int smtpPort) throws Exception {
        return CliRun.writeConfig(dir.resolve(name), dir.resolve("data"),
                CliRun.account("test", "imap", greenMail.getImap().getPort(), "alice", "secret"),
                "[accounts.test.smtp]\nhost = \"127.0.0.1\"\nport = " + smtpPort
                + "\nsecurity = \"plain\"\nfrom = \"alice@localhost\"\n");
    }

    private void queue(String subject) {
        Result q = CliRun.runWithStdin(dir, offline, "body\n".getBytes(StandardCharsets.UTF_8),
                "send", "--to", "bob@localhost", "-s", subject);
        assertEquals(75, q.code(), q.err());
    }

    private static long id(String json, String subject) {
        for (String line : json.split("\n")) {
            if (!line.contains("\"subject\":\"" + subject + "\"")) continue;
            Matcher m = Pattern.compile("\"id\":(\\d+)").matcher(line);
            assertTrue(m.find(), line);
            return Long.parseLong(m.group(1));
        }
        throw new AssertionError("no " + subject + " in " + json);
    }

    @Test
    void listsWhatWaitsDropsOneByIdAndRefusesAnUnknownId() {
        queue("first");
        // a whole message whose subject carries an escape sequence, encoded so it survives the header
        Result q = CliRun.runWithStdin(dir, offline, ("From: alice@localhost\nTo: bob@localhost\n"
                + "Subject: =?UTF-8?Q?second_=1B[31mred?=\n\nbody\n").getBytes(StandardCharsets.UTF_8), "send");
        assertEquals(75, q.code(), q.err());
        Result list = CliRun.run(dir, offline, "outbox", "--json");
        assertEquals(0, list.code(), list.err());
        String[] lines = list.out().strip().split("\n");
        assertEquals(2, lines.length, list.out());
        assertTrue(lines[0].contains("\"account\":\"test\"") && lines[0].contains("\"to\":\"bob@localhost\""), lines[0]);
        // the second send tried the waiting one first, so it failed twice
        assertTrue(lines[0].contains("\"attempts\":2") && lines[0].contains("\"last_error\":\"account test: "), lines[0]);
        assertTrue(lines[1].contains("\"attempts\":1"), lines[1]);
        assertTrue(lines[1].contains("\"subject\":\"second \\u001b[31mred\""), lines[1]);
        long first = id(list.out(), "first");

        Result text = CliRun.run(dir, offline, "outbox");
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("Subject: second ^[[31mred"), text.out());
        assertFalse(text.out().contains("\u001b"), "the subject reaches the terminal sanitised");
        assertTrue(text.out().contains("To: bob@localhost"), text.out());
        assertTrue(text.out().contains("Last error: "), text.out());

        Result drop = CliRun.run(dir, offline, "outbox", "--drop", Long.toString(first));
        assertEquals(0, drop.code(), drop.err());
        Result after = CliRun.run(dir, offline, "outbox", "--json");
        assertFalse(after.out().contains("\"subject\":\"first\""), after.out());
        assertEquals(1, after.out().strip().split("\n").length, after.out());

        Result unknown = CliRun.run(dir, offline, "outbox", "--drop", Long.toString(first));
        assertEquals(66, unknown.code(), unknown.err());
        assertTrue(unknown.err().contains("no message " + first + " waits in the outbox"), unknown.err());
        assertEquals(1, CliRun.run(dir, offline, "outbox", "--json").out().strip().split("\n").length);
    }

    @Test
    void theReadersOutboxRunsTyped() throws Exception {
        queue("typed");
        long id = id(CliRun.run(dir, offline, "outbox", "--json").out(), "typed");
        try (dev.postern.app.AppContext ctx = new dev.postern.app.AppContext(CliRun.env(dir), offline)) {
            dev.postern.controller.MailController c = ctx.controller();
            java.util.function.Function<java.util.List<String>, String> run = words -> {
                try {
                    return dev.postern.command.Commands.run(c, words, "test", null).get(60, java.util.concurrent.TimeUnit.SECONDS).text();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            };
            assertEquals("1 message waits in the outbox (outbox --flush sends, --drop ID removes)", run.apply(java.util.List.of("outbox")));
            assertEquals("dropped outbox message " + id + " of test; it was not sent", run.apply(java.util.List.of("outbox", "--drop", Long.toString(id))));
            assertEquals("the outbox is empty", run.apply(java.util.List.of("outbox")));
            assertEquals("outbox: 'x' is not an outbox id; `outbox` lists them.", assertThrowsUsage(c));
        }
    }

    private static String assertThrowsUsage(dev.postern.controller.MailController c) {
        java.util.concurrent.ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.ExecutionException.class,
                () -> dev.postern.command.Commands.run(c, java.util.List.of("outbox", "--drop", "x"), "test", null).get(60, java.util.concurrent.TimeUnit.SECONDS));
        return e.getCause().getMessage();
    }

    @Test
    void aFailedFlushCountsAnAttemptAndFlushSendsWhenTheServerIsBack() throws Exception {
        queue("later");
        Result stillDown = CliRun.run(dir, offline, "outbox", "--flush");
        assertEquals(75, stillDown.code(), stillDown.err());
        assertTrue(CliRun.run(dir, offline, "outbox", "--json").out().contains("\"attempts\":2"));

        Result flush = CliRun.run(dir, online, "outbox", "--flush");
        assertEquals(0, flush.code(), flush.err());
        assertTrue(flush.out().contains("test: 1 sent, 0 waiting"), flush.out());
        assertTrue(greenMail.waitForIncomingEmail(5000, 1));
        assertEquals("later", greenMail.getReceivedMessages()[0].getSubject());
        Result empty = CliRun.run(dir, online, "outbox");
        assertEquals("the outbox is empty", empty.out().strip());
    }

    @Test
    void aStoreHeldByAnotherProcessIsSaidNotShownAsEmpty() throws Exception {
        queue("held");
        try (dev.postern.store.MapDbStore held = dev.postern.store.MapDbStore.open(dir.resolve("data"))) {
            Result r = CliRun.run(dir, offline, "outbox");
            assertEquals(75, r.code(), r.out() + r.err());
            assertFalse(r.out().contains("empty"), r.out());
            assertTrue(r.err().contains("in use"), r.err());
            assertEquals(1, held.outbox("test").size());
        }
    }
}
