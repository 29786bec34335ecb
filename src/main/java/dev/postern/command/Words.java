package dev.postern.command;

import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.render.Sanitizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The words typed after a command's name at ':' or in a key binding ("--to Archive", "--set seen"),
 * read against the command's own {@link Option}s: {@code --name VALUE}, {@code --name=VALUE}, switches,
 * {@code -a}/{@code --account NAME} (every command takes it, as on the command line), and {@code --} before
 * words that are not options. Nothing else: no argv is rebuilt from them.
 */
public final class Words {
    /** The account option every command takes, as {@code postern -a NAME ...} does. */
    public static final Option ACCOUNT = Option.of("--account", Option.Value.ACCOUNT);

    private final Map<String, List<String>> values;
    private final List<String> positionals;

    private final String defaultAccount;

    private Words(Map<String, List<String>> values, List<String> positionals, String defaultAccount) {
        this.values = values;
        this.positionals = positionals;
        this.defaultAccount = defaultAccount;
    }

    /** The same words, with the account to use when they name none (the reader's current account). */
    public Words orAccount(String account) { return new Words(values, positionals, account); }

    /**
     * Words a batch door read itself against the command's same options (picocli's parse of argv):
     * {@code given} by option name ("--to", and "--account" when named), a switch's value "" or "false" as
     * {@link #read} gives them; {@code positionals} the other words.
     */
    public static Words given(Map<String, List<String>> given, List<String> positionals) {
        Map<String, List<String>> frozen = new LinkedHashMap<>();
        given.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
        return new Words(Collections.unmodifiableMap(frozen), List.copyOf(positionals), null);
    }

    /** No words at all (a key bound to the bare command). */
    public static Words none() { return new Words(Map.of(), List.of(), null); }

    /**
     * Reads {@code words} (the command's name not included) for {@code command}.
     *
     * @throws PosternException (usage) naming the first problem in one sentence
     */
    public static Words read(Command<?, ?> command, List<String> words) {
        return read(command.name(), command.options(), words);
    }

    /** As {@link #read(Command, List)}, for a command on the process. */
    public static Words read(ProcessCommand<?, ?> command, List<String> words) {
        return read(command.name(), command.options(), words);
    }

    private static Words read(String commandName, List<Option> declared, List<String> words) {
        Map<String, Option> known = new LinkedHashMap<>();
        for (Option o : declared) known.put(o.name(), o);
        known.put(ACCOUNT.name(), ACCOUNT);
        Map<String, List<String>> values = new LinkedHashMap<>();
        List<String> positionals = new ArrayList<>();
        boolean options = true;
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (options && w.equals("--")) {
                options = false;
                continue;
            }
            if (!options || !w.startsWith("-") || w.equals("-")) {
                positionals.add(w);
                continue;
            }
            String name = w;
            String inline = null;
            int eq = w.indexOf('=');
            if (w.startsWith("--") && eq > 0) {
                name = w.substring(0, eq);
                inline = w.substring(eq + 1);
            }
            if (name.equals("-a")) name = ACCOUNT.name();
            Option o = known.get(name);
            boolean negated = false;
            if (o == null && name.startsWith("--no-")) {
                Option positive = known.get("--" + name.substring(5));
                if (positive != null && positive.negatable()) {
                    o = positive;
                    negated = true;
                }
            }
            if (o == null) {
                throw usage(commandName + ": Unknown option: '" + Sanitizer.oneLine(w) + "'"
                        + (declared.isEmpty() ? "; it takes none" : "; it takes " + names(declared)) + ".");
            }
            String value;
            if (!o.takesValue()) {
                if (inline != null) throw usage(commandName + ": " + o.name() + " takes no value.");
                value = negated ? "false" : "";
            } else if (inline != null) {
                value = inline;
            } else if (i + 1 < words.size()) {
                value = words.get(++i);
            } else {
                throw usage(commandName + ": " + o.name() + " needs a value (" + o.value().name().toLowerCase(java.util.Locale.ROOT) + ").");
            }
            List<String> vs = values.computeIfAbsent(o.name(), k -> new ArrayList<>());
            if (!vs.isEmpty() && !o.repeatable()) throw usage(commandName + ": " + o.name() + " is given twice.");
            vs.add(value);
        }
        for (Option o : declared) {
            if (o.required() && !values.containsKey(o.name())) {
                throw usage(commandName + ": Missing required option: '" + o.name() + (o.takesValue() ? "=" + o.value().name() : "") + "'.");
            }
        }
        Map<String, List<String>> frozen = new LinkedHashMap<>();
        values.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
        return new Words(Collections.unmodifiableMap(frozen), List.copyOf(positionals), null);
    }

    private static String names(List<Option> options) {
        return String.join(", ", options.stream().map(Option::name).toList());
    }

    static PosternException usage(String sentence) {
        return new PosternException(ExitCode.USAGE, sentence);
    }

    public boolean has(String option) { return values.containsKey(option); }

    /** A negatable switch: true (given), false (given as --no-NAME), null (not given: as configured). */
    public Boolean choice(String option) {
        String v = value(option);
        return v == null ? null : !v.equals("false");
    }

    /** The value of an option given once, or null. */
    public String value(String option) {
        List<String> v = values.get(option);
        return v == null ? null : v.get(0);
    }

    public List<String> values(String option) { return values.getOrDefault(option, List.of()); }

    /** The account the words name ({@code -a NAME}), or null. */
    public String account() { return value(ACCOUNT.name()); }

    /** The account named, else the one given by {@link #orAccount}, else null (the first in the config). */
    public String accountOrDefault() { return account() != null ? account() : defaultAccount; }

    public List<String> positionals() { return positionals; }
}
