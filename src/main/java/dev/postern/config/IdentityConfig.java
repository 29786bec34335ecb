package dev.postern.config;

import dev.postern.config.toml.TomlArray;
import dev.postern.config.toml.TomlTable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The addresses an account sends from, and their signatures: {@code [[accounts.NAME.identities]]} tables (name,
 * address, aliases, signature_file or signature_command, sent_folder, pgp_sign, pgp_encrypt), and
 * {@code signature_file}, {@code signature_command}, {@code sig_on_top} at the top level (every account) or in an
 * account's table. The account's first identity is the {@code from} of its {@code [accounts.NAME.smtp]} table when
 * it has one (with the account's signature), then the identity tables in the order of the file.
 */
public record IdentityConfig(Map<String, Account> accounts) {
    public static final Set<String> TOP_KEYS = Set.of("signature_file", "signature_command", "sig_on_top");
    public static final Set<String> ACCOUNT_KEYS = Set.of("identities", "signature_file", "signature_command",
            "sig_on_top", "sent_folder", "save_sent");
    public static final Set<String> IDENTITY_KEYS = Set.of("name", "address", "aliases", "signature_file",
            "signature_command", "sent_folder", "pgp_sign", "pgp_encrypt");

    /**
     * A signature: a file's text ({@code file} as written, ~/ expanded when read), or what a command prints;
     * {@link #NONE} when neither is set.
     */
    public record Signature(String file, String command) {
        public static final Signature NONE = new Signature(null, null);

        public boolean none() {
            return file == null && command == null;
        }
    }

    /**
     * One From identity.
     *
     * @param name       the display name, or null
     * @param aliases    glob patterns (* any characters) of other addresses that reach this identity
     * @param sentFolder where copies of mail sent as this identity go, or null for the account's Sent folder
     * @param sign       sign by default as this identity, or null for the account's pgp_sign
     * @param encrypt    pgp_encrypt of this identity, or null for the account's
     */
    public record Identity(String name, String address, List<String> aliases, Signature signature, String sentFolder,
            Boolean sign, CryptoConfig.Encrypt encrypt) {
        public Identity {
            aliases = aliases == null ? List.of() : List.copyOf(aliases);
            signature = signature == null ? Signature.NONE : signature;
        }

        /** "Name &lt;address&gt;" (the name quoted when it needs to be), or the bare address. */
        public String from() {
            if (name == null || name.isBlank()) return address;
            boolean plain = name.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == ' ' || c == '-' || c == '\''
                    || c == '!' || c == '#' || c == '$' || c == '%' || c == '&' || c == '*' || c == '+' || c == '/'
                    || c == '=' || c == '?' || c == '^' || c == '_' || c == '`' || c == '{' || c == '|' || c == '}' || c == '~');
            String shown = plain ? name : "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
            return shown + " <" + address + ">";
        }

        /** Whether a bare address (any case) is this identity's address or matches one of its aliases. */
        public boolean matches(String bare) {
            if (bare == null) return false;
            String b = bare.strip().toLowerCase(Locale.ROOT);
            if (b.equals(address.toLowerCase(Locale.ROOT))) return true;
            for (String a : aliases) if (glob(a).matcher(b).matches()) return true;
            return false;
        }

        /** This identity's crypto defaults laid over the account's. */
        public CryptoConfig.Policy policy(CryptoConfig.Policy account) {
            return new CryptoConfig.Policy(sign != null ? sign : account.sign(), encrypt != null ? encrypt : account.encrypt(),
                    account.protocol(), account.replyEncrypt());
        }

        private static Pattern glob(String pattern) {
            StringBuilder re = new StringBuilder();
            for (char c : pattern.toLowerCase(Locale.ROOT).toCharArray()) {
                if (c == '*') re.append(".*");
                else re.append(Pattern.quote(String.valueOf(c)));
            }
            return Pattern.compile(re.toString());
        }
    }

    /**
     * An account's identities (the default first), and where its signatures and Sent copies go.
     *
     * @param saveSent save_sent: TRUE always copies sent mail to Sent, FALSE never, null ("auto", the default) unless
     *                 the server files sent mail itself ({@link #serverFilesSent})
     */
    public record Account(List<Identity> identities, boolean sigOnTop, String sentFolder, Boolean saveSent) {
        public Account {
            identities = List.copyOf(identities);
        }

        public Account(List<Identity> identities, boolean sigOnTop, String sentFolder) {
            this(identities, sigOnTop, sentFolder, null);
        }

        /** The identity new mail is from, or null when the account has none. */
        public Identity first() {
            return identities.isEmpty() ? null : identities.get(0);
        }

        /** The first identity one of {@code recipients} (bare or "Name &lt;a@b&gt;") was sent to, else null. */
        public Identity addressedBy(Collection<String> recipients) {
            for (String r : recipients) {
                String bare = bare(r);
                for (Identity i : identities) if (i.matches(bare)) return i;
            }
            return null;
        }

        /** The identity whose address, name or From line is {@code choice} (any case), else null. */
        public Identity named(String choice) {
            if (choice == null) return null;
            String c = choice.strip();
            for (Identity i : identities) {
                if (i.address().equalsIgnoreCase(c) || i.address().equalsIgnoreCase(bare(c))
                        || (i.name() != null && i.name().equalsIgnoreCase(c))) return i;
            }
            return null;
        }

        /** Where a copy of mail sent from {@code envelopeFrom} goes: its identity's sent_folder, the account's, or null. */
        public String sentFolderFor(String envelopeFrom) {
            Identity i = named(envelopeFrom);
            if (i != null && i.sentFolder() != null) return i.sentFolder();
            return sentFolder;
        }
    }

    /**
     * SMTP hosts that put a copy of what they send into the Sent folder themselves (Gmail; Microsoft 365 and
     * Outlook.com for SMTP AUTH submissions): with save_sent = "auto" postern leaves its own copy out there.
     */
    private static final Set<String> FILING_HOSTS = Set.of("smtp.gmail.com", "smtp.googlemail.com",
            "smtp.office365.com", "smtp-mail.outlook.com");

    /** Whether the SMTP server {@code smtpHost} files sent mail in Sent itself. */
    public static boolean serverFilesSent(String smtpHost) {
        if (smtpHost == null) return false;
        String h = smtpHost.strip().toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) h = h.substring(0, h.length() - 1);
        return FILING_HOSTS.contains(h);
    }

    private static final TomlTable EMPTY = dev.postern.config.toml.Toml.parse("").table();

    public IdentityConfig {
        accounts = Map.copyOf(accounts);
    }

    public Account account(String name) {
        return accounts.getOrDefault(name, new Account(List.of(), false, null));
    }

    public static IdentityConfig load(Config config) {
        return parse(config.source(), ConfigLoader.document(config), config.accounts());
    }

    static IdentityConfig parse(Path file, TomlTable toml, List<AccountConfig> list) {
        Signature topSig = signature(file, "the top level", toml, Signature.NONE);
        boolean topOnTop = toml.contains("sig_on_top") && ConfigLoader.bool(file, "the top level", toml, "sig_on_top");
        Map<String, Account> out = new LinkedHashMap<>();
        TomlTable accounts = toml.get("accounts") instanceof TomlTable t ? t : null;
        for (AccountConfig a : list) {
            String where = "[accounts." + dev.postern.model.Names.tomlKey(a.name()) + "]";
            TomlTable t = accounts != null && accounts.get(a.name()) instanceof TomlTable at ? at : EMPTY;
            Signature sig = signature(file, where, t, topSig);
            boolean onTop = t.contains("sig_on_top") ? ConfigLoader.bool(file, where, t, "sig_on_top") : topOnTop;
            String sent = t.contains("sent_folder") ? ConfigLoader.stringValue(file, where, t, "sent_folder").strip() : null;
            Boolean saveSent = saveSent(file, where, t);
            List<Identity> ids = new ArrayList<>();
            String from = a.smtp() != null ? a.smtp().fromAddress(a) : null;
            if (from != null) {
                String[] parts = split(from);
                ids.add(new Identity(parts[0], parts[1], List.of(), sig, null, null, null));
            }
            if (t.contains("identities")) {
                String sub = "[[accounts." + dev.postern.model.Names.tomlKey(a.name()) + ".identities]]";
                if (!(t.get("identities") instanceof TomlArray arr)) {
                    throw ConfigLoader.error(file, where + " identities must be written as " + sub + " tables");
                }
                for (int n = 0; n < arr.size(); n++) {
                    if (!(arr.get(n) instanceof TomlTable it)) {
                        throw ConfigLoader.error(file, where + " identities must be written as " + sub + " tables");
                    }
                    Identity i = identity(file, sub + " #" + (n + 1), it, sig);
                    ids.removeIf(old -> old.address().equalsIgnoreCase(i.address())); // the table says more than from
                    ids.add(i);
                }
            }
            out.put(a.name(), new Account(ids, onTop, sent, saveSent));
        }
        return new IdentityConfig(out);
    }

    /** save_sent = true, false or "auto" (null, also when not set). */
    private static Boolean saveSent(Path file, String where, TomlTable t) {
        Object v = t.get("save_sent");
        if (v == null || "auto".equals(v)) return null;
        if (v instanceof Boolean b) return b;
        throw ConfigLoader.error(file, where + " save_sent must be true, false or \"auto\" (the default: no copy in"
                + " Sent when the SMTP server files one itself, as Gmail and Microsoft 365 do)");
    }

    private static Identity identity(Path file, String where, TomlTable t, Signature inherited) {
        ConfigLoader.checkKeys(file, where, t, IDENTITY_KEYS);
        String address = ConfigLoader.stringValue(file, where, t, "address").strip();
        if (!address.matches("[^@\\s<>]+@[^@\\s<>]+")) {
            throw ConfigLoader.error(file, where + " address = \"" + address + "\" is not a bare mail address; write e.g."
                    + " address = \"you@example.org\" and the display name as name = \"...\"");
        }
        String name = t.contains("name") ? ConfigLoader.stringValue(file, where, t, "name").strip() : null;
        List<String> aliases = new ArrayList<>();
        if (t.contains("aliases")) {
            if (!(t.get("aliases") instanceof TomlArray arr)) {
                throw ConfigLoader.error(file, where + " aliases must be a list of address patterns, e.g. [\"me+*@example.org\"]");
            }
            for (int i = 0; i < arr.size(); i++) {
                if (!(arr.get(i) instanceof String s) || s.isBlank()) {
                    throw ConfigLoader.error(file, where + " aliases must hold address patterns in quotes");
                }
                aliases.add(s.strip());
            }
        }
        Signature sig = signature(file, where, t, inherited);
        String sent = t.contains("sent_folder") ? ConfigLoader.stringValue(file, where, t, "sent_folder").strip() : null;
        Boolean sign = t.contains("pgp_sign") ? ConfigLoader.bool(file, where, t, "pgp_sign") : null;
        CryptoConfig.Encrypt encrypt = null;
        if (t.contains("pgp_encrypt")) {
            encrypt = CryptoConfig.policyOf(file, where, t, CryptoConfig.Policy.NONE).encrypt();
        }
        return new Identity(name, address, aliases, sig, sent, sign, encrypt);
    }

    private static Signature signature(Path file, String where, TomlTable t, Signature inherited) {
        boolean f = t.contains("signature_file");
        boolean c = t.contains("signature_command");
        if (f && c) {
            throw ConfigLoader.error(file, where + " sets signature_file and signature_command; keep one of them");
        }
        if (f) return new Signature(ConfigLoader.beside(file, ConfigLoader.stringValue(file, where, t, "signature_file")), null);
        if (c) return new Signature(null, ConfigLoader.stringValue(file, where, t, "signature_command"));
        return inherited;
    }

    /** "Name &lt;a@b&gt;" to {name or null, a@b}. */
    static String[] split(String from) {
        String s = from.strip();
        int lt = s.lastIndexOf('<');
        int gt = s.lastIndexOf('>');
        if (lt >= 0 && gt > lt) {
            String name = s.substring(0, lt).strip();
            if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
                name = name.substring(1, name.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
            }
            return new String[] {name.isEmpty() ? null : name, s.substring(lt + 1, gt).strip()};
        }
        return new String[] {null, s};
    }

    /** The bare, lower-case address of "Name &lt;a@b&gt;" or "a@b". */
    public static String bare(String address) {
        return split(address)[1].toLowerCase(Locale.ROOT);
    }
}
