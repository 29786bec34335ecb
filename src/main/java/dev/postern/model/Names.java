package dev.postern.model;

/**
 * An account name (or a folder name) as the user pastes it: a word for a POSIX shell in a command postern prints for
 * the user to run, and a key for a TOML table header in a sentence naming one. A name with a space, a quote or a
 * character TOML's bare keys lack, printed bare, names something else when pasted ("postern fetch -a pop keep" is
 * account pop and a folder keep; "[accounts.work.tls]" is table tls under work): hunt 38-M, M6.
 */
public final class Names {
    private Names() {}

    /** The word as a POSIX shell reads it back: bare when it is plain, else in single quotes ('it'\''s'). */
    public static String shell(String word) {
        if (!word.isEmpty() && word.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || "@%+=:,./_-".indexOf(c) >= 0))
                && word.charAt(0) != '-') {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** {@code postern VERB -a ACCOUNT}, the account quoted for the shell when it needs it. */
    public static String command(String verb, String account) {
        return "postern " + verb + " -a " + shell(account);
    }

    /** The name as a TOML key: bare when TOML's bare keys allow it (A-Z a-z 0-9 _ -), else a basic string in quotes. */
    public static String tomlKey(String name) {
        if (!name.isEmpty() && name.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '-'))) {
            return name;
        }
        StringBuilder b = new StringBuilder("\"");
        for (char c : name.toCharArray()) {
            if (c == '"' || c == '\\') b.append('\\').append(c);
            else if (c < 0x20 || c == 0x7f) b.append(String.format(java.util.Locale.ROOT, "\\u%04X", (int) c));
            else b.append(c);
        }
        return b.append('"').toString();
    }

    /** {@code [accounts.NAME]} or {@code [accounts.NAME.SUB]} as the config file must spell it. */
    public static String table(String account, String sub) {
        return "[accounts." + tomlKey(account) + (sub == null ? "" : "." + sub) + "]";
    }
}
