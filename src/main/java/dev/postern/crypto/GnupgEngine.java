package dev.postern.crypto;

import dev.postern.render.CryptoEngine;
import dev.postern.render.Sanitizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The user's GnuPG as the renderer's {@link CryptoEngine}: {@code gpg} for OpenPGP, {@code gpgsm} for S/MIME,
 * through their machine interface ({@code --batch --status-fd}, {@code --with-colons}), as mutt's GPGME and
 * aerc's gpg provider do. The user's keyring, trust and agent (pinentry, smartcards) are authoritative:
 * nothing here holds a key. Every run has a deadline and an output cap; nothing throws.
 */
public final class GnupgEngine implements CryptoEngine {
    /** Verifying needs no passphrase: a short deadline. */
    static final Duration VERIFY_DEADLINE = Duration.ofSeconds(30);
    /** Decrypting may wait for the user at a pinentry. */
    static final Duration DECRYPT_DEADLINE = Duration.ofSeconds(120);
    /** Decrypted content larger than this is not shown (a message is rarely a tenth of it). */
    static final int MAX_OUTPUT = 64 << 20;
    /** Input larger than this is not handed to gpg at all. */
    static final int MAX_INPUT = 64 << 20;

    private final String gpg;
    private final String gpgsm;
    private final Map<String, String> env;
    /** Whether gpg-agent may start a pinentry for a passphrase (false: it must not, see {@link #withoutPinentry}). */
    private final boolean pinentry;

    public GnupgEngine() {
        this("gpg", "gpgsm", Map.of());
    }

    /** @param env extra environment for every run (tests set GNUPGHOME); the process's own is inherited */
    public GnupgEngine(String gpg, String gpgsm, Map<String, String> env) {
        this(gpg, gpgsm, env, true);
    }

    private GnupgEngine(String gpg, String gpgsm, Map<String, String> env, boolean pinentry) {
        this.gpg = gpg;
        this.gpgsm = gpgsm;
        this.env = Map.copyOf(env);
        this.pinentry = pinentry;
    }

    /**
     * This engine for a process that holds a terminal in raw mode or serves others (the reader, the shell, the
     * daemon): gpg runs with {@code --pinentry-mode error} and without GPG_TTY, so gpg-agent never starts a
     * pinentry (pinentry-curses would take the reader's terminal and its keys, and stay there after gpg's
     * deadline). A passphrase the agent holds is still used; a key that needs one fails at once, saying how to
     * unlock it (hunt34-B B4).
     */
    /** Whether gpg-agent may start a pinentry for this engine's runs ({@link #withoutPinentry} says not). */
    boolean asks() {
        return pinentry;
    }

    /**
     * Why a run that needed a secret key's passphrase got none: gpg's {@code FAILURE} or {@code ERROR} status line
     * for it carries gpg-agent's code (no pinentry could start, or the person cancelled it). Null when the run
     * failed otherwise. {@code from}: the signing address, for the sentence's unlock command.
     */
    static String passphraseFailure(GpgProcess.Result r, Kind kind, String from, boolean pinentry) {
        int code = -1;
        for (String line : r.status()) {
            String[] f = line.split(" ");
            if (f.length > 2 && (f[0].equals("FAILURE") || f[0].equals("ERROR"))) {
                int c = code(f[2]);
                if (c == CANCELED || NOT_ASKED.contains(c)) {
                    code = c;
                    break;
                }
            }
        }
        if (code < 0) return null;
        String what = "the secret key needs its passphrase";
        if (code == CANCELED) return what + " and it was not given (the pinentry was cancelled)";
        if (!pinentry) {
            String tool = kind == Kind.PGP ? "gpg" : "gpgsm";
            return what + ", and a postern that serves others (the reader, the shell, a daemon) does not let gpg-agent start"
                    + " a pinentry (it would take a terminal's keys); unlock the key once at a shell (echo | " + tool
                    + " --sign --local-user " + from + " > /dev/null), then send again";
        }
        return what + NOT_ASKED_HINT;
    }

    public GnupgEngine withoutPinentry() {
        Map<String, String> e = new java.util.HashMap<>(env);
        e.remove("GPG_TTY");
        return new GnupgEngine(gpg, gpgsm, e, false);
    }

    /**
     * The engine for postern's environment: GnuPG's own variables (GNUPGHOME, GPG_TTY, GPG_AGENT_INFO) from the
     * environment postern was given, so a config-driven run and gpg agree on the keyring.
     */
    public static GnupgEngine forEnvironment(Map<String, String> env) {
        Map<String, String> pass = new java.util.HashMap<>();
        for (String name : List.of("GNUPGHOME", "GPG_TTY", "GPG_AGENT_INFO")) {
            String v = env.get(name);
            if (v != null) pass.put(name, v);
        }
        return new GnupgEngine("gpg", "gpgsm", pass);
    }

    private String program(Kind kind) {
        return kind == Kind.PGP ? gpg : gpgsm;
    }

    private List<String> base(Kind kind) {
        List<String> argv = new ArrayList<>(List.of(program(kind), "--batch", "--no-tty", "--status-fd", "2"));
        if (kind == Kind.PGP) argv.addAll(List.of("--no-auto-key-retrieve", "--no-auto-key-locate"));
        if (!pinentry) argv.addAll(List.of("--pinentry-mode", "error"));
        return argv;
    }

    GpgProcess.Result run(Kind kind, List<String> args, byte[] stdin, Duration deadline) {
        List<String> argv = base(kind);
        argv.addAll(args);
        return GpgProcess.run(argv, stdin, deadline, MAX_OUTPUT, env, pinentry ? List.of() : List.of("GPG_TTY"));
    }

    @Override
    public Signature verifyDetached(Kind kind, byte[] data, byte[] signature) {
        if (data.length > MAX_INPUT || signature.length > MAX_INPUT) return Signature.error("too large to check");
        if (signature.length == 0) return Signature.error("the signature part is empty");
        Path dir = null;
        try {
            dir = Files.createTempDirectory(dev.postern.model.PrivateTemp.root(), "postern-sig", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            Path sig = dir.resolve("signature");
            Files.write(sig, signature);
            GpgProcess.Result r = run(kind, List.of("--verify", sig.toString(), "-"), data, VERIFY_DEADLINE);
            return signature(kind, r);
        } catch (IOException e) {
            return Signature.error("could not write a temporary file for gpg (" + e.getMessage() + ")");
        } finally {
            deleteQuietly(dir);
        }
    }

    @Override
    public Opened decrypt(Kind kind, byte[] data) {
        if (data.length > MAX_INPUT) return Opened.failed(List.of(), "too large to decrypt");
        GpgProcess.Result r = run(kind, List.of("--decrypt"), data, DECRYPT_DEADLINE);
        List<String> to = recipients(kind, r);
        if (!r.failure().isEmpty()) return Opened.failed(to, r.failure());
        boolean wasEncrypted = !to.isEmpty() || r.has("BEGIN_DECRYPTION") || r.has("DECRYPTION_FAILED") || r.has("NO_SECKEY");
        if (!wasEncrypted && hasSignature(r)) {
            // An armored message that was signed, not encrypted: shown as signed, with what was signed.
            byte[] content = r.out();
            return new Opened(content.length > 0, false, content.length > 0 ? content : null, List.of(), signature(kind, r), "");
        }
        boolean ok = r.has("DECRYPTION_OKAY") && !r.has("DECRYPTION_FAILED");
        if (kind == Kind.PGP) {
            // Without integrity protection a ciphertext can be changed to leak its plaintext (EFAIL): gpg says
            // DECRYPTION_FAILED for it, and a message that neither checks its MDC nor uses AEAD is not shown.
            ok &= !r.has("BADMDC") && (r.has("GOODMDC") || aead(r));
        }
        if (!ok) return Opened.failed(to, decryptFailure(kind, r, pinentry));
        Signature sig = hasSignature(r) ? signature(kind, r) : null;
        return new Opened(true, true, r.out(), to, sig, "");
    }

    private static boolean aead(GpgProcess.Result r) {
        String[] info = r.first("DECRYPTION_INFO");
        return info != null && info.length > 3 && !info[3].equals("0");
    }

    @Override
    public Opened openSigned(Kind kind, byte[] data) {
        if (data.length > MAX_INPUT) return Opened.failed(List.of(), "too large to check");
        GpgProcess.Result r = kind == Kind.PGP
                ? run(kind, List.of("--decrypt"), data, VERIFY_DEADLINE)
                : run(kind, List.of("--output", "-", "--verify", "-"), data, VERIFY_DEADLINE);
        if (!r.failure().isEmpty()) return Opened.failed(List.of(), r.failure());
        if (!hasSignature(r)) return Opened.failed(List.of(), "no signature found" + why(r));
        Signature sig = signature(kind, r);
        byte[] content = r.out();
        // A BAD signature's text is still shown (marked BAD); when gpg wrote nothing the caller shows the armor.
        return new Opened(content.length > 0, false, content.length > 0 ? content : null, List.of(), sig, "");
    }

    private static boolean hasSignature(GpgProcess.Result r) {
        return r.has("GOODSIG") || r.has("BADSIG") || r.has("ERRSIG") || r.has("EXPSIG") || r.has("EXPKEYSIG")
                || r.has("REVKEYSIG");
    }

    /** The signature status from gpg's or gpgsm's status lines; with several signatures, the worst one. */
    Signature signature(Kind kind, GpgProcess.Result r) {
        if (!r.failure().isEmpty()) return Signature.error(r.failure());
        List<Signature> found = new ArrayList<>();
        Status status = null;
        String signer = "";
        String key = "";
        String validity = "";
        String detail = "";
        for (String line : r.status()) {
            String[] f = line.split(" ", 3);
            String kw = f[0];
            switch (kw) {
                case "NEWSIG" -> {
                    if (status != null) found.add(finish(kind, status, signer, key, validity, detail));
                    status = null;
                    signer = key = validity = detail = "";
                }
                case "GOODSIG", "EXPSIG", "EXPKEYSIG", "REVKEYSIG", "BADSIG" -> {
                    status = switch (kw) {
                        case "GOODSIG" -> Status.GOOD;
                        case "EXPSIG" -> Status.EXPIRED_SIGNATURE;
                        case "EXPKEYSIG" -> Status.EXPIRED_KEY;
                        case "REVKEYSIG" -> Status.REVOKED_KEY;
                        default -> Status.BAD;
                    };
                    if (f.length > 1 && key.isEmpty()) key = f[1];
                    if (f.length > 2) signer = GpgProcess.unescape(f[2]);
                }
                case "ERRSIG" -> {
                    String[] a = line.split(" ");
                    String rc = a.length > 6 ? a[6] : "";
                    status = rc.equals("9") ? Status.UNKNOWN_KEY : Status.ERROR;
                    key = a.length > 7 && !a[7].equals("-") ? a[7] : a.length > 1 ? a[1] : "";
                    detail = rc.equals("9") ? "the key is not in your keyring" : rc.equals("4")
                            ? "unsupported algorithm" : "gpg could not check it (error " + rc + ")";
                }
                case "VALIDSIG" -> {
                    String[] a = line.split(" ");
                    // The primary key's fingerprint (field 10) names the key; a subkey's is in field 1.
                    key = a.length > 10 ? a[10] : a.length > 1 ? a[1] : key;
                    if (status == null) status = Status.GOOD; // gpgsm may report VALIDSIG before its GOODSIG
                }
                case "TRUST_UNDEFINED" -> validity = "unknown";
                case "TRUST_NEVER" -> validity = "never";
                case "TRUST_MARGINAL" -> validity = "marginal";
                case "TRUST_FULLY" -> validity = "full";
                case "TRUST_ULTIMATE" -> validity = "ultimate";
                default -> { }
            }
        }
        if (status != null) found.add(finish(kind, status, signer, key, validity, detail));
        // GOOD needs both GOODSIG and VALIDSIG (as GPGME's "valid"): a GOODSIG alone is not enough.
        if (found.isEmpty()) return Signature.error("no signature found" + why(r));
        Signature worst = found.get(0);
        for (Signature s : found) if (s.status().ordinal() < worst.status().ordinal()) worst = s;
        if (worst.status() == Status.GOOD && !r.has("VALIDSIG")) {
            return new Signature(Status.ERROR, worst.signer(), worst.key(), "", List.of(), "gpg gave no VALIDSIG");
        }
        // S/MIME: the certificate chain is the signer's identity; without a trusted chain (gpgsm says TRUST_FULLY
        // for one) anybody's self-made certificate would read as "good". PGP: a key the user marked "never".
        boolean trusted = kind == Kind.SMIME ? worst.validity().equals("full") || worst.validity().equals("ultimate")
                : !worst.validity().equals("never");
        if (worst.status() == Status.GOOD && !trusted) {
            return new Signature(Status.UNTRUSTED, worst.signer(), worst.key(), worst.validity(), worst.addresses(),
                    kind == Kind.SMIME ? "the certificate does not chain to a trusted root" : "you marked this key as never to be trusted");
        }
        return worst;
    }

    private Signature finish(Kind kind, Status status, String signer, String key, String validity, String detail) {
        List<String> addresses = List.of();
        if (status != Status.BAD && status != Status.UNKNOWN_KEY && status != Status.ERROR && !key.isEmpty()) {
            addresses = addressesOf(kind, key);
        }
        if (kind == Kind.SMIME && signer.startsWith("/")) signer = signer.substring(1).replace('/', ',');
        return new Signature(status, signer, key, validity, addresses, detail);
    }


    /** Every mail address on the key (its user ids) or certificate (subject and alternative names), lower case. */
    List<String> addressesOf(Kind kind, String key) {
        GpgProcess.Result r = run(kind, List.of("--with-colons", "--list-keys", "--", key), null, VERIFY_DEADLINE);
        Set<String> out = new LinkedHashSet<>();
        for (String line : new String(r.out(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
            if (!line.startsWith("uid:")) continue;
            String[] f = line.split(":", -1);
            if (f.length < 10) continue;
            String uid = colonUnescape(f[9]);
            if (kind == Kind.SMIME && uid.contains("=#")) uid = hexAttributes(uid);
            for (String a : dev.postern.model.AddressScan.dotAtoms(uid)) out.add(a.toLowerCase(Locale.ROOT));
        }
        return List.copyOf(out);
    }

    /** gpgsm writes an emailAddress attribute as {@code 1.2.840.113549.1.9.1=#HEX}: the hex is the address. */
    private static String hexAttributes(String dn) {
        Matcher m = Pattern.compile("=#([0-9A-Fa-f]+)").matcher(dn);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String hex = m.group(1);
            byte[] b = new byte[hex.length() / 2];
            for (int i = 0; i < b.length; i++) b[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
            m.appendReplacement(sb, Matcher.quoteReplacement("=" + new String(b, java.nio.charset.StandardCharsets.UTF_8)));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** --with-colons escapes ':' and control characters as \xNN. */
    static String colonUnescape(String s) {
        if (s.indexOf('\\') < 0) return s;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\\' && i + 3 < b.length && b[i + 1] == 'x') {
                try {
                    out.write(Integer.parseInt(new String(b, i + 2, 2, java.nio.charset.StandardCharsets.US_ASCII), 16));
                    i += 3;
                    continue;
                } catch (NumberFormatException e) {
                    // not an escape: kept as it is
                }
            }
            out.write(b[i]);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The keys a message was encrypted to (ENC_TO), each with the user id the keyring knows for it. */
    private List<String> recipients(Kind kind, GpgProcess.Result r) {
        List<String> ids = new ArrayList<>();
        for (String line : r.status()) {
            if (line.startsWith("ENC_TO ")) {
                String[] f = line.split(" ");
                if (f.length > 1 && !ids.contains(f[1])) ids.add(f[1]);
            }
        }
        if (ids.isEmpty()) return List.of();
        Map<String, String> names = names(kind, ids);
        List<String> out = new ArrayList<>();
        for (String id : ids) {
            if (id.matches("0+")) {
                out.add("a hidden recipient");
                continue;
            }
            String name = names.get(id.toUpperCase(Locale.ROOT));
            out.add(name == null ? id : id + " (" + name + ")");
        }
        return out;
    }

    /** Key id (long, upper case) of each key and subkey listed to its first user id. */
    private Map<String, String> names(Kind kind, List<String> ids) {
        List<String> args = new ArrayList<>(List.of("--with-colons", "--list-keys", "--"));
        for (String id : ids) if (!id.matches("0+")) args.add(id);
        Map<String, String> out = new LinkedHashMap<>();
        if (args.size() == 3) return out;
        GpgProcess.Result r = run(kind, args, null, VERIFY_DEADLINE);
        List<String> keyIds = new ArrayList<>();
        String uid = null;
        for (String line : new String(r.out(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
            String[] f = line.split(":", -1);
            if (f.length < 10) continue;
            switch (f[0]) {
                case "pub", "crt", "crs" -> {
                    flush(out, keyIds, uid);
                    keyIds.clear();
                    uid = null;
                    keyIds.add(f[4].toUpperCase(Locale.ROOT));
                }
                case "sub", "ssb" -> keyIds.add(f[4].toUpperCase(Locale.ROOT));
                case "uid" -> {
                    String u = colonUnescape(f[9]);
                    if (kind == Kind.SMIME && u.contains("=#")) u = hexAttributes(u);
                    if (uid == null || (kind == Kind.SMIME && uid.startsWith("1.2.840") && u.startsWith("<"))) uid = u;
                }
                default -> { }
            }
        }
        flush(out, keyIds, uid);
        return out;
    }

    private static void flush(Map<String, String> out, List<String> keyIds, String uid) {
        if (uid == null) return;
        for (String k : keyIds) out.put(k, uid);
    }

    /**
     * gpg-agent could not ask for a passphrase: no pinentry (85: also {@code --pinentry-mode error}), no terminal
     * for it (ENOTTY, a system error: 0x8000 | 25).
     */
    private static final Set<Integer> NOT_ASKED = Set.of(85, 0x8000 | 25);
    /** The person cancelled the pinentry (99). */
    private static final int CANCELED = 99;

    /** The gpg-error code (its low 16 bits) of the first {@code ERROR} status line for {@code what}, or -1. */
    private static int errorCode(GpgProcess.Result r, String what) {
        for (String line : r.status()) {
            String[] f = line.split(" ");
            if (f.length > 2 && f[0].equals("ERROR") && f[1].equals(what)) return code(f[2]);
        }
        return -1;
    }

    /** The gpg-error code (low 16 bits) of a status line's number, or -1 when it is not one. */
    private static int code(String number) {
        try {
            return (int) (Long.parseLong(number) & 0xFFFF);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** What follows "the key needs its passphrase" when gpg-agent could start no pinentry where one is allowed. */
    private static final String NOT_ASKED_HINT =
            " and gpg could not ask for it (no pinentry could start: set GPG_TTY, or unlock the key in gpg-agent first)";

    static String decryptFailure(Kind kind, GpgProcess.Result r, boolean pinentry) {
        boolean password = errorCode(r, "get_passphrase") >= 0 || r.has("NEED_PASSPHRASE_SYM");
        int code = password ? errorCode(r, "get_passphrase") : errorCode(r, "pkdecrypt_failed");
        String what = password ? "it is encrypted with a password, not to a key," : "the key needs its passphrase";
        if (code == CANCELED) return what + " and it was not given (the pinentry was cancelled)";
        if (NOT_ASKED.contains(code)) {
            if (!pinentry) {
                return what + " and the reader does not start a pinentry on its own terminal; decrypt it once at a shell"
                        + " (postern read --raw FOLDER UID | gpg --decrypt > /dev/null), then open it again";
            }
            return what + NOT_ASKED_HINT;
        }
        List<String> noKey = new ArrayList<>();
        for (String line : r.status()) {
            if (line.startsWith("NO_SECKEY ")) noKey.add(line.substring("NO_SECKEY ".length()).strip());
        }
        if (!noKey.isEmpty() && !r.has("DECRYPTION_OKAY")) return "no secret key for " + String.join(", ", noKey);
        if (r.has("BADMDC")) return "the message was changed in transit (integrity check failed)";
        if (r.has("DECRYPTION_OKAY")) return "the message has no integrity protection (possible EFAIL attack)";
        if (r.has("NODATA")) return "no encrypted data found (malformed armor)";
        return (kind == Kind.PGP ? "gpg" : "gpgsm") + " could not decrypt it" + why(r);
    }

    /** gpg's own first line of complaint, shortened, for a failure without a status line that says more. */
    /**
     * The reason gpg/gpgsm gave, from its log: the first line that is neither a warning nor one of its notices of what
     * it set up in a fresh home (directory '...' created, keybox '...' created, trustdb created), which the first
     * check of a session showed as the reason (hunt 33-Z, Z13).
     */
    static String why(GpgProcess.Result r) {
        if (r.has("NODATA")) return " (no OpenPGP data: malformed or empty)";
        String first = null;
        String failed = null;
        for (String l : r.log()) {
            // gpg's own words, but a broken or wrapped gpg may print anything: one sanitised line (hunt34-B B8), and
            // the line that says what failed rather than what gpg saw first ("encrypted with ... key", B9).
            String t = Sanitizer.oneLine(l).replaceFirst("^gpg(sm)?: ", "").replaceFirst("^DBG: ", "").strip();
            if (t.isEmpty() || t.startsWith("WARNING") || t.contains("not checked due to") || SET_UP.matcher(t).matches()) continue;
            if (first == null) first = t;
            if (failed == null && t.contains("failed: ")) failed = t;
        }
        String t = failed != null ? failed : first;
        if (t == null) return "";
        return " (" + (t.length() > 120 ? t.substring(0, 120) + "..." : t) + ")";
    }

    private static final java.util.regex.Pattern SET_UP =
            java.util.regex.Pattern.compile("(?:(?:directory|keybox) '.*' created|.*: trustdb created)");

    private static void deleteQuietly(Path dir) {
        if (dir == null) return;
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) Files.deleteIfExists(f);
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a signature left in a private temporary directory is no secret
        }
    }
}
