package dev.postern.config;

import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.model.Protocol;
import dev.postern.model.Security;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import dev.postern.config.toml.Toml;
import dev.postern.config.toml.TomlArray;
import dev.postern.config.toml.TomlParseError;
import dev.postern.config.toml.TomlParseResult;
import dev.postern.config.toml.TomlTable;

/**
 * Reads {@code config.toml} and validates it completely before anything connects: every problem is one
 * sentence naming the file, the account and what to do, and exits 78 (EX_CONFIG).
 */
public final class ConfigLoader {
    private static final Set<String> TOP_KEYS = Set.of("accounts", "data_dir", "unified_inbox", "retention", "holds",
            "bindings", "theme", "colors", "sidebar", "sidebar_width", "index_format", "date_format", "pager_width", "pager_index_lines", "start_daemon",
            AbortNoSubject.KEY);
    private static final Set<String> ACCOUNT_KEYS = Set.of("protocol", "host", "port", "security", "user",
            "password_command", "password_env", "password", "tls_trust_cert", "allow_plaintext",
            "timeout_seconds", "fetch_whole_below", "pop3", "compress", "poll_seconds", "sync_folders", "smtp",
            "command_timeout_seconds", "trash", "drafts_folder", "auth", "oauth2");
    private static final Set<String> OAUTH2_KEYS = Set.of("provider", "client_id", "client_secret_command", "tenant",
            "device_authorization_url", "authorization_url", "token_url", "scopes", "token_command",
            "token_store_command");
    private static final Set<String> POP3_KEYS = Set.of("keep_on_server", "delete_after_days", "headers_first",
            "max_message_bytes");
    private static final Set<String> SMTP_KEYS = Set.of("host", "port", "security", "user", "tls_trust_cert",
            "allow_plaintext", "timeout_seconds", "from");

    private final Map<String, String> env;

    public ConfigLoader(Map<String, String> env) {
        this.env = env;
    }

    /** {@code $XDG_CONFIG_HOME/postern/config.toml}, or {@code ~/.config/postern/config.toml}. */
    public Path defaultConfigPath() {
        try {
            return xdg("XDG_CONFIG_HOME", ".config").resolve("postern").resolve("config.toml");
        } catch (java.nio.file.InvalidPathException e) {
            throw dev.postern.model.UnusablePath.of(e);
        }
    }

    /** {@code $XDG_DATA_HOME/postern}, or {@code ~/.local/share/postern}. */
    public Path defaultDataDir() {
        return xdg("XDG_DATA_HOME", ".local/share").resolve("postern");
    }

    private Path xdg(String var, String fallbackUnderHome) {
        String v = env.get(var);
        if (v != null && !v.isBlank() && Path.of(v).isAbsolute()) return Path.of(v);
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        return Path.of(home).resolve(fallbackUnderHome);
    }

    /**
     * The config in {@code file}, checked. A path in it (or HOME, XDG_DATA_HOME) that the locale's charset cannot
     * encode is one sentence naming it and the locale, exit 78 ({@link dev.postern.model.UnusablePath}).
     */
    public Config load(Path file) {
        try {
            return read(file);
        } catch (java.nio.file.InvalidPathException e) {
            throw dev.postern.model.UnusablePath.of(e);
        }
    }

    private Config read(Path file) {
        String text;
        try {
            text = dev.postern.config.toml.TomlFile.read(file); // a regular file of at most 1 MiB
        } catch (NoSuchFileException e) {
            throw error(file, "does not exist; create it (see postern.toml(5): `man postern.toml`), pass --config FILE, or try `postern demo`");
        } catch (IOException e) {
            throw unreadable(file, e);
        }
        TomlTable toml = parse(file, text);
        unknownKeys(file, "the top level", toml, union(union(union(TOP_KEYS, CryptoConfig.TOP_KEYS), IdentityConfig.TOP_KEYS), union(union(HookConfig.TOP_KEYS, ViewConfig.TOP_KEYS), TemplateConfig.TOP_KEYS)));
        Path dataDir = defaultDataDir();
        if (toml.contains("data_dir")) {
            dataDir = expandHome(beside(file, string(file, "the top level", toml, "data_dir")));
        }
        if (toml.contains("start_daemon")) bool(file, "the top level", toml, "start_daemon"); // read by resident.Client
        TomlTable accounts = toml.contains("accounts") ? table(file, "the top level", toml, "accounts") : null;
        if (accounts == null || accounts.isEmpty()) {
            throw error(file, "defines no account; add an [accounts.NAME] table with protocol, host and user");
        }
        boolean privateFile = isPrivate(file);
        List<AccountConfig> list = new ArrayList<>();
        for (String name : accounts.keySet()) {
            TomlTable t = table(file, "[accounts]", accounts, name);
            list.add(account(file, name, t, privateFile, dataDir));
        }
        UiConfig.parse(file, toml, env); // the reader's bindings/theme/colors settings, checked with the rest
        CryptoConfig.parse(file, toml, list.stream().map(AccountConfig::name).toList()); // signing settings, checked with the rest
        HookConfig.parse(file, toml); // new_mail_command, address_book_command
        ViewConfig.parse(file, toml, env); // auto_view, mailcap_path, prefer_html
        TemplateConfig.parse(file, toml, env); // attribution and the template files
        AbortNoSubject.parse(file, toml); // what becomes of a message sent with no subject
        IdentityConfig.parse(file, toml, list); // identities and signatures, checked with the rest
        RetentionConfig.parse(file, toml, list); // checked here so a bad rule fails every command, as other mistakes do
        // The parsed file rides along so RetentionConfig.load and UiConfig.load need not read and parse it again.
        return new Config(file, dataDir, list, unifiedInbox(file, toml, list), toml);
    }

    private AccountConfig account(Path file, String name, TomlTable t, boolean privateFile, Path dataDir) {
        String where = "[accounts." + dev.postern.model.Names.tomlKey(name) + "]";
        // A name no command can take (-a splits on commas, a leading - is an option) or print plainly (hunt 38-M, M6).
        if (name.isBlank() || name.chars().anyMatch(c -> Character.isISOControl(c)) || name.indexOf(',') >= 0 || name.startsWith("-")
                || !name.equals(name.strip())) {
            throw error(file, where + ": an account name must not be empty, hold a comma or a"
                    + " control character, begin with - or begin or end with a space (commands cannot take it); rename the table");
        }
        unknownKeys(file, where, t, union(union(ACCOUNT_KEYS, CryptoConfig.ACCOUNT_KEYS), IdentityConfig.ACCOUNT_KEYS));
        Protocol protocol = enumValue(file, where, t, "protocol", Protocol.class, null);
        String host = string(file, where, t, "host");
        String user = string(file, where, t, "user");
        Security security = enumValue(file, where, t, "security", Security.class, Security.TLS);
        int port = t.contains("port") ? (int) integer(file, where, t, "port", 1, 65535)
                : AccountConfig.defaultPort(protocol, security);
        boolean allowPlaintext = t.contains("allow_plaintext") && bool(file, where, t, "allow_plaintext");
        boolean oauth2 = oauth2(file, where, t);
        if (oauth2 && security == Security.PLAIN && !isLoopback(host)) {
            throw error(file, where + " would send an OAuth2 token unencrypted to " + host + ", which allow_plaintext"
                    + " does not permit; use security = \"tls\" or \"starttls\"");
        }
        if (security == Security.PLAIN && !allowPlaintext && !isLoopback(host)) {
            throw error(file, where + " sends the password unencrypted to " + host
                    + "; use security = \"tls\" or \"starttls\", or set allow_plaintext = true if you really mean it");
        }
        long timeout = t.contains("timeout_seconds") ? integer(file, where, t, "timeout_seconds", 1, 3600) : 30;
        PasswordSource password = oauth2
                ? new PasswordSource.OAuth2(OAuth2Settings.parse(file, where, name, table(file, where, t, "oauth2"),
                        dataDir, Duration.ofSeconds(timeout)))
                : passwordSource(file, where, t, privateFile);
        Path trust = null;
        if (t.contains("tls_trust_cert")) {
            // Read when the account connects, not here: an unreadable file fails that account alone (78, its own
            // sentence in fetch's and sync's list), never every command of every account (hunt 38-M, M16).
            trust = expandHome(beside(file, string(file, where, t, "tls_trust_cert")));
        }
        long whole = t.contains("fetch_whole_below")
                ? integer(file, where, t, "fetch_whole_below", 0, Long.MAX_VALUE) : 512 * 1024;
        Pop3Options pop3 = pop3Options(file, where, t, protocol);
        ImapOptions imap = imapOptions(file, where, t, protocol);
        SmtpConfig smtp = t.contains("smtp") ? smtpConfig(file, where, t) : null;
        if (oauth2 && smtp != null && smtp.security() == Security.PLAIN && !isLoopback(smtp.host())) {
            throw error(file, where.substring(0, where.length() - 1) + ".smtp] would send an OAuth2 token unencrypted to "
                    + smtp.host() + ", which allow_plaintext does not permit; use security = \"tls\" or \"starttls\"");
        }
        return new AccountConfig(name, protocol, host, port, security, user, password, trust, allowPlaintext,
                Duration.ofSeconds(timeout), whole, pop3, imap, smtp);
    }

    private static ImapOptions imapOptions(Path file, String where, TomlTable t, Protocol protocol) {
        // poll_seconds is also POP3's: how often the reader checks the maildrop (controller/MaildropPoll).
        for (String key : List.of("compress", "trash", "drafts_folder", "sync_folders")) {
            if (t.contains(key) && protocol != Protocol.IMAP) {
                throw error(file, where + " sets " + key + " but protocol = \"" + protocol.name().toLowerCase(Locale.ROOT)
                        + "\"; " + key + " is an IMAP setting, remove it");
            }
        }
        boolean compress = !t.contains("compress") || bool(file, where, t, "compress");
        int poll = t.contains("poll_seconds") ? (int) integer(file, where, t, "poll_seconds", 1, 86_400) : 0;
        String trash = t.contains("trash") ? string(file, where, t, "trash").strip() : null;
        String drafts = t.contains("drafts_folder") ? string(file, where, t, "drafts_folder").strip() : null;
        return new ImapOptions(compress, poll, trash, syncFolders(file, where, t), drafts);
    }

    /** {@code sync_folders = ["*", "!Spam"]}: a non-empty list of patterns, each checked here. */
    private static List<String> syncFolders(Path file, String where, TomlTable t) {
        if (!t.contains("sync_folders")) return List.of();
        String example = "; write e.g. sync_folders = [\"*\", \"!Spam\"] (* any names, % one level, ! leaves out,"
                + " the last matching pattern decides)";
        if (!(t.get("sync_folders") instanceof TomlArray arr) || arr.isEmpty()) {
            throw error(file, where + " sync_folders must be a non-empty list of folder patterns" + example);
        }
        List<String> patterns = new ArrayList<>();
        for (int i = 0; i < arr.size(); i++) {
            if (!(arr.get(i) instanceof String s) || s.isEmpty() || s.equals("!")) {
                throw error(file, where + " sync_folders holds " + (arr.get(i) instanceof String ? "an empty pattern"
                        : String.valueOf(arr.get(i))) + ", which is not a folder pattern" + example);
            }
            patterns.add(s);
        }
        return patterns;
    }

    /** {@code [accounts.NAME.smtp]}: the same security rules as the account's reading connection. */
    private SmtpConfig smtpConfig(Path file, String where, TomlTable t) {
        String sub = where.substring(0, where.length() - 1) + ".smtp]";
        TomlTable s = table(file, where, t, "smtp");
        unknownKeys(file, sub, s, SMTP_KEYS);
        String host = string(file, sub, s, "host");
        Security security = enumValue(file, sub, s, "security", Security.class, Security.TLS);
        int port = s.contains("port") ? (int) integer(file, sub, s, "port", 1, 65535) : SmtpConfig.defaultPort(security);
        boolean allowPlaintext = s.contains("allow_plaintext") && bool(file, sub, s, "allow_plaintext");
        if (security == Security.PLAIN && !allowPlaintext && !isLoopback(host)) {
            throw error(file, sub + " sends the password unencrypted to " + host
                    + "; use security = \"tls\" or \"starttls\", or set allow_plaintext = true if you really mean it");
        }
        String user = s.contains("user") ? string(file, sub, s, "user") : null;
        Path trust = null;
        if (s.contains("tls_trust_cert")) {
            trust = expandHome(beside(file, string(file, sub, s, "tls_trust_cert"))); // read at connect, as the account's
        }
        Duration timeout = s.contains("timeout_seconds")
                ? Duration.ofSeconds(integer(file, sub, s, "timeout_seconds", 1, 3600)) : null;
        String from = s.contains("from") ? string(file, sub, s, "from") : null;
        if (from != null && !from.contains("@")) {
            throw error(file, sub + " from = \"" + from + "\" is not a mail address; write it as \"Name <you@example.org>\"");
        }
        return new SmtpConfig(host, port, security, user, trust, allowPlaintext, timeout, from);
    }

    private static Pop3Options pop3Options(Path file, String where, TomlTable t, Protocol protocol) {
        if (!t.contains("pop3")) return Pop3Options.DEFAULTS;
        if (protocol != Protocol.POP3) {
            throw error(file, where + " has a pop3 table but protocol = \"" + protocol.name().toLowerCase(Locale.ROOT)
                    + "\"; remove the table or set protocol = \"pop3\"");
        }
        String sub = where.substring(0, where.length() - 1) + ".pop3]";
        TomlTable p = table(file, where, t, "pop3");
        unknownKeys(file, sub, p, POP3_KEYS);
        boolean keep = !p.contains("keep_on_server") || bool(file, sub, p, "keep_on_server");
        int days = p.contains("delete_after_days") ? (int) integer(file, sub, p, "delete_after_days", 1, 36500) : 0;
        if (!keep && days > 0) {
            throw error(file, sub + " sets keep_on_server = false and delete_after_days; keep_on_server = false deletes"
                    + " at once, so remove one of them");
        }
        boolean headersFirst = p.contains("headers_first") && bool(file, sub, p, "headers_first");
        long max = p.contains("max_message_bytes") ? integer(file, sub, p, "max_message_bytes", 0, Long.MAX_VALUE) : 0;
        return new Pop3Options(keep, days, headersFirst, max);
    }

    private static List<String> unifiedInbox(Path file, TomlTable toml, List<AccountConfig> accounts) {
        if (!toml.contains("unified_inbox")) return List.of();
        Object v = toml.get("unified_inbox");
        if (!(v instanceof TomlArray arr)) {
            throw error(file, "unified_inbox must be a list of account names, e.g. [\"home\", \"work\"]");
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < arr.size(); i++) {
            Object n = arr.get(i);
            if (!(n instanceof String s) || accounts.stream().noneMatch(a -> a.name().equals(s))) {
                throw error(file, "unified_inbox names " + (n instanceof String ? "'" + n + "'" : String.valueOf(n))
                        + ", which is not an account in this file; known: "
                        + String.join(", ", accounts.stream().map(AccountConfig::name).toList()));
            }
            if (!names.contains(s)) names.add(s);
        }
        return names;
    }

    /** {@code auth = "password" | "oauth2"}, checked against the password keys and the oauth2 table. */
    private static boolean oauth2(Path file, String where, TomlTable t) {
        String auth = t.contains("auth") ? string(file, where, t, "auth").toLowerCase(Locale.ROOT) : "password";
        if (!auth.equals("password") && !auth.equals("oauth2")) {
            throw error(file, where + " auth = \"" + auth + "\" is not one of password | oauth2");
        }
        boolean oauth2 = auth.equals("oauth2");
        if (!oauth2 && t.contains("oauth2")) {
            throw error(file, where + " has an oauth2 table but auth is not \"oauth2\"; set auth = \"oauth2\" or remove"
                    + " the table");
        }
        if (oauth2) {
            if (!t.contains("oauth2")) {
                throw error(file, where + " sets auth = \"oauth2\" but has no [" + where.substring(1, where.length() - 1)
                        + ".oauth2] table; add one with provider and client_id");
            }
            if (t.contains("command_timeout_seconds")) {
                throw error(file, where + " sets auth = \"oauth2\" and command_timeout_seconds; the commands of an OAuth2"
                        + " account (token_command and the others) are given timeout_seconds, so remove"
                        + " command_timeout_seconds and raise timeout_seconds if they need more time");
            }
            for (String k : List.of("password_command", "password_env", "password")) {
                if (t.contains(k)) {
                    throw error(file, where + " sets auth = \"oauth2\" and " + k + "; an OAuth2 account has no password,"
                            + " so remove " + k);
                }
            }
        }
        return oauth2;
    }

    static String stringValue(Path file, String where, TomlTable t, String key) {
        return string(file, where, t, key);
    }

    static void checkKeys(Path file, String where, TomlTable t, Set<String> known) {
        unknownKeys(file, where, t, known);
    }

    static Set<String> oauth2Keys() {
        return OAUTH2_KEYS;
    }

    private PasswordSource passwordSource(Path file, String where, TomlTable t, boolean privateFile) {
        List<String> given = new ArrayList<>();
        for (String k : List.of("password_command", "password_env", "password")) if (t.contains(k)) given.add(k);
        // No source: asked at the terminal when a connection needs it (PasswordResolver says what to set otherwise).
        if (t.contains("command_timeout_seconds") && !t.contains("password_command")) {
            throw error(file, where + " sets command_timeout_seconds but no password_command; remove it or add the command");
        }
        if (given.isEmpty()) return new PasswordSource.Prompt();
        if (given.size() > 1) {
            throw error(file, where + " sets " + String.join(" and ", given) + "; keep exactly one password source");
        }
        return switch (given.get(0)) {
            case "password_command" -> new PasswordSource.Command(string(file, where, t, "password_command"),
                    t.contains("command_timeout_seconds")
                            ? java.time.Duration.ofSeconds(integer(file, where, t, "command_timeout_seconds", 1, 3600))
                            : PasswordSource.Command.DEFAULT_TIMEOUT);
            case "password_env" -> {
                String variable = string(file, where, t, "password_env");
                dev.postern.model.SecretEnv.holds(variable); // kept from the programs run on mail
                yield new PasswordSource.Env(variable);
            }
            default -> {
                if (!privateFile) {
                    throw error(file, where + " holds a password but the file can be read by others; run `chmod 600 "
                            + file + "` or use password_command");
                }
                yield new PasswordSource.Literal(string(file, where, t, "password"));
            }
        };
    }

    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.equals("::1") || h.equals("[::1]") || h.startsWith("127.");
    }

    private static boolean isPrivate(Path file) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            return perms.stream().noneMatch(p -> p.name().startsWith("GROUP_") || p.name().startsWith("OTHERS_"));
        } catch (UnsupportedOperationException | IOException e) {
            return false;
        }
    }

    /**
     * A path the config names, relative ones taken beside the config file (not in the working directory: cron's is
     * HOME, the reader's anywhere, and each would have had its own store); "~/..." and absolute ones as they are.
     */
    static String beside(Path file, String p) {
        if (p.isEmpty() || p.equals("~") || p.startsWith("~/") || p.startsWith("/") || file == null) return p;
        Path dir = file.toAbsolutePath().getParent();
        return dir == null ? p : dir.resolve(p).normalize().toString();
    }

    private Path expandHome(String p) {
        if (p.equals("~") || p.startsWith("~/")) {
            return Path.of(env.getOrDefault("HOME", System.getProperty("user.home")) + p.substring(1));
        }
        return Path.of(p);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return all;
    }

    private static void unknownKeys(Path file, String where, TomlTable t, Set<String> known) {
        for (String key : t.keySet()) {
            if (!known.contains(key)) {
                throw error(file, where + " has an unknown key '" + key + "'; known keys are "
                        + String.join(", ", new TreeSet<>(known)));
            }
        }
    }

    private static String string(Path file, String where, TomlTable t, String key) {
        Object v = t.get(key);
        if (v == null) throw error(file, where + " needs " + key);
        if (!(v instanceof String s)) throw error(file, where + " " + key + " must be a string in quotes");
        if (s.isBlank()) throw error(file, where + " " + key + " is empty");
        return s;
    }

    static long integer(Path file, String where, TomlTable t, String key, long min, long max) {
        Object v = t.get(key);
        if (!(v instanceof Long l)) throw error(file, where + " " + key + " must be a whole number");
        if (l < min || l > max) throw error(file, where + " " + key + " must be between " + min + " and " + max);
        return l;
    }

    static boolean bool(Path file, String where, TomlTable t, String key) {
        Object v = t.get(key);
        if (!(v instanceof Boolean b)) throw error(file, where + " " + key + " must be true or false");
        return b;
    }

    private static TomlTable table(Path file, String where, TomlTable t, String key) {
        Object v = t.get(key);
        if (!(v instanceof TomlTable tt)) throw error(file, where + " " + key + " must be a table");
        return tt;
    }

    private static <E extends Enum<E>> E enumValue(Path file, String where, TomlTable t, String key, Class<E> type,
            E fallback) {
        if (!t.contains(key)) {
            if (fallback != null) return fallback;
            throw error(file, where + " needs " + key + " (" + choices(type) + ")");
        }
        String v = string(file, where, t, key);
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(v)) return e;
        }
        throw error(file, where + " " + key + " = \"" + v + "\" is not one of " + choices(type));
    }

    private static String choices(Class<? extends Enum<?>> type) {
        List<String> names = new ArrayList<>();
        for (Enum<?> e : type.getEnumConstants()) names.add(e.name().toLowerCase(Locale.ROOT));
        return String.join(" | ", names);
    }

    /** A config file that could not be read: not UTF-8 (TOML 1.0 files are), a directory, no permission. */
    private static PosternException unreadable(Path file, IOException e) {
        if (e instanceof java.nio.charset.CharacterCodingException) {
            return error(file, "is not UTF-8 text (TOML files are UTF-8); save it as UTF-8");
        }
        return error(file, "cannot be read (" + dev.postern.model.ReadFailure.why(e) + ")");
    }

    /** The parsed file behind {@code config}: the one {@link #load} kept, or (for a Config made in code) read again. */
    static TomlTable document(Config config) {
        if (config.document() != null) return config.document();
        Path file = config.source();
        String text;
        try {
            text = dev.postern.config.toml.TomlFile.read(file); // a regular file of at most 1 MiB
        } catch (IOException e) {
            throw unreadable(file, e);
        }
        return parse(file, text);
    }

    private static TomlTable parse(Path file, String text) {
        TomlParseResult parsed = Toml.parse(text);
        if (parsed.hasErrors()) {
            TomlParseError first = parsed.errors().get(0);
            throw error(file, "line " + first.position().line() + ", column " + first.position().column() + ": "
                    + first.getMessage());
        }
        return parsed.table();
    }

    static PosternException error(Path file, String sentence) {
        return new PosternException(ExitCode.CONFIG, "config " + file + ": " + shortened(sentence) + ".");
    }

    /** A quoted value this long (a pasted key, a string left open to the file's end) is shown by its start. */
    private static final java.util.regex.Pattern LONG_VALUE = java.util.regex.Pattern.compile("\"([^\"]{200,})\"");

    /** {@code sentence} with each quoted value of 200 characters or more cut to its first 60 and its length. */
    static String shortened(String sentence) {
        java.util.regex.Matcher m = LONG_VALUE.matcher(sentence);
        if (!m.find()) return sentence;
        StringBuilder b = new StringBuilder();
        do {
            String v = m.group(1);
            m.appendReplacement(b, java.util.regex.Matcher.quoteReplacement("\"" + v.substring(0, 60) + "...\" ("
                    + v.length() + " characters)"));
        } while (m.find());
        return m.appendTail(b).toString();
    }
}
