package dev.postern.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Shell completion scripts for bash, zsh and fish, all made from the one picocli command tree, so a new
 * command or option completes as soon as it exists. bash: picocli's {@link AutoComplete} script, wrapped
 * by a function that completes account and folder values itself; zsh runs the same script through
 * bashcompinit; fish gets its own script written from the same tree. Account and folder names come from
 * {@code postern complete accounts|folders}, which read the config and the offline store only (never the
 * network): an option whose parameter label is ACCOUNT or NAME on -a/--account completes accounts, one
 * whose label is FOLDER completes folders, and so does a command's first positional labelled FOLDER.
 */
public final class Completion {
    private Completion() {}

    /** Shells there is a script for (the typed {@code completion} command's list). */
    public static final List<String> SHELLS = dev.postern.command.CompletionCommand.SHELLS;

    /** The whole command tree, every subcommand registered (what `postern --help` builds). */
    static CommandLine tree() {
        return PosternCommand.commandLine(new PosternCommand(Map.of(), (c, a, f) -> { }), new String[] {"--help"});
    }

    /** Writes the script for one shell (the build runs this to put the scripts in the Debian package). */
    public static void main(String[] args) {
        if (args.length != 1 || !SHELLS.contains(args[0])) {
            System.err.println("usage: Completion bash|zsh|fish");
            System.exit(64);
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        out.print(script(args[0], tree()));
        out.flush();
    }

    static String script(String shell, CommandLine tree) {
        return switch (shell) {
            case "bash" -> bash(tree);
            case "zsh" -> zsh(tree);
            case "fish" -> fish(tree);
            default -> throw new IllegalArgumentException(shell);
        };
    }

    static boolean takesAccount(OptionSpec o) {
        return List.of(o.names()).contains("--account") || "ACCOUNT".equals(o.paramLabel());
    }

    static boolean takesFolder(OptionSpec o) {
        return o.arity().max() > 0 && o.paramLabel().replaceAll("[<>]", "").equals("FOLDER");
    }

    static boolean firstPositionalIsFolder(CommandSpec spec) {
        return firstPositionalLabel(spec).equals("FOLDER");
    }

    static boolean positionalsAreAccounts(CommandSpec spec) {
        return firstPositionalLabel(spec).equals("ACCOUNT");
    }

    private static String firstPositionalLabel(CommandSpec spec) {
        List<PositionalParamSpec> ps = spec.positionalParameters();
        return ps.isEmpty() ? "" : ps.get(0).paramLabel().replaceAll("[<>.]", "");
    }

    /** Every command, the root first; each keyed by its path below the root ("" for the root, "folder create"). */
    static Map<String, CommandLine> commands(CommandLine root) {
        Map<String, CommandLine> all = new java.util.LinkedHashMap<>();
        List<String> paths = new ArrayList<>(List.of(""));
        all.put("", root);
        for (int i = 0; i < paths.size(); i++) {
            String path = paths.get(i);
            for (Map.Entry<String, CommandLine> e : all.get(path).getSubcommands().entrySet()) {
                if (e.getValue().getCommandSpec().usageMessage().hidden()) continue;
                String sub = (path.isEmpty() ? "" : path + " ") + e.getKey();
                if (all.putIfAbsent(sub, e.getValue()) == null) paths.add(sub);
            }
        }
        return all;
    }

    private static Set<String> optionNames(CommandLine root, java.util.function.Predicate<OptionSpec> which) {
        Set<String> names = new TreeSet<>();
        for (CommandLine c : commands(root).values()) {
            for (OptionSpec o : c.getCommandSpec().options()) {
                if (which.test(o)) names.addAll(List.of(o.names()));
            }
        }
        return names;
    }

    static String bash(CommandLine tree) {
        StringBuilder sb = new StringBuilder();
        sb.append(AutoComplete.bash("postern", tree));
        Set<String> accountOpts = optionNames(tree, Completion::takesAccount);
        Set<String> folderOpts = optionNames(tree, Completion::takesFolder);
        Set<String> folderFirst = new TreeSet<>();
        Set<String> accountArgs = new TreeSet<>();
        StringBuilder paths = new StringBuilder("|");
        for (Map.Entry<String, CommandLine> e : commands(tree).entrySet()) {
            if (e.getKey().isEmpty()) continue;
            paths.append(e.getKey()).append('|');
            if (firstPositionalIsFolder(e.getValue().getCommandSpec())) folderFirst.add(e.getKey());
            if (positionalsAreAccounts(e.getValue().getCommandSpec())) accountArgs.add(e.getKey());
        }
        sb.append(String.format(java.util.Locale.ROOT, """

                # postern: account and folder names, from the config and the offline store (never the network).
                function _postern_names() {
                  local IFS=$'\\n'
                  COMPREPLY=( $(compgen -W "$("${COMP_WORDS[0]}" "${config[@]}" complete "$@" 2>/dev/null)" -- "${COMP_WORDS[COMP_CWORD]}") )
                  type compopt &>/dev/null && compopt -o filenames +o default 2>/dev/null
                  return 0
                }

                _postern_paths='%s'

                function _postern_dynamic() {
                  local prev=${COMP_WORDS[COMP_CWORD-1]} account=() config=() cmdpath="" i w seen=0
                  for ((i = 1; i < COMP_CWORD; i++)); do
                    w=${COMP_WORDS[i]}
                    case $w in
                      -a|--account) account=(--account "${COMP_WORDS[i+1]}"); ((i++)) ;;
                      --account=*) account=(--account "${w#--account=}") ;;
                      --config) config=(--config "${COMP_WORDS[i+1]}"); ((i++)) ;;
                      --config=*) config=(--config "${w#--config=}") ;;
                      -*) ;;
                      *) if [[ $_postern_paths == *"|${cmdpath:+$cmdpath }$w|"* ]]; then cmdpath=${cmdpath:+$cmdpath }$w; else ((seen++)); fi ;;
                    esac
                  done
                  case $prev in
                """, paths));
        // A move/copy/import target is a folder that can hold messages: not a \\Noselect one such as Lists (hunt 33-Z, Z14).
        Set<String> targets = new TreeSet<>();
        for (Map.Entry<String, CommandLine> e : commands(tree).entrySet()) {
            for (OptionSpec o : e.getValue().getCommandSpec().options()) {
                if (takesFolder(o) && List.of(o.names()).contains("--to")) targets.add(e.getKey() + " --to");
            }
        }
        if (!targets.isEmpty()) {
            sb.setLength(sb.length() - "  case $prev in\n".length());
            sb.append("  case \"$cmdpath $prev\" in\n    ").append(caseList(targets))
                    .append(") _postern_names targets \"${account[@]}\"; return ;;\n  esac\n  case $prev in\n");
        }
        if (!accountOpts.isEmpty()) sb.append("    ").append(caseList(accountOpts)).append(") _postern_names accounts; return ;;\n");
        if (!folderOpts.isEmpty()) {
            sb.append("    ").append(caseList(folderOpts)).append(") _postern_names folders \"${account[@]}\"; return ;;\n");
        }
        sb.append("  esac\n");
        sb.append("  if [[ ${COMP_WORDS[COMP_CWORD]} != -* ]]; then\n    case $cmdpath in\n");
        if (!folderFirst.isEmpty()) {
            sb.append("      ").append(caseList(folderFirst))
                    .append(") if [[ $seen -eq 0 ]]; then _postern_names folders \"${account[@]}\"; return; fi ;;\n");
        }
        if (!accountArgs.isEmpty()) sb.append("      ").append(caseList(accountArgs)).append(") _postern_names accounts; return ;;\n");
        sb.append("    esac\n  fi\n");
        sb.append("  _complete_postern \"$@\"\n}\n\ncomplete -F _postern_dynamic -o default postern\n");
        return sb.toString();
    }

    private static String caseList(Set<String> words) {
        List<String> quoted = new ArrayList<>();
        for (String w : words) quoted.add("'" + w + "'");
        return String.join("|", quoted);
    }

    /**
     * The bash script run through zsh's bashcompinit, as a file zsh autoloads from its fpath (`_postern`). Two
     * things of picocli's script do not survive that: its zsh preamble changes the user's shell (setopt
     * COMPLETE_ALIASES, an alias, compinit) and its {@code compopt} calls rely on that alias, which an
     * autoloaded file defines only after its functions were parsed, so each Tab printed "command not found:
     * compopt" over the line. Both go: bashcompinit has no compopt, and zsh quotes the names it inserts itself.
     */
    static String zsh(CommandLine tree) {
        String bash = bash(tree).replaceAll("(?m)^#!.*\\n", "");
        String preamble = "(?s)\\nif \\[ -n \"\\$BASH_VERSION\" \\]; then\\n.*?\\nfi\\n";
        if (!Pattern.compile(preamble).matcher(bash).find()) {
            throw new IllegalStateException("picocli's completion script no longer has the shell preamble this expects");
        }
        bash = bash.replaceFirst(preamble, "\n")
                .replaceAll("type compopt &>/dev/null && compopt[^\n]*", ": # no compopt in zsh");
        return "#compdef postern\n"
                + "# zsh completion for postern: the bash script, run through zsh's bashcompinit.\n"
                + "autoload -U +X bashcompinit && bashcompinit\n"
                + bash
                + "\n# The first call (this file autoloaded as _postern) completes too.\n"
                + "[[ -n ${funcstack[(r)_postern]} ]] && _bash_complete -F _postern_dynamic\n";
    }

    static String fish(CommandLine tree) {
        Map<String, CommandLine> all = commands(tree);
        StringBuilder sb = new StringBuilder();
        sb.append("# fish completion for postern, written from its command tree (postern completion fish).\n");
        sb.append("set -g __postern_commands");
        for (String path : all.keySet()) if (!path.isEmpty()) sb.append(" '").append(path).append("'");
        sb.append("\n\n");
        sb.append("""
                # The command path typed so far ("" for none, "folder create"), option values skipped.
                function __postern_path
                    set -l path ''
                    set -l tokens (commandline -opc)
                    set -e tokens[1]
                    for t in $tokens
                        string match -q -- '-*' $t; and continue
                        set -l next (string trim -- "$path $t")
                        contains -- $next $__postern_commands; and set path $next
                    end
                    echo $path
                end

                function __postern_is
                    test (__postern_path) = "$argv[1]"
                end

                # The config and account named on the line so far, as --config FILE --account NAME (or nothing).
                function __postern_context
                    set -l tokens (commandline -opc)
                    for i in (seq (count $tokens))
                        switch $tokens[$i]
                            case -a --account --config
                                set -l j (math $i + 1)
                                test $j -le (count $tokens); and echo -- $tokens[$i]; and echo -- $tokens[$j]
                            case '--account=*' '--config=*'
                                echo -- $tokens[$i]
                        end
                    end
                end

                function __postern_folders
                    postern (__postern_context) complete folders 2>/dev/null
                end

                function __postern_accounts
                    postern (__postern_context) complete accounts 2>/dev/null
                end

                complete -c postern -f
                """);
        for (Map.Entry<String, CommandLine> e : all.entrySet()) {
            String path = e.getKey();
            CommandSpec spec = e.getValue().getCommandSpec();
            String cond = "'__postern_is \"" + path + "\"'";
            for (Map.Entry<String, CommandLine> sub : e.getValue().getSubcommands().entrySet()) {
                CommandSpec s = sub.getValue().getCommandSpec();
                if (s.usageMessage().hidden()) continue;
                sb.append("complete -c postern -n ").append(cond).append(" -a ").append(fishQuote(sub.getKey()))
                        .append(" -d ").append(fishQuote(firstLine(s.usageMessage().description()))).append('\n');
            }
            for (OptionSpec o : spec.options()) {
                if (o.hidden()) continue;
                sb.append("complete -c postern -n ").append(cond);
                for (String n : o.names()) {
                    if (n.startsWith("--")) sb.append(" -l ").append(n.substring(2));
                    else if (n.length() == 2) sb.append(" -s ").append(n.substring(1));
                    else sb.append(" -o ").append(n.substring(1));
                }
                if (o.arity().max() > 0) {
                    if (takesAccount(o)) sb.append(" -x -a '(__postern_accounts)'");
                    else if (takesFolder(o)) sb.append(" -x -a '(__postern_folders)'");
                    else if (o.completionCandidates() != null) {
                        List<String> c = new ArrayList<>();
                        o.completionCandidates().forEach(c::add);
                        sb.append(" -x -a ").append(fishQuote(String.join(" ", c)));
                    } else if (o.type() == java.nio.file.Path.class || o.type() == java.io.File.class) sb.append(" -r -F");
                    else sb.append(" -x");
                }
                sb.append(" -d ").append(fishQuote(firstLine(o.description()))).append('\n');
            }
            if (!path.isEmpty() && firstPositionalIsFolder(spec)) {
                sb.append("complete -c postern -n ").append(cond).append(" -a '(__postern_folders)'\n");
            }
            if (!path.isEmpty() && positionalsAreAccounts(spec)) {
                sb.append("complete -c postern -n ").append(cond).append(" -a '(__postern_accounts)'\n");
            }
        }
        return sb.toString();
    }

    private static String firstLine(String[] description) {
        return description.length == 0 ? "" : description[0].strip();
    }

    private static String fishQuote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** Names offered for account completion: the config's accounts in their order. */
    static List<String> accountNames(dev.postern.config.Config config) {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (dev.postern.config.AccountConfig a : config.accounts()) names.add(a.name());
        return List.copyOf(names);
    }
}
