package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.app.AppContext;
import dev.postern.e2e.PosternConfig;
import jakarta.mail.Flags;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Date;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * hunt38-M M14: a send from the review screen goes on beside it. The relay here accepts and never greets (or greets only
 * when the test says, then refuses the recipient): meanwhile the review screen has stepped aside and the reader is the
 * user's (a message opens, q quits); before, every key, q included, was "Please wait: the message is on its way." for the
 * relay's whole time-out. A send that fails brings the review screen back with the message; one left waiting is queued.
 */
class TuiSendAsideTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;

    @BeforeEach
    void seed() throws Exception {
        GreenMailUser alice = greenMail.setUser("alice@localhost", "alice", "secret");
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        m.setFrom("bob@localhost");
        m.setRecipients(MimeMessage.RecipientType.TO, "alice@localhost");
        m.setSubject("Plans");
        m.setText("Shall we meet on Friday?");
        m.saveChanges();
        greenMail.getManagers().getImapHostManager().getInbox(alice).appendMessage(m, new Flags(), new Date());
    }

    /** A relay on loopback: each connection is handed to the test (held, never greeted) or greeted at {@code gate}. */
    private static final class Relay implements AutoCloseable {
        final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final LinkedBlockingQueue<Socket> held = new LinkedBlockingQueue<>();
        final CountDownLatch gate = new CountDownLatch(1);
        private final boolean refuse;

        Relay(boolean refuse) throws Exception {
            this.refuse = refuse;
            Thread t = new Thread(this::serve, "test-relay");
            t.setDaemon(true);
            t.start();
        }

        private void serve() {
            try {
                while (true) {
                    Socket s = server.accept();
                    held.add(s);
                    if (refuse) {
                        Thread t = new Thread(() -> refuse(s), "test-relay-conn");
                        t.setDaemon(true);
                        t.start();
                    }
                }
            } catch (Exception closed) {
                // the test is over
            }
        }

        /** Greets once the gate opens and refuses every recipient for good (550). */
        private void refuse(Socket s) {
            try (s) {
                gate.await();
                OutputStream out = s.getOutputStream();
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                out.write("220 relay ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
                for (String line; (line = in.readLine()) != null; ) {
                    String verb = line.length() < 4 ? line : line.substring(0, 4).toUpperCase(java.util.Locale.ROOT);
                    String answer = switch (verb) {
                        case "EHLO", "HELO" -> "250 relay";
                        case "RCPT" -> "550 5.1.1 no such user here";
                        case "QUIT" -> "221 bye";
                        default -> "250 ok";
                    };
                    out.write((answer + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    if (verb.equals("QUIT")) return;
                }
            } catch (Exception gone) {
                // the client went
            }
        }

        int port() { return server.getLocalPort(); }

        @Override public void close() throws Exception {
            server.close();
            for (Socket s : held) s.close();
        }
    }

    private Path config(int smtpPort) throws Exception {
        return PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("test", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "alice", "secret", 60, null),
                "[accounts.test.smtp]\nhost = \"127.0.0.1\"\nport = " + smtpPort
                        + "\nsecurity = \"plain\"\nfrom = \"alice@localhost\"\n");
    }

    private Map<String, String> env() throws Exception {
        Path script = dir.resolve("editor.sh");
        Files.writeString(script, "#!/bin/sh\nsed -i 's/^To: $/To: bob@localhost/; s/^Subject: $/Subject: aside/' \"$1\"\n"
                + "printf 'Words worth keeping.\\n' >> \"$1\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return Map.of("HOME", dir.toString(), "EDITOR", script.toString());
    }

    @Test
    void theReaderIsTheUsersWhileTheRelayStallsAndTheMessageIsQueuedWhenItGivesUp() throws Exception {
        try (Relay relay = new Relay(false);
             AppContext ctx = new AppContext(env(), config(relay.port()));
             TuiHarness h = new TuiHarness(ctx.controller(), "test", "INBOX", 100, 24, Palette.defaults())) {
            h.awaitText("Plans");
            h.type("m");
            h.awaitText("To:      bob@localhost");
            h.type("y");
            h.awaitText("Sending…");
            h.awaitGone("Review the message"); // stepped aside at once
            Socket held = relay.held.take(); // the send is connected and waits for a greeting that never comes
            h.press(com.googlecode.lanterna.input.KeyType.Enter);
            h.awaitText("Shall we meet on Friday?"); // a message opens while it waits
            assertTrue(!held.isClosed() && held.isConnected());
            held.close(); // the relay gives up: the message waits in the outbox, said on the status line
            h.awaitText("queued in the outbox");
            h.awaitText("Shall we meet on Friday?"); // and the user is left where they were
            h.type("q");
            h.awaitGone("Shall we meet on Friday?");
            h.type("q");
            h.awaitExit();
        }
    }

    @Test
    void qQuitsWhileTheRelayStallsAndTheMessageIsKept() throws Exception {
        java.io.PrintStream stderr = System.err;
        java.io.ByteArrayOutputStream said = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(said, true, StandardCharsets.UTF_8));
        Path state = dir.resolve("state").resolve("postern");
        TuiOptions options = new TuiOptions(Palette.defaults(), KeyMap.defaults(), null, state.resolve("history"), null);
        try (Relay relay = new Relay(false);
             AppContext ctx = new AppContext(env(), config(relay.port()));
             TuiHarness h = new TuiHarness(100, 24, t -> Tui.run(ctx.controller(), "test", "INBOX", t, options,
                     java.time.Clock.fixed(InMemoryMailController.BASE, java.time.ZoneOffset.UTC)))) {
            h.awaitText("Plans");
            h.type("m");
            h.awaitText("To:      bob@localhost");
            h.type("y");
            h.awaitText("Sending…");
            relay.held.take();
            h.type("q"); // before, swallowed: "Please wait" until the relay's time-out (60 s)
            h.awaitExit();
        } finally {
            System.setErr(stderr);
        }
        String text = said.toString(StandardCharsets.UTF_8);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("kept in (\\S+)\\.").matcher(text);
        assertTrue(m.find(), "no word of the unsent message: " + text);
        assertTrue(Files.readString(Path.of(m.group(1))).contains("Words worth keeping."), text);
    }

    @Test
    void aRefusedSendBringsTheReviewScreenBackWithTheMessage() throws Exception {
        try (Relay relay = new Relay(true);
             AppContext ctx = new AppContext(env(), config(relay.port()));
             TuiHarness h = new TuiHarness(ctx.controller(), "test", "INBOX", 100, 24, Palette.defaults())) {
            h.awaitText("Plans");
            h.type("m");
            h.awaitText("To:      bob@localhost");
            h.type("y");
            h.awaitGone("Review the message");
            h.type("m"); // one message away at a time
            h.awaitText("A message is still being sent");
            relay.gate.countDown();
            h.awaitText("Review the message");
            h.awaitText("no such user here");
            h.awaitText("Words worth keeping.");
            h.terminal.addInput(new com.googlecode.lanterna.input.KeyStroke('c', true, false));
            h.awaitExit();
        }
    }
}
