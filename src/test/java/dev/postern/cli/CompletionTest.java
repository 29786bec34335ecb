package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The completion scripts follow the command tree: every command and option of whatever the tree holds (other
 * branches add theirs) is in each script; bash and fish really complete commands, options, accounts and
 * folders; account and folder names come from the config and the store, with the server gone.
 */
class CompletionTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;

    @Test
    void everyCommandAndOptionOfTheTreeIsInEveryScript() {
        CommandLine tree = Completion.tree();
        String bash = Completion.script("bash", tree);
        String zsh = Completion.script("zsh", tree);
        String fish = Completion.script("fish", tree);
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, CommandLine> e : Completion.commands(tree).entrySet()) {
            String path = e.getKey();
            String fn = "_picocli_postern" + (path.isEmpty() ? "" : "_" + path.replace(' ', '_').replace('-', '_')) + "()";
            if (!bash.contains("function " + fn)) missing.add("bash: " + fn);
            if (!zsh.contains("function " + fn)) missing.add("zsh: " + fn);
            String cond = "-n '__postern_is \"" + path + "\"'";
            if (!path.isEmpty()) {
                String parent = path.contains(" ") ? path.substring(0, path.lastIndexOf(' ')) : "";
                String name = path.substring(path.lastIndexOf(' ') + 1);
                if (!fish.contains("-n '__postern_is \"" + parent + "\"' -a '" + name + "'")) missing.add("fish: command " + path);
            }
            for (OptionSpec o : e.getValue().getCommandSpec().options()) {
                if (o.hidden()) continue;
                for (String n : o.names()) {
                    String flag = n.startsWith("--") ? " -l " + n.substring(2) : n.length() == 2 ? " -s " + n.substring(1) : " -o " + n.substring(1);
                    if (!fish.lines().anyMatch(l -> l.contains(cond) && l.contains(flag + " ") )) missing.add("fish: " + path + " " + n);
                    if (!bash.contains("'" + n + "'")) missing.add("bash: " + path + " " + n);
                }
            }
        }
        assertTrue(missing.isEmpty(), String.join("\n", missing));
        assertTrue(fish.contains("-n '__postern_is \"move\"' -l to -x -a '(__postern_folders)'"), fish);
        assertTrue(bash.contains("'--account'|'-a') _postern_names accounts"), bash);
    }

    /** A stand-in for the postern binary that the scripts call back: prints names for `complete`. */
    private Path fakePostern() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path p = bin.resolve("postern");
        Files.writeString(p, "#!/bin/sh\nfor a in \"$@\"; do last=$a; done\n"
                + "case \"$*\" in *'complete accounts'*) echo work; echo home ;;\n"
                + "*home*'complete folders'*|*'complete folders'*home*) echo Family; echo 'Lists/Java News' ;;\n"
                + "*'complete targets'*) echo INBOX; echo Attic ;;\n"
                + "*'complete folders'*) echo INBOX; echo Archive ;; esac\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    private String shell(List<String> argv, String script) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        p.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return out;
    }

    @Test
    void bashCompletesCommandsOptionsAccountsAndFolders() throws Exception {
        Path script = dir.resolve("postern.bash");
        Files.writeString(script, Completion.script("bash", Completion.tree()));
        String out = shell(List.of("bash"), "export PATH=" + fakePostern() + ":$PATH\nsource " + script + " 2>/dev/null\n"
                + "t() { COMP_WORDS=(\"$@\"); COMP_CWORD=$((${#COMP_WORDS[@]}-1)); COMPREPLY=(); "
                + "$(complete -p postern | sed 's/.*-F \\([^ ]*\\).*/\\1/') 2>/dev/null; "
                + "printf '%s|' \"${COMPREPLY[@]}\"; echo; }\n"
                + "t postern li\nt postern folder cr\nt postern list --ca\nt postern -a ''\n"
                + "t postern list ''\nt postern -a home list ''\nt postern move INBOX 4 --to A\nt postern fetch ''\n"
                + "t postern flag INBOX 4 --set ''\nt postern copy INBOX 4 --to ''\n");
        List<String> lines = out.lines().toList();
        // move/copy --to offer the folders that can hold messages (complete targets: no \\Noselect), --set the flag names
        // (hunt 33-Z, Z14)
        assertEquals(List.of("list|", "create|", "--cached|", "work|home|", "INBOX|Archive|", "Family|Lists/Java News|",
                "Attic|", "work|home|", "seen|answered|flagged|deleted|draft|", "INBOX|Attic|"), lines, out);
    }

    @Test
    void fishCompletesCommandsOptionsAccountsAndFolders() throws Exception {
        Path script = dir.resolve("postern.fish");
        Files.writeString(script, Completion.script("fish", Completion.tree()));
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/fish")), "fish is not installed");
        String out = shell(List.of("fish", "--no-config"), "set -x PATH " + fakePostern() + " $PATH\nsource " + script + "\n"
                + "complete -C 'postern li'\ncomplete -C 'postern folder cr'\ncomplete -C 'postern -a '\n"
                + "complete -C 'postern -a home sync --folder '\n");
        assertTrue(out.contains("list\tList a folder"), out);
        assertTrue(out.contains("create\tCreate a folder"), out);
        assertTrue(out.contains("work\t") && out.contains("home\t"), out);
        assertTrue(out.contains("Family\t") && out.contains("Lists/Java News\t"), out);
    }

    /**
     * zsh at a real prompt (tmux), the script installed as zsh finds it (an autoloaded {@code _postern} on the
     * fpath, compinit in .zshrc): Tab completes a command, an option, an account and a folder (one with a space,
     * inserted quoted), each to the whole line and with nothing else printed over it (picocli's compopt calls
     * once printed "command not found: compopt" at every Tab).
     */
    @Test
    void zshCompletesCommandsOptionsAccountsAndFoldersAtARealPrompt() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/zsh")), "zsh is not installed");
        Path fpath = Files.createDirectories(dir.resolve("zsh-functions"));
        Files.writeString(fpath.resolve("_postern"), Completion.script("zsh", Completion.tree()));
        Path home = Files.createDirectories(dir.resolve("zdot"));
        Files.writeString(home.resolve(".zshrc"), "PS1='%% '\nfpath=(" + fpath + " $fpath)\nPATH=" + fakePostern()
                + ":$PATH\nautoload -U compinit && compinit -u -d " + home.resolve(".zcompdump") + "\n");
        try (dev.postern.e2e.Tmux zsh = dev.postern.e2e.Tmux.start("zsh-completion", 100, 20,
                "env ZDOTDIR=" + home + " zsh -i")) {
            java.time.Duration deadline = java.time.Duration.ofSeconds(20);
            zsh.waitFor("the prompt", s -> s.strip().equals("%"), deadline);
            Map<String, String> typedAndCompleted = new java.util.LinkedHashMap<>();
            typedAndCompleted.put("postern li", "postern list");
            typedAndCompleted.put("postern folder cr", "postern folder create");
            typedAndCompleted.put("postern list --ca", "postern list --cached");
            typedAndCompleted.put("postern -a h", "postern -a home");
            typedAndCompleted.put("postern list I", "postern list INBOX");
            typedAndCompleted.put("postern -a home list L", "postern -a home list Lists/Java\\ News");
            typedAndCompleted.put("postern move INBOX 4 --to A", "postern move INBOX 4 --to Attic"); // complete targets
            for (Map.Entry<String, String> e : typedAndCompleted.entrySet()) {
                zsh.keys(e.getKey(), "Tab");
                zsh.waitFor("'% " + e.getValue() + "' alone", s -> s.strip().equals("% " + e.getValue()), deadline);
                zsh.keys("C-u");
                zsh.waitFor("the empty prompt", s -> s.strip().equals("%"), deadline);
            }
        }
    }

    @Test
    void completeReadsAccountsFromTheConfigAndFoldersFromTheStoreWithoutTheServer() throws Exception {
        greenMail.setUser("alice@localhost", "alice", "secret");
        greenMail.getManagers().getImapHostManager().createMailbox(
                greenMail.getManagers().getUserManager().getUser("alice"), "Receipts");
        Path config = CliRun.writeConfig(dir.resolve("config.toml"), dir.resolve("data"),
                CliRun.account("test", "imap", greenMail.getImap().getPort(), "alice", "secret"));
        assertEquals(0, CliRun.run(dir, config, "folders").code);
        greenMail.stop(); // from here on, the network has nothing to give
        CliRun.Result accounts = CliRun.run(dir, config, "complete", "accounts");
        assertEquals(0, accounts.code, accounts.err);
        assertEquals("test", accounts.out.strip());
        CliRun.Result folders = CliRun.run(dir, config, "complete", "folders", "-a", "test");
        assertEquals(0, folders.code, folders.err);
        assertTrue(folders.out.lines().toList().containsAll(List.of("INBOX", "Receipts")), folders.out);
        CliRun.Result targets = CliRun.run(dir, config, "complete", "targets", "-a", "test");
        assertEquals(0, targets.code, targets.err);
        assertTrue(targets.out.lines().toList().containsAll(List.of("INBOX", "Receipts")), targets.out);
        assertEquals(0, CliRun.run(dir, config, "complete", "nonsense").code == 0 ? 1 : 0);
    }

    @Test
    void theCompletionCommandPrintsEachShellsScriptAndRefusesOthers() {
        CliRun.Result r = CliRun.run(dir, dir.resolve("none.toml"), "completion", "fish");
        assertEquals(0, r.code, r.err);
        assertTrue(r.out.contains("complete -c postern"), r.out);
        assertEquals(64, CliRun.run(dir, dir.resolve("none.toml"), "completion", "tcsh").code);
    }
}
