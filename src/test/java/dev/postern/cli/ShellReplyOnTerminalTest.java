package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.model.PosternException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.ExternalTerminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * `reply` typed at the interactive shell on a JLine terminal emulated in Java, against GreenMail IMAP and
 * SMTP: a scripted $EDITOR edits the draft, the y/N question is answered through the shell's line reader,
 * and the prompt works again afterwards.
 */
@Timeout(90)
class ShellReplyOnTerminalTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(
            new ServerSetup[] {ServerSetupTest.IMAP.dynamicPort(), ServerSetupTest.SMTP.dynamicPort()});

    @TempDir Path dir;
    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
    private PipedOutputStream keyboard;
    private Terminal terminal;
    private Wiring ctx;
    private CompletableFuture<Integer> shellExit;

    @AfterEach
    void tearDown() throws Exception {
        if (shellExit != null && !shellExit.isDone()) type("exit\r");
        if (shellExit != null) shellExit.get(20, TimeUnit.SECONDS);
        if (ctx != null) ctx.close();
        if (terminal != null) terminal.close();
    }

    private void start(Map<String, String> env) throws Exception {
        Path config = dir.resolve("config.toml");
        Files.writeString(config, "data_dir = \"" + dir.resolve("data") + "\"\n"
                + "[accounts.test]\nprotocol = \"imap\"\nhost = \"127.0.0.1\"\nport = " + greenMail.getImap().getPort()
                + "\nsecurity = \"plain\"\nuser = \"alice\"\npassword = \"secret\"\ntimeout_seconds = 5\n"
                + "[accounts.test.smtp]\nhost = \"127.0.0.1\"\nport = " + greenMail.getSmtp().getPort()
                + "\nsecurity = \"plain\"\nfrom = \"Alice <alice@localhost>\"\n");
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
        keyboard = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(keyboard, 4096);
        terminal = new ExternalTerminal("test", "xterm", in, screen, StandardCharsets.UTF_8);
        PosternCommand root = new PosternCommand(env, (c, a, f) -> fail("no full screen"), dev.postern.app.AppContext::new);
        CommandLine cl = new CommandLine(root);
        PosternCommand.addAllSubcommands(cl);
        PrintWriter out = new PrintWriter(new OutputStreamWriter(screen, StandardCharsets.UTF_8), true);
        cl.setOut(out);
        cl.setErr(out);
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            out.println("postern: " + ex.getMessage());
            return ex instanceof PosternException p ? p.exitCode().code() : 70;
        });
        cl.parseArgs("--config", config.toString(), "shell");
        ctx = root.context();
        ctx.controller();
        Shell shell = new Shell(cl, ctx, out, out);
        shellExit = CompletableFuture.supplyAsync(() -> shell.interactive(terminal, ShellCommand.historyFile(ctx)));
    }

    private void type(String keys) throws Exception {
        keyboard.write(keys.getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
    }

    private void awaitScreen(String text, int times) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            String s = screen.toString(StandardCharsets.UTF_8);
            int n = 0;
            for (int i = s.indexOf(text); i >= 0; i = s.indexOf(text, i + 1)) n++;
            if (n >= times) return;
            Thread.sleep(50);
        }
        fail("the screen never showed '" + text + "' " + times + " time(s):\n" + screen.toString(StandardCharsets.UTF_8));
    }

    private List<MimeMessage> inbox(String email) throws Exception {
        return greenMail.getManagers().getImapHostManager()
                .getInbox(greenMail.getManagers().getUserManager().getUserByEmail(email))
                .getMessages().stream().map(m -> m.getMimeMessage()).toList();
    }

    @Test
    void replyOpensTheEditorAsksThroughThePromptAndSends() throws Exception {
        GreenMailUser alice = greenMail.setUser("alice@localhost", "alice", "secret");
        greenMail.setUser("bob@localhost", "bob", "bob");
        String original = "From: Bob <bob@localhost>\r\nTo: alice@localhost\r\nSubject: Plans\r\n"
                + "Message-ID: <orig-1@localhost>\r\nDate: Mon, 2 Nov 2026 10:00:00 +0000\r\n\r\nFriday?\r\n";
        alice.deliver(new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(original.getBytes(StandardCharsets.US_ASCII))));
        Path editor = dir.resolve("editor.sh");
        Files.writeString(editor, "#!/bin/sh\nsed -i -e '0,/^$/s//\\nTyped at the shell./' \"$1\"\n");
        Files.setPosixFilePermissions(editor, PosixFilePermissions.fromString("rwx------"));
        start(Map.of("HOME", dir.toString(), "XDG_STATE_HOME", dir.resolve("state").toString(),
                "EDITOR", editor.toString()));
        awaitScreen(Shell.PROMPT, 1);
        type("reply INBOX 1 --edit\r");
        awaitScreen("Send \"Re: Plans\" to bob@localhost? [y/N] ", 1);
        type("y\r");
        awaitScreen("sent <", 1);
        awaitScreen(Shell.PROMPT, 2);
        MimeMessage m = inbox("bob@localhost").get(0);
        assertEquals("Re: Plans", m.getSubject());
        assertEquals("<orig-1@localhost>", m.getHeader("In-Reply-To", null));
        String text = ((String) m.getContent()).replace("\r\n", "\n");
        assertTrue(text.startsWith("Typed at the shell.\n"), text);
        assertTrue(text.contains("> Friday?"), text);
        type("folders\r"); // the prompt still reads keys after the editor and the question
        awaitScreen("  INBOX", 1);
    }
}
