package dev.postern.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.ExitCode;
import dev.postern.model.Flag;
import dev.postern.model.PosternException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The registry and the words a person types, read by each command's own options into its typed arguments. */
class CommandsTest {
    private static final Messages TWO = Messages.of("work", "INBOX", List.of(7L, 3L));

    @Test
    void eachNameIsRegisteredOnceAndFindsItsObject() {
        Set<String> seen = new HashSet<>();
        for (Command<?, ?> c : Commands.ALL) {
            assertTrue(seen.add(c.name()), c.name());
            assertEquals(c, Commands.find(c.name()).orElseThrow());
            assertFalse(c.summary().isBlank(), c.name());
            for (Option o : c.options()) assertTrue(o.name().startsWith("--"), c.name() + " " + o.name());
        }
        assertEquals(Commands.DELETE, Commands.find("delete").orElseThrow());
        assertTrue(Commands.find("frobnicate").isEmpty());
    }

    @Test
    void wordsBecomeTypedArguments() {
        DeleteCommand.Args d = Commands.DELETE.arguments(Words.read(Commands.DELETE, List.of("--to=Bin")), TWO);
        assertEquals(new DeleteCommand.Args(TWO, false, "Bin"), d);
        assertEquals(List.of(3L, 7L), List.copyOf(d.messages().uids()));
        assertEquals(new DeleteCommand.Args(TWO, true, null),
                Commands.DELETE.arguments(Words.read(Commands.DELETE, List.of("--expunge")), TWO));
        FlagCommand.Args f = Commands.FLAG.arguments(Words.read(Commands.FLAG,
                List.of("--set", "seen", "--set", "\\Flagged", "--clear", "ANSWERED")), TWO);
        assertEquals(List.of(Flag.SEEN, Flag.FLAGGED), f.set());
        assertEquals(List.of(Flag.ANSWERED), f.clear());
        assertEquals("Old Mail", Commands.MOVE.arguments(Words.read(Commands.MOVE, List.of("--to", "Old Mail")), TWO).to());
        Words named = Words.read(Commands.COPY, List.of("-a", "home", "--to", "X")).orAccount("work");
        assertEquals("home", named.accountOrDefault());
        assertEquals("work", Words.read(Commands.COPY, List.of("--to", "X")).orAccount("work").accountOrDefault());
        assertEquals(List.of("-odd"), Words.read(Commands.MOVE, List.of("--to", "A", "--", "-odd")).positionals());
    }

    @Test
    void folderWordsNameTheActionAndTheFolders() {
        Words w = Words.read(Commands.FOLDER, List.of("rename", "Old Mail", "Archive/2025")).orAccount("work");
        assertEquals(new FolderAdminCommand.Args("work", FolderAdminCommand.Action.RENAME, "Old Mail", "Archive/2025", false),
                Commands.FOLDER.arguments(w, null));
        assertEquals(new FolderAdminCommand.Args("home", FolderAdminCommand.Action.DELETE, "Junk", null, true),
                Commands.FOLDER.arguments(Words.read(Commands.FOLDER, List.of("delete", "--yes", "Junk", "-a", "home")), null));
        assertEquals("renamed Old Mail to Archive/2025", new FolderAdminCommand.Done(Commands.FOLDER.arguments(w, null), new Queued(0, false)).text());
        assertUsage("folder: 'frob' is not create", () -> Commands.FOLDER.arguments(Words.read(Commands.FOLDER, List.of("frob", "X")), null));
        assertUsage("folder rename: name the new folder", () -> Commands.FOLDER.arguments(Words.read(Commands.FOLDER, List.of("rename", "X")), null));
        assertUsage("account work: INBOX cannot be deleted", () -> new FolderAdminCommand.Args("work", FolderAdminCommand.Action.DELETE, "inbox", null, true));
    }

    @Test
    void mistakesAreOneUsageSentence() {
        assertUsage("move: Missing required option: '--to=FOLDER'", () -> Words.read(Commands.MOVE, List.of()));
        assertUsage("flag: Unknown option: '--bogus'", () -> Words.read(Commands.FLAG, List.of("--bogus")));
        assertUsage("delete: --expunge takes no value", () -> Words.read(Commands.DELETE, List.of("--expunge=yes")));
        assertUsage("move: --to needs a value", () -> Words.read(Commands.MOVE, List.of("--to")));
        assertUsage("move: --to is given twice", () -> Words.read(Commands.MOVE, List.of("--to", "A", "--to", "B")));
        assertUsage("say what to change", () -> new FlagCommand.Args(TWO, List.of(), List.of()));
        assertUsage("'shiny' is not a flag", () -> FlagCommand.flag("shiny"));
        assertUsage("--to moves and --expunge removes for good", () -> new DeleteCommand.Args(TWO, true, "Bin"));
    }

    @Test
    void aLineIsCheckedWithoutRunningIt() {
        assertNull(Commands.problem(List.of("delete", "--to", "Bin")));
        assertNull(Commands.problem(List.of("flag", "--clear", "seen")));
        assertTrue(Commands.problem(List.of("move", "--to", "A", "Archive")).contains("the messages come from the reader"));
        assertTrue(Commands.problem(List.of("nope")).contains("unknown command 'nope'"));
    }

    @Test
    void resultsReadAsTheBatchCommandsPrintThem() {
        Queued none = new Queued(0, false);
        assertEquals("moved 2 message(s) from INBOX to Archive", new Changed("moved", 2, TWO, "Archive", none).text());
        assertEquals("deleted 2 message(s) from INBOX", new Changed("deleted", 2, TWO, null, none).text());
        assertEquals("changed flags of 2 message(s) in INBOX", new FlagCommand.Flagged(TWO, 2, none).text());
        assertTrue(new Queued(3, true).offlineWithPending());
        assertFalse(new Queued(3, false).offlineWithPending());
    }

    private static void assertUsage(String start, org.junit.jupiter.api.function.Executable e) {
        PosternException p = assertThrows(PosternException.class, e);
        assertEquals(ExitCode.USAGE, p.exitCode());
        assertTrue(p.getMessage().startsWith(start), p.getMessage());
    }

    @Test
    void aNegatableSwitchReadsAsOnOffOrAsConfiguredAndTheComposeCommandsReadTheirWords() {
        assertEquals(Boolean.TRUE, Words.read(Commands.SEND, List.of("--sign", "--file", "m")).choice("--sign"));
        assertEquals(Boolean.FALSE, Words.read(Commands.SEND, List.of("--no-sign", "--file", "m")).choice("--sign"));
        assertNull(Words.read(Commands.SEND, List.of("--file", "m")).choice("--sign"));
        // Only a negatable switch has a --no- form.
        assertThrows(PosternException.class, () -> Words.read(Commands.SEND, List.of("--no-flowed")));
        SendCommand.Args send = Commands.SEND.arguments(Words.read(Commands.SEND,
                List.of("--to", "a@x,b@y", "--to", "c@z", "--no-encrypt", "--file", "m.txt")).orAccount("work"), null);
        assertEquals(List.of("a@x", "b@y", "c@z"), send.to());
        assertEquals(Boolean.FALSE, send.encrypt());
        assertNull(send.sign());
        assertEquals(List.of("work"), send.accounts());
        PosternException noFile = assertThrows(PosternException.class,
                () -> Commands.SEND.arguments(Words.read(Commands.SEND, List.of("--to", "a@x")), null));
        assertEquals(ExitCode.USAGE, noFile.exitCode());

        Messages one = Messages.of("work", "INBOX", List.of(7L));
        AnswerCommand.Args reply = Commands.REPLY.arguments(Words.read(Commands.REPLY, List.of("--all", "--sign")), one);
        assertTrue(reply.all());
        assertEquals(Boolean.TRUE, reply.sign());
        assertNull(reply.body(), "no text: the result is the draft, which the door's editor finishes");
        assertThrows(PosternException.class, () -> Commands.REPLY.arguments(Words.read(Commands.REPLY, List.of("--all")), TWO),
                "one message at a time");
        assertThrows(PosternException.class, () -> Commands.REPLY.arguments(Words.read(Commands.REPLY, List.of("--all", "--list")), one));
        assertThrows(PosternException.class, () -> Commands.FORWARD.arguments(
                Words.read(Commands.FORWARD, List.of("--attach-message", "--inline")), one));
        assertTrue(Commands.FORWARD.arguments(Words.read(Commands.FORWARD, List.of("--attach-message", "--to", "d@x")), one).attached());

        assertEquals("bounce: Missing required option: '--to=TEXT'.", Commands.problem(List.of("bounce")));
        assertEquals(List.of("d@x"), Commands.BOUNCE.arguments(Words.read(Commands.BOUNCE, List.of("--to", "d@x")), one).to());
        assertEquals(new RecallCommand.Args("work", 12L, false, false),
                Commands.RECALL.arguments(Words.read(Commands.RECALL, List.of("12")).orAccount("work"), null));
        assertThrows(PosternException.class, () -> Commands.RECALL.arguments(Words.read(Commands.RECALL, List.of("twelve")), null));
    }

    @Test
    void authReadsItsActionAndATypedLoginPointsToTheTerminal() throws Exception {
        assertEquals(new AuthCommand.Args(AuthCommand.Action.STATUS, null),
                Commands.AUTH.arguments(Words.read(Commands.AUTH, List.of("status")), null));
        assertEquals(new AuthCommand.Args(AuthCommand.Action.LOGOUT, "work"),
                Commands.AUTH.arguments(Words.read(Commands.AUTH, List.of("logout", "work")), null));
        assertThrows(PosternException.class, () -> Commands.AUTH.arguments(Words.read(Commands.AUTH, List.of("logout")), null));
        assertThrows(PosternException.class, () -> Commands.AUTH.arguments(Words.read(Commands.AUTH, List.of("refresh")), null));
        java.util.concurrent.ExecutionException login = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> Commands.AUTH.run(new dev.postern.controller.SigningIn() {}, new AuthCommand.Args(AuthCommand.Action.LOGIN, "work")).get());
        assertTrue(login.getCause().getMessage().contains(":sign-in in the reader"), login.getCause().getMessage());
    }
}
