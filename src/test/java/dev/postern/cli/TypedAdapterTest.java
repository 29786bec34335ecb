package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.app.AppContext;
import dev.postern.command.Command;
import dev.postern.command.Commands;
import dev.postern.command.Messages;
import dev.postern.command.Option;
import dev.postern.command.Result;
import dev.postern.command.Words;
import dev.postern.controller.MailController;
import dev.postern.ui.CommandRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A typed mail command with no picocli class is one class and one line in a list of typed commands: registered
 * through the path {@code Commands.ALL} takes ({@link PosternCommand#addAllSubcommands(CommandLine, List)}), it
 * runs from argv on a real controller, answers --help, is in the root's --help and in the completion scripts; and
 * {@code jobs} and {@code cancel}, whose hand adapters are gone, are such commands in the real tree.
 */
class TypedAdapterTest {
    @TempDir Path dir;

    /** A command that exists only in this test: it says back the typed arguments it was given. */
    static final class EchoCommand implements Command<EchoCommand.Args, EchoCommand.Echoed> {
        record Args(String account, String to, List<String> tags, Boolean loud, boolean quiet, String word) {}

        record Echoed(List<String> lines) implements Result {
            @Override public String text() { return String.join("; ", lines); }

            @Override public List<String> lines() { return lines; }
        }

        @Override public String name() { return "echo-test"; }

        @Override public String summary() { return "Say back what it was given"; }

        @Override
        public List<Option> options() {
            return List.of(Option.of("--to", Option.Value.FOLDER).described("Where it would go."), Option.repeatable("--tag"),
                    Option.negatable("--loud"), Option.flagSwitch("--quiet"));
        }

        @Override public List<String> operands() { return List.of("WORD"); }

        @Override public boolean takesMessages() { return false; }

        @Override
        public Args arguments(Words w, Messages targets) {
            if (w.positionals().size() > 1) throw new dev.postern.model.PosternException(dev.postern.model.ExitCode.USAGE,
                    "echo-test takes one word.");
            return new Args(w.accountOrDefault(), w.value("--to"), w.values("--tag"), w.choice("--loud"), w.has("--quiet"),
                    w.positionals().isEmpty() ? null : w.positionals().get(0));
        }

        @Override
        public CompletableFuture<Echoed> run(MailController c, Args a) {
            return CompletableFuture.completedFuture(new Echoed(List.of(a.toString(), "accounts " + c.accounts())));
        }
    }

    static final EchoCommand ECHO = new EchoCommand();

    /** Commands.ALL with one more line, as a new command adds it. */
    static List<Command<?, ?>> typed() {
        List<Command<?, ?>> all = new ArrayList<>(Commands.ALL);
        all.add(ECHO);
        return List.copyOf(all);
    }

    private record Ran(int code, String out, String err) {}

    private Ran run(String... args) throws Exception {
        Path cfg = CliRun.writeConfig(dir.resolve("config.toml"), dir.resolve("data"),
                CliRun.account("work", "imap", 1, "u", "p"));
        PosternCommand root = new PosternCommand(CliRun.env(dir), (c, a, f) -> { throw new AssertionError(); }, AppContext::new);
        CommandLine cl = new CommandLine(root);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandErrors.handle(cl, new PrintWriter(out), new PrintWriter(err));
        PosternCommand.addAllSubcommands(cl, typed());
        List<String> argv = new ArrayList<>(List.of("--config", cfg.toString()));
        argv.addAll(List.of(args));
        try {
            int code = cl.execute(argv.toArray(new String[0]));
            return new Ran(code, out.toString(), err.toString());
        } finally {
            if (root.existingContext() != null) root.existingContext().close();
        }
    }

    @Test
    void aTypedCommandWithNoCliClassRunsFromArgvAsItsWordsRead() throws Exception {
        List<String> words = List.of("--to", "Archive", "--tag", "a", "--tag", "b", "--no-loud", "--quiet", "hello");
        List<String> argv = new ArrayList<>(List.of("-a", "work", "echo-test"));
        argv.addAll(words);
        Ran r = run(argv.toArray(new String[0]));
        assertEquals(0, r.code(), r.err());
        // The typed arguments are those the reader's ':' reads from the same words.
        EchoCommand.Args typed = ECHO.arguments(Words.read(ECHO, words).orAccount("work"), null);
        assertEquals(new EchoCommand.Args("work", "Archive", List.of("a", "b"), false, true, "hello"), typed);
        assertEquals(typed + "\naccounts [work]\n", r.out());

        Ran bare = run("echo-test");
        assertEquals(new EchoCommand.Args(null, null, List.of(), null, false, null) + "\naccounts [work]\n", bare.out());
        assertEquals("true", run("echo-test", "--loud").out().replaceAll("(?s).*loud=(\\w+).*", "$1"));
    }

    @Test
    void badWordsAreOneSentenceAndExit64() throws Exception {
        Ran unknown = run("echo-test", "--nope");
        assertEquals(64, unknown.code());
        assertEquals("postern: Unknown option: '--nope'\nTry 'postern echo-test --help' for usage.\n", unknown.err());
        Ran two = run("echo-test", "--to", "A", "--to", "B");
        assertEquals(64, two.code());
        assertTrue(two.err().startsWith("postern: option '--to' (FOLDER) should be specified only once"), two.err());
        Ran extra = run("echo-test", "one", "two");
        assertEquals(64, extra.code());
        assertTrue(extra.err().startsWith("postern: Unmatched argument at index 4: 'two'"), extra.err());
        assertEquals("", extra.out());
    }

    @Test
    void itsHelpIsItsOwnAndTheRootListsIt() throws Exception {
        Ran help = run("echo-test", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().startsWith("Usage: postern echo-test [-hV] [--[no-]loud] [--quiet] [-a=NAME]\n"), help.out());
        assertTrue(help.out().contains("[--to=FOLDER] [--tag=TEXT]... [WORD]\nSay back what it was given.\n"), help.out());
        assertTrue(help.out().contains("      --to=FOLDER      Where it would go.\n"), help.out());
        assertTrue(help.out().contains("      --[no-]loud      On, or off with --no-loud.\n"), help.out());
        Ran root = run("--help");
        assertTrue(root.out().contains("\n  echo-test   Say back what it was given.\n"), root.out());
    }

    @Test
    void theCompletionScriptsOfferItAndItsOptions() {
        CommandLine tree = new CommandLine(new PosternCommand(Map.of(), (c, a, f) -> { }));
        PosternCommand.addAllSubcommands(tree, typed());
        for (String shell : Completion.SHELLS) {
            String script = Completion.script(shell, tree);
            for (String word : List.of("echo-test", "tag", "loud", "quiet", "jobs", "cancel")) {
                assertTrue(script.contains(word), shell + " script lacks " + word);
            }
            if (shell.equals("fish")) {
                assertTrue(script.contains("-n '__postern_is \"echo-test\"' -l to -x -a '(__postern_folders)'"), script);
                assertTrue(script.contains("-n '__postern_is \"echo-test\"' -l tag -x -d 'Text; may be given more than once.'"), script);
            } else {
                assertTrue(script.contains("--tag"), shell);
            }
        }
    }

    @Test
    void jobsAndCancelHaveNoCliClassAndEveryDoorFindsThem() throws Exception {
        CommandLine tree = Completion.tree();
        for (String name : List.of("jobs", "cancel")) {
            assertTrue(TypedAdapter.isTyped(tree.getSubcommands().get(name)), name);
        }
        CommandRegistry reader = new CommandRegistry(new ThisProcess(new PosternCommand(Map.of(),
                (c, a, f) -> { throw new AssertionError(); }), null));
        assertTrue(reader.names().containsAll(List.of("jobs", "cancel")));
        assertEquals(CommandRegistry.Kind.COMMAND, reader.kind(List.of("cancel", "3")));
        // The batch door prints what it printed with its own class: a job per line (none here), the sentences.
        Ran jobs = run("jobs");
        assertEquals(new Ran(0, "", ""), jobs);
        assertEquals(new Ran(66, "", "postern: no job is running.\n"), run("cancel"));
        assertEquals(new Ran(66, "", "postern: no job 7 is running; `jobs` lists them.\n"), run("cancel", "7"));
        assertEquals(new Ran(64, "", "postern: cancel: 'x' is not a job id; `jobs` lists them.\n"), run("cancel", "x"));
        assertEquals(new Ran(64, "", "postern: Unmatched argument at index 4: '2'\nTry 'postern cancel --help' for usage.\n"),
                run("cancel", "1", "2"));
    }

    /**
     * A typed command's help lines are broken for the source's width; picocli wraps each element on its own, so they
     * reach it as paragraphs (the summary alone, then one a sentence) and --help reads as one text at 80 columns.
     */
    @Test
    void helpLinesReachPicocliAsParagraphs() throws Exception {
        assertEquals(List.of("Stop a job.", "Without ID, the newest: the job ends and says so.", "Exit 66 when none runs."),
                List.of(PosternCommand.paragraphs(List.of("Stop a job.", "Without ID, the newest: the job", "ends and says so.",
                        "Exit 66 when none runs."))));
        assertEquals(List.of("Summary without a stop", "a tail without one"),
                List.of(PosternCommand.paragraphs(List.of("Summary without a stop", "a tail", "without one"))));
        String help = run("cancel", "--help").out();
        String text = help.substring(0, help.indexOf("  -a,"));
        List<String> lines = text.lines().toList();
        for (int i = 1; i + 1 < lines.size(); i++) {
            String next = lines.get(i + 1).strip();
            boolean continues = !next.isEmpty() && Character.isLowerCase(next.charAt(0));
            assertTrue(!continues || lines.get(i).length() > 60, "a sentence broken short in --help:\n" + text);
        }
    }
}
