package dev.postern.cli;

import dev.postern.render.Sanitizer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Tab completion for {@code postern shell}, read off the same picocli command tree the batch CLI runs:
 * command and subcommand names, option names, and values by what a parameter holds (its label or option
 * name): accounts, folders of the account the line names (else the default one) from the store, and
 * addresses seen in the store. Never throws: a completion that fails offers nothing.
 */
final class ShellCompleter implements Completer {

    /** Where values come from; every call answers from the store or config, never the network. */
    interface Sources {
        List<String> accounts();

        String defaultAccount();

        List<String> folders(String account);

        /** Address book entries ("Name &lt;a@b&gt;" or "a@b") matching a prefix, most used first. */
        List<String> addresses(String prefix);
    }

    /** Words the shell itself understands besides the commands. */
    static final List<String> SHELL_WORDS = List.of("help", "exit");

    private final CommandSpec root;
    private final Sources sources;

    ShellCompleter(CommandSpec root, Sources sources) {
        this.root = root;
        this.sources = sources;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        try {
            String word = line.word() == null ? "" : line.word();
            String prefix = word.substring(0, Math.min(Math.max(0, line.wordCursor()), word.length()));
            complete(line.words(), line.wordIndex(), prefix, candidates);
        } catch (RuntimeException e) {
            // A broken store or config must not break the prompt: offer nothing.
        }
    }

    void complete(List<String> words, int index, String prefix, List<Candidate> out) {
        if (index <= 0) {
            commands(root, out);
            for (String w : SHELL_WORDS) out.add(plain(w, "shell"));
            return;
        }
        if (words.get(0).equals("help")) {
            if (index == 1) commands(root, out);
            return;
        }
        CommandSpec cmd = root;
        OptionSpec pending = null;
        String account = null;
        int positional = 0;
        boolean endOfOptions = false;
        for (int i = 0; i < index && i < words.size(); i++) {
            String w = words.get(i);
            if (pending != null) {
                if (isAccount(pending)) account = w;
                pending = null;
                continue;
            }
            if (!endOfOptions && w.equals("--")) {
                endOfOptions = true;
                continue;
            }
            if (!endOfOptions && w.startsWith("-") && w.length() > 1) {
                int eq = w.indexOf('=');
                OptionSpec o = cmd.findOption(eq > 0 ? w.substring(0, eq) : w);
                if (o != null && takesValue(o)) {
                    if (eq > 0) {
                        if (isAccount(o)) account = w.substring(eq + 1);
                    } else {
                        pending = o;
                    }
                }
                continue;
            }
            CommandLine sub = positional == 0 ? cmd.subcommands().get(w) : null;
            if (sub != null) {
                cmd = sub.getCommandSpec();
                continue;
            }
            positional++;
        }
        String acct = account != null ? account : sources.defaultAccount();
        String typed = words.isEmpty() ? null : words.get(0);
        if (pending != null) {
            if (!typedValues(typed, optionName(pending), "", out)) values(pending, optionName(pending), acct, prefix, "", out);
            return;
        }
        if (!endOfOptions && prefix.startsWith("-")) {
            int eq = prefix.indexOf('=');
            if (eq > 0) {
                OptionSpec o = cmd.findOption(prefix.substring(0, eq));
                if (o != null && takesValue(o) && !typedValues(typed, optionName(o), prefix.substring(0, eq + 1), out)) {
                    values(o, optionName(o), acct, prefix.substring(eq + 1), prefix.substring(0, eq + 1), out);
                }
                return;
            }
            for (OptionSpec o : cmd.options()) {
                if (o.hidden()) continue;
                for (String n : o.names()) {
                    out.add(new Candidate(n, n, "options", firstLine(o.description()), null, null, true));
                }
            }
            return;
        }
        if (positional == 0 && !cmd.subcommands().isEmpty()) commands(cmd, out);
        for (PositionalParamSpec p : cmd.positionalParameters()) {
            if (p.hidden() || !p.index().contains(positional)) continue;
            String label = upper(p.paramLabel());
            // "[FOLDER] UID": only the first word is a folder.
            if (label.contains("UID") && positional > p.index().min()) continue;
            values(p, null, acct, prefix, "", out);
        }
    }

    /**
     * Values of an option of a typed command, from the command's own {@link dev.postern.command.Option}s
     * (flag names for --set/--clear ...); false when the command or option is not typed, or the value is one
     * the picocli model already completes (folders, accounts, addresses).
     */
    private static boolean typedValues(String command, String option, String lead, List<Candidate> out) {
        if (command == null || option == null) return false;
        var cmd = dev.postern.command.Commands.find(command);
        if (cmd.isEmpty()) return false;
        for (dev.postern.command.Option o : cmd.get().options()) {
            if (!o.name().equals(option)) continue;
            if (o.value() == dev.postern.command.Option.Value.FLAG) {
                for (String f : dev.postern.command.FlagCommand.flagNames()) out.add(plain(lead + f, "flags"));
                return true;
            }
        }
        return false;
    }

    private void values(ArgSpec arg, String optionName, String account, String prefix, String lead, List<Candidate> out) {
        switch (kind(arg, optionName)) {
            case FOLDER -> {
                for (String f : sources.folders(account)) out.add(plain(lead + f, "folders of " + account));
            }
            case ACCOUNT -> {
                for (String a : sources.accounts()) out.add(plain(lead + a, "accounts"));
            }
            case ADDRESS -> {
                for (String a : sources.addresses(prefix)) {
                    String mailbox = mailbox(a);
                    out.add(new Candidate(lead + mailbox, Sanitizer.oneLine(a), "addresses", null, null, null, true));
                }
            }
            case NONE -> {
                Iterable<String> fixed = arg.completionCandidates();
                if (fixed != null) for (String v : fixed) out.add(plain(lead + v, null));
            }
        }
    }

    enum Kind { FOLDER, ACCOUNT, ADDRESS, NONE }

    static Kind kind(ArgSpec arg, String optionName) {
        String label = upper(arg.paramLabel());
        if (label.contains("FOLDER")) return Kind.FOLDER;
        if ("--account".equals(optionName) || label.contains("ACCOUNT")) return Kind.ACCOUNT;
        if (label.contains("ADDR") || label.contains("EMAIL") || label.contains("RECIPIENT")
                || List.of("--to", "--cc", "--bcc", "--from").contains(optionName)) {
            return Kind.ADDRESS;
        }
        return Kind.NONE;
    }

    private static void commands(CommandSpec cmd, List<Candidate> out) {
        for (Map.Entry<String, CommandLine> e : cmd.subcommands().entrySet()) {
            CommandSpec s = e.getValue().getCommandSpec();
            if (s.usageMessage().hidden()) continue;
            out.add(new Candidate(e.getKey(), e.getKey(), "commands", firstLine(s.usageMessage().description()), null, null, true));
        }
    }

    private static boolean isAccount(OptionSpec o) {
        return "--account".equals(optionName(o));
    }

    private static boolean takesValue(OptionSpec o) {
        return o.arity().max() > 0 && !o.typeInfo().isBoolean();
    }

    /** The long name when there is one: what kinds are decided by. */
    private static String optionName(OptionSpec o) {
        return o.longestName();
    }

    private static Candidate plain(String value, String group) {
        return new Candidate(value, Sanitizer.oneLine(value), group, null, null, null, true);
    }

    private static String firstLine(String[] description) {
        return description == null || description.length == 0 ? null : description[0];
    }

    private static String upper(String s) {
        return s == null ? "" : s.toUpperCase(Locale.ROOT);
    }

    /** The addr-spec of "Name &lt;a@b&gt;" (what a command takes), or the string itself. */
    static String mailbox(String address) {
        int lt = address.lastIndexOf('<');
        int gt = address.lastIndexOf('>');
        return (lt >= 0 && gt > lt) ? address.substring(lt + 1, gt).strip() : address.strip();
    }
}
