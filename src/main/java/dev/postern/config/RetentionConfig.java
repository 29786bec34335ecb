package dev.postern.config;

import dev.postern.config.toml.TomlArray;
import dev.postern.config.toml.TomlTable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * {@code [[retention]]} rules and {@code [holds]} from the config file, validated as strictly as the rest:
 * an unknown key, a missing {@code older_than_days}, an account that does not exist are errors (exit 78).
 *
 * <pre>
 * [[retention]]
 * account = "work"            # or "*"
 * folders = ["INBOX", "Archive/*"]
 * older_than_days = 365
 * where = "local"             # local | server | both
 * keep_flagged = true         # default true
 * keep_unread = true          # default true
 * trash = false               # server: move to the Trash folder instead of expunging
 * max_share_percent = 50      # more than this share of a folder at once needs --yes
 * auto = false               # also run after each postern fetch and postern sync (the guard then skips, never asks)
 * [holds]
 * folders = ["Legal/*"]       # never deleted by any rule, locally or on the server
 * </pre>
 */
public record RetentionConfig(List<Rule> rules, List<String> holds) {
    static final Set<String> RULE_KEYS = Set.of("name", "account", "folders", "older_than_days", "where", "keep_flagged",
            "keep_unread", "trash", "max_share_percent", "auto");
    static final Set<String> HOLD_KEYS = Set.of("folders");

    public enum Where { LOCAL, SERVER, BOTH }

    public record Rule(String name, String account, List<String> folders, int olderThanDays, Where where,
            boolean keepFlagged, boolean keepUnread, boolean trash, int maxSharePercent, boolean auto) {
        public Rule {
            folders = List.copyOf(folders);
        }

        public boolean appliesTo(String acct) {
            return account.equals("*") || account.equals(acct);
        }

        public boolean matchesFolder(String folder) {
            return folders.stream().anyMatch(g -> glob(g, folder));
        }
    }

    public RetentionConfig {
        rules = List.copyOf(rules);
        holds = List.copyOf(holds);
    }

    /** Only the rules marked {@code auto = true}, which run after each fetch and sync. */
    public RetentionConfig autoOnly() {
        return new RetentionConfig(rules.stream().filter(Rule::auto).toList(), holds);
    }

    public boolean held(String folder) {
        return holds.stream().anyMatch(g -> glob(g, folder));
    }

    /** {@code *} matches any run of characters (hierarchy separators too); everything else literally. INBOX in any case. */
    public static boolean glob(String pattern, String folder) {
        if (folder.equalsIgnoreCase("INBOX") && pattern.equalsIgnoreCase("INBOX")) return true;
        String[] parts = pattern.split("\\*", -1);
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) re.append(".*");
            re.append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL).matcher(folder).matches();
    }

    /** Reads the rules of a config file already checked by {@link ConfigLoader}. */
    public static RetentionConfig load(Config config) {
        return parse(config.source(), ConfigLoader.document(config), config.accounts());
    }

    static RetentionConfig parse(Path file, TomlTable toml, List<AccountConfig> accounts) {
        List<Rule> rules = new ArrayList<>();
        if (toml.contains("retention")) {
            Object v = toml.get("retention");
            if (!(v instanceof TomlArray arr) || (arr.size() > 0 && !(arr.get(0) instanceof TomlTable))) {
                throw ConfigLoader.error(file, "retention must be written as [[retention]] tables");
            }
            for (int i = 0; i < arr.size(); i++) {
                // TOML 1.0 arrays may mix types: [{...}, 1] must be a sentence too, not a ClassCastException
                if (!(arr.get(i) instanceof TomlTable rule)) throw ConfigLoader.error(file, "retention must be written as [[retention]] tables");
                rules.add(rule(file, "[[retention]] #" + (i + 1), rule, i + 1, accounts));
            }
        }
        List<String> holds = List.of();
        if (toml.contains("holds")) {
            Object v = toml.get("holds");
            if (!(v instanceof TomlTable t)) throw ConfigLoader.error(file, "holds must be a [holds] table");
            unknownKeys(file, "[holds]", t, HOLD_KEYS);
            holds = strings(file, "[holds]", t, "folders");
        }
        return new RetentionConfig(rules, holds);
    }

    private static Rule rule(Path file, String where, TomlTable t, int number, List<AccountConfig> accounts) {
        unknownKeys(file, where, t, RULE_KEYS);
        String name = t.contains("name") ? string(file, where, t, "name") : "retention-" + number;
        String account = string(file, where, t, "account");
        if (!account.equals("*") && accounts.stream().noneMatch(a -> a.name().equals(account))) {
            throw ConfigLoader.error(file, where + " names account '" + account + "', which is not in this file; use \"*\" or one of "
                    + String.join(", ", accounts.stream().map(AccountConfig::name).toList()));
        }
        List<String> folders = strings(file, where, t, "folders");
        if (!t.contains("older_than_days")) throw ConfigLoader.error(file, where + " needs older_than_days (a whole number of days)");
        int days = (int) ConfigLoader.integer(file, where, t, "older_than_days", 1, 36500);
        Where w = Where.LOCAL;
        if (t.contains("where")) {
            String s = string(file, where, t, "where");
            try {
                w = Where.valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ConfigLoader.error(file, where + " where = \"" + s + "\" is not one of local | server | both");
            }
        }
        boolean keepFlagged = !t.contains("keep_flagged") || ConfigLoader.bool(file, where, t, "keep_flagged");
        boolean keepUnread = !t.contains("keep_unread") || ConfigLoader.bool(file, where, t, "keep_unread");
        boolean trash = t.contains("trash") && ConfigLoader.bool(file, where, t, "trash");
        if (trash && w == Where.LOCAL) throw ConfigLoader.error(file, where + " sets trash = true but where = \"local\"; trash is for server deletion");
        int share = t.contains("max_share_percent") ? (int) ConfigLoader.integer(file, where, t, "max_share_percent", 1, 100) : 50;
        boolean auto = t.contains("auto") && ConfigLoader.bool(file, where, t, "auto");
        return new Rule(name, account, folders, days, w, keepFlagged, keepUnread, trash, share, auto);
    }

    private static List<String> strings(Path file, String where, TomlTable t, String key) {
        Object v = t.get(key);
        if (!(v instanceof TomlArray arr) || arr.isEmpty()) {
            throw ConfigLoader.error(file, where + " " + key + " must be a non-empty list of folder names, e.g. [\"INBOX\", \"Archive/*\"]");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < arr.size(); i++) {
            if (!(arr.get(i) instanceof String s) || s.isBlank()) throw ConfigLoader.error(file, where + " " + key + " must hold folder names in quotes");
            out.add(s);
        }
        return out;
    }

    private static void unknownKeys(Path file, String where, TomlTable t, Set<String> known) {
        for (String key : t.keySet()) {
            if (!known.contains(key)) {
                throw ConfigLoader.error(file, where + " has an unknown key '" + key + "'; known keys are " + String.join(", ", new TreeSet<>(known)));
            }
        }
    }

    private static String string(Path file, String where, TomlTable t, String key) {
        Object v = t.get(key);
        if (v == null) throw ConfigLoader.error(file, where + " needs " + key);
        if (!(v instanceof String s) || s.isBlank()) throw ConfigLoader.error(file, where + " " + key + " must be a non-empty string in quotes");
        return s;
    }

}
