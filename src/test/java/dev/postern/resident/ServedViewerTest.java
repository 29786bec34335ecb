package dev.postern.resident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.app.AppContext;
import dev.postern.e2e.PosternConfig;
import jakarta.mail.Flags;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * `postern attachment open` served by an owner (hunt 38-A): a viewer that needs a terminal ran on the owner's (a
 * reader's screen and keys) or on none, with the owner's $MAILCAPS (A10); a copiousoutput viewer left by its client's
 * Ctrl-C ran on inside the owner and every later client waited behind it (A14); one that printed more than 4 MiB was
 * cut mid-line, killed by the closed pipe and blamed, 65 (A12). A real owner on its socket, GreenMail, real viewers.
 */
@Timeout(120)
class ServedViewerTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;
    private OwnerFixture fixture;
    private Path config;

    @BeforeEach
    void setUp() throws Exception {
        GreenMailUser user = greenMail.setUser("alice@localhost", "alice", "secret");
        MailFolder inbox = greenMail.getManagers().getImapHostManager().getInbox(user);
        String raw = "From: bob@localhost\r\nTo: alice@localhost\r\nSubject: notes\r\nMessage-ID: <1@x>\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
                + "--b\r\nContent-Type: text/plain\r\n\r\nsee the file\r\n"
                + "--b\r\nContent-Type: application/x-notes\r\nContent-Disposition: attachment; filename=notes.bin\r\n"
                + "\r\nsome notes\r\n--b--\r\n";
        inbox.appendMessage(new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII))), new Flags(), new Date());
        fixture = new OwnerFixture(dir);
        config = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("t", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "alice", "secret",
                        30, null)).toAbsolutePath().normalize();
    }

    private Path script(String name, String body) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    /** The owner's environment with the client's MAILCAPS too: the viewer's run is tested, not whose MAILCAPS is read. */
    private Map<String, String> withMailcap(Path mailcap) {
        Map<String, String> env = new java.util.HashMap<>(fixture.env());
        env.put("MAILCAPS", mailcap.toString());
        return env;
    }

    /** A client's request with its own environment (the owner's has no MAILCAPS in the first test). */
    private SocketChannel open(Path mailcap) throws Exception {
        SocketChannel ch = fixture.connected();
        OutputStream out = Wire.output(ch);
        out.write(new byte[] {'P', 'S', 'T', 'N', (byte) Wire.VERSION});
        List<String> env = new ArrayList<>();
        Map<String, String> mine = new java.util.HashMap<>(fixture.env());
        mine.put("MAILCAPS", mailcap.toString());
        mine.forEach((k, v) -> {
            env.add(k);
            env.add(v);
        });
        String[] argv = {"--config", config.toString(), "attachment", "open", "INBOX", "1", "1"};
        byte[] payload = new Wire.Request(config.toString(), dir.toString(), argv, env.toArray(String[]::new), 0, 0).encode();
        Wire.writeFrame(out, Wire.REQUEST, payload, 0, payload.length);
        return ch;
    }

    private OwnerFixture.Answer served(Path mailcap) throws Exception {
        try (SocketChannel ch = open(mailcap)) {
            return OwnerFixture.answer(ch);
        }
    }

    @Test
    void aViewerThatNeedsATerminalIsRefusedNeverRunInTheOwner() throws Exception {
        Path ran = dir.resolve("ran");
        Path viewer = script("term-viewer", "echo ran > " + ran + "; read line");
        Path mailcap = Files.writeString(dir.resolve("mailcap"), "application/x-notes; " + viewer + " %s; needsterminal\n");
        try (AppContext ctx = new AppContext(fixture.env(), config)) {
            ctx.controller();
            try (Owner o = Owner.start(ctx, Owner.Role.DAEMON)) {
                OwnerFixture.Answer a = served(mailcap);
                assertEquals(75, a.exit(), a.err());
                assertTrue(a.err().startsWith("postern: the viewer " + viewer + " for attachment 1 (application/x-notes) needs this terminal, but") && a.err().contains("postern attachment save"),
                        "the client's mailcap entry was found and refused in one sentence: " + a.err());
                assertEquals(1, a.err().strip().lines().count(), a.err());
                assertFalse(Files.exists(ran), "the viewer never ran in the owner");
            }
        }
    }

    @Test
    void aCopiousoutputViewerGivesAllItsOutputToTheClient() throws Exception {
        Path viewer = script("big-viewer", "seq 1 1000000");
        Path mailcap = Files.writeString(dir.resolve("mailcap"), "application/x-notes; " + viewer + " %s; copiousoutput\n");
        try (AppContext ctx = new AppContext(withMailcap(mailcap), config)) {
            ctx.controller();
            try (Owner o = Owner.start(ctx, Owner.Role.DAEMON)) {
                OwnerFixture.Answer a = served(mailcap);
                assertEquals(0, a.exit(), a.err());
                assertEquals("", a.err());
                assertEquals(6_888_896, a.out().length(), "all of seq's 6.9 MB, not 4 MiB of it");
                assertTrue(a.out().endsWith("\n999999\n1000000\n"), a.out().substring(a.out().length() - 40));
            }
        }
    }

    @Test
    void aCancelledServedViewerIsKilledWithWhatItStartedAndTheNextClientRuns() throws Exception {
        Path child = dir.resolve("child.pid");
        Path viewer = script("stuck-viewer", "echo converting; sleep 300 & echo $! > " + child + ".tmp; mv " + child
                + ".tmp " + child + "; wait");
        Path mailcap = Files.writeString(dir.resolve("mailcap"), "application/x-notes; " + viewer + " %s; copiousoutput\n");
        try (AppContext ctx = new AppContext(withMailcap(mailcap), config)) {
            ctx.controller();
            try (Owner o = Owner.start(ctx, Owner.Role.DAEMON)) {
                ProcessHandle sleeper;
                try (SocketChannel ch = open(mailcap)) {
                    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while (!Files.exists(child)) {
                        assertTrue(System.nanoTime() < until, "the viewer never started");
                        Thread.sleep(20);
                    }
                    sleeper = ProcessHandle.of(Long.parseLong(Files.readString(child).strip())).orElseThrow();
                    OwnerFixture.cancel(ch, 2); // the client's Ctrl-C
                    OwnerFixture.Answer a = OwnerFixture.answer(ch);
                    assertEquals(130, a.exit(), a.err());
                }
                sleeper.onExit().get(30, TimeUnit.SECONDS); // what the viewer started is killed, not left to run 300 s
                assertFalse(sleeper.isAlive());
                try (SocketChannel next = fixture.request(config, "daemon", "status")) {
                    assertEquals(0, OwnerFixture.answer(next).exit(), "the next client is served");
                }
            }
        }
    }
}
