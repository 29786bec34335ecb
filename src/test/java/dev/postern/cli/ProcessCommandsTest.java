package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.app.AppContext;
import dev.postern.command.CompleteCommand;
import dev.postern.command.ProcessCommands;
import dev.postern.command.DaemonCommand;
import dev.postern.model.PosternException;
import dev.postern.resident.Owner;
import dev.postern.ui.CommandOutcome;
import dev.postern.ui.CommandRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process-level commands are typed objects at every door: the reader's ':' runs {@code daemon status|stop|run}
 * and {@code complete} on the process it was given (a real wiring and a real resident owner here), with the typed
 * result coming back (no command line handed to picocli, no printed text captured), and what the typed
 * {@code complete} finds is what {@code postern complete} prints. {@code demo}, {@code shell} and
 * {@code completion} answer ':' with their own sentence.
 */
class ProcessCommandsTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;

    private Path config() throws Exception {
        greenMail.setUser("alice@localhost", "alice", "secret");
        greenMail.getManagers().getImapHostManager().createMailbox(
                greenMail.getManagers().getUserManager().getUser("alice"), "Receipts");
        return CliRun.writeConfig(dir.resolve("config.toml"), dir.resolve("data"),
                CliRun.account("test", "imap", greenMail.getImap().getPort(), "alice", "secret"),
                CliRun.account("other", "imap", greenMail.getImap().getPort(), "alice", "secret"));
    }

    private static CommandOutcome ran(CommandRegistry reader, AppContext ctx, String... words) throws Exception {
        return reader.run(ctx.controller(), List.of(words), "test", null, 0, null).get(30, TimeUnit.SECONDS);
    }

    private static String failure(CommandRegistry reader, AppContext ctx, String... words) {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> reader.run(ctx.controller(), List.of(words), "test", null, 0, null).get(30, TimeUnit.SECONDS));
        assertInstanceOf(PosternException.class, e.getCause(), String.valueOf(e.getCause()));
        return e.getCause().getMessage();
    }

    @Test
    void theReadersColonRunsDaemonAndCompleteTypedOnItsOwnProcess() throws Exception {
        Path config = config();
        assertEquals(0, CliRun.run(dir, config, "folders").code);
        CliRun.Result printedFolders = CliRun.run(dir, config, "complete", "folders");
        assertEquals(0, printedFolders.code, printedFolders.err);
        CliRun.Result printedAccounts = CliRun.run(dir, config, "complete", "accounts");
        assertEquals(0, printedAccounts.code, printedAccounts.err);
        try (AppContext ctx = new AppContext(CliRun.env(dir), config)) {
            CommandRegistry reader = new CommandRegistry(new ThisProcess(new PosternCommand(CliRun.env(dir),
                    (c, a, f) -> { throw new AssertionError("no reader"); }), ctx));
            ctx.controller();
            Path dataDir = dir.resolve("data").toAbsolutePath().normalize();

            // No owner in this process yet: the typed status says so, with its exit code.
            CommandOutcome none = ran(reader, ctx, "daemon", "status");
            DaemonCommand.Said noneSaid = assertInstanceOf(DaemonCommand.Said.class, none.typed(), "a typed result, not captured text");
            assertEquals(69, noneSaid.exitCode());
            assertEquals(69, none.exitCode());
            assertTrue(none.summary().startsWith("no postern owns "), none.summary());

            try (Owner owner = Owner.start(ctx, Owner.Role.READER)) {
                CommandOutcome status = ran(reader, ctx, "daemon", "status");
                DaemonCommand.Said said = assertInstanceOf(DaemonCommand.Said.class, status.typed());
                assertEquals(0, said.exitCode());
                String who = "the reader (pid " + ProcessHandle.current().pid() + ") owns " + dataDir;
                assertTrue(status.summary().startsWith(who + " since "), status.summary());
                assertTrue(status.summary().endsWith("; socket " + owner.socket() + "."), status.summary());
                assertEquals(who + ", not a daemon; it stops when you quit it.", failure(reader, ctx, "daemon", "stop"));
                assertEquals(who + " already and runs commands for others.", failure(reader, ctx, "daemon", "run"));
                assertEquals(who + " already and runs commands for others.", ran(reader, ctx, "daemon", "start").summary());
                assertEquals("daemon: 'restart' is not run, start, stop or status.", failure(reader, ctx, "daemon", "restart"));
            }

            // complete: the typed candidates are what `postern complete` prints, one a line.
            CommandOutcome folders = ran(reader, ctx, "complete", "folders");
            CompleteCommand.Names names = assertInstanceOf(CompleteCommand.Names.class, folders.typed());
            assertEquals(printedFolders.out.lines().toList(), names.names());
            assertTrue(names.names().containsAll(List.of("INBOX", "Receipts")), names.names().toString());
            assertEquals(String.join(", ", names.names()), folders.summary());
            CompleteCommand.Names accounts = assertInstanceOf(CompleteCommand.Names.class, ran(reader, ctx, "complete", "accounts").typed());
            assertEquals(printedAccounts.out.lines().toList(), accounts.names());
            assertEquals(List.of("test", "other"), accounts.names());
            assertEquals("complete takes accounts, folders or targets, not 'nonsense'.", failure(reader, ctx, "complete", "nonsense"));

            // Those that make no sense inside a reader answer with their own sentence, through the same door.
            for (String refused : List.of("demo", "shell", "completion")) {
                String sentence = ProcessCommands.find(refused).orElseThrow().notInTheReader();
                assertNotNull(sentence, refused);
                assertEquals(sentence, failure(reader, ctx, refused));
            }
        }
    }

    @Test
    void theBatchDoorPrintsTheTypedResults() throws Exception {
        Path config = config();
        CliRun.Result status = CliRun.run(dir, config, "daemon", "status");
        assertEquals(69, status.code, status.err);
        assertEquals("no postern owns " + dir.resolve("data") + ".", status.out.strip());
        CliRun.Result stop = CliRun.run(dir, config, "daemon", "stop");
        assertEquals(0, stop.code, stop.err);
        assertEquals("no postern daemon runs for " + dir.resolve("data") + ".", stop.out.strip());
        CliRun.Result bash = CliRun.run(dir, config, "completion", "bash");
        assertEquals(0, bash.code, bash.err);
        assertEquals(Completion.script("bash", Completion.tree()), bash.out);
        CliRun.Result tcsh = CliRun.run(dir, config, "completion", "tcsh");
        assertEquals(64, tcsh.code);
        assertEquals("postern: there is no completion for 'tcsh'; choose bash, zsh or fish.", tcsh.err.strip());
    }
}
