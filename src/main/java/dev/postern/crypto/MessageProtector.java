package dev.postern.crypto;

import dev.postern.compose.Built;
import dev.postern.config.CryptoConfig;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.render.CryptoEngine.Kind;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Signs and encrypts an outgoing message with the user's GnuPG: PGP/MIME (RFC 3156) multipart/signed and
 * multipart/encrypted through gpg, S/MIME (RFC 8551) multipart/signed and application/pkcs7-mime through gpgsm.
 * The signing key is the one for the From address; the sender is always a recipient, so the Sent copy stays
 * readable. Encrypted, each Bcc recipient gets a copy of their own, encrypted to their key and the sender's (see
 * {@link Built#separately()}): neither OpenPGP's hidden recipients (which still show that someone was hidden, and
 * make every reader try each of their keys) nor S/MIME (which has no hidden recipients) keeps a Bcc from To and Cc.
 * Encryption needs a usable key for every recipient and names those that have none.
 */
public final class MessageProtector {
    /** Signing may wait for the user at a pinentry. */
    static final Duration DEADLINE = Duration.ofSeconds(120);

    /**
     * @param sign    sign the message
     * @param encrypt NEVER, IF_POSSIBLE (only when every recipient has a key) or ALWAYS (refuse without)
     */
    public record Request(boolean sign, CryptoConfig.Encrypt encrypt, Kind kind) {
        public boolean anything() {
            return sign || encrypt != CryptoConfig.Encrypt.NEVER;
        }
    }

    /** The message as it goes out, what was done to it, and what the user should hear (a key missing ...). */
    public record Outcome(Built message, boolean signed, boolean encrypted, List<String> notes) {}

    private final GnupgEngine gpg;
    private final SecureRandom random = new SecureRandom();

    public MessageProtector(GnupgEngine gpg) {
        this.gpg = gpg;
    }

    public Outcome protect(Built m, Request req) {
        if (!req.anything()) return new Outcome(m, false, false, List.of());
        Split s = Split.of(m.raw());
        String from = m.envelopeFrom().toLowerCase(Locale.ROOT);
        List<String> notes = new ArrayList<>();
        boolean encrypt = false;
        java.util.Map<String, String> keys = java.util.Map.of();
        if (req.encrypt() != CryptoConfig.Encrypt.NEVER) {
            Set<String> everyone = new LinkedHashSet<>();
            for (String r : m.recipients()) everyone.add(r.toLowerCase(Locale.ROOT));
            everyone.add(from);
            Keys found = resolve(req.kind(), List.copyOf(everyone));
            keys = found.chosen();
            List<String> missing = found.missing();
            if (missing.isEmpty()) {
                encrypt = true;
            } else {
                String who = String.join(", ", missing) + (missing.contains(from) ? " (your own key: the Sent copy would be unreadable)" : "");
                if (req.encrypt() == CryptoConfig.Encrypt.ALWAYS) {
                    throw new PosternException(ExitCode.DATAERR, "cannot encrypt: no usable " + keyWord(req.kind()) + " for " + who
                            + "; import it, or send without --encrypt; nothing was sent.");
                }
                notes.add("not encrypted: no usable " + keyWord(req.kind()) + " for " + who);
            }
        }
        if (!req.sign() && !encrypt) return new Outcome(m, false, false, notes);
        byte[] entity = s.entity(true);
        // Encrypted, a Bcc recipient's key would be named in (or, hidden, counted by) the copy To and Cc read; so
        // the To and Cc recipients (and the Sent copy) get one encrypted to them, each Bcc recipient one of their own.
        Set<String> visible = s.visibleRecipients();
        List<String> shown = new ArrayList<>();
        List<String> bcc = new ArrayList<>();
        for (String r : m.recipients()) {
            String a = r.toLowerCase(Locale.ROOT);
            (!encrypt || visible.contains(a) || a.equals(from) ? shown : bcc).add(r);
        }
        Wrapper wrap = new Wrapper(req, s, entity, from, keys);
        List<Built> copies = new ArrayList<>();
        for (String b : bcc) {
            copies.add(new Built(wrap.message(encrypt, List.of(b)), m.messageId(), m.envelopeFrom(), List.of(b)));
        }
        byte[] raw = wrap.message(encrypt, shown);
        return new Outcome(new Built(raw, m.messageId(), m.envelopeFrom(), shown, copies), req.sign(), encrypt, notes);
    }

    /** Makes the protected message for one audience; signs once however many copies there are. */
    private final class Wrapper {
        private final Request req;
        private final Split s;
        private final byte[] entity;
        private final String from;
        private final java.util.Map<String, String> keys;
        private byte[] smimeSigned;

        Wrapper(Request req, Split s, byte[] entity, String from, java.util.Map<String, String> keys) {
            this.req = req;
            this.s = s;
            this.entity = entity;
            this.from = from;
            this.keys = keys;
        }

        /** The whole message (outer headers, then the protected content), encrypted to the sender and {@code to}. */
        byte[] message(boolean encrypt, List<String> to) {
            List<String> audience = new ArrayList<>();
            audience.add(from);
            for (String r : to) {
                String a = r.toLowerCase(Locale.ROOT);
                if (!audience.contains(a)) audience.add(a);
            }
            byte[] body;
            String contentHeaders;
            if (req.kind() == Kind.PGP) {
                if (encrypt) {
                    byte[] armor = pgpEncrypt(entity, from, audience, req.sign(), keys);
                    String b = boundary();
                    contentHeaders = "Content-Type: multipart/encrypted; protocol=\"application/pgp-encrypted\";\r\n boundary=\"" + b + "\"\r\n";
                    body = ("This is an OpenPGP/MIME encrypted message (RFC 4880 and 3156)\r\n--" + b + "\r\n"
                            + "Content-Type: application/pgp-encrypted\r\nContent-Description: PGP/MIME version identification\r\n\r\n"
                            + "Version: 1\r\n\r\n--" + b + "\r\nContent-Type: application/octet-stream; name=\"encrypted.asc\"\r\n"
                            + "Content-Description: OpenPGP encrypted message\r\nContent-Disposition: inline; filename=\"encrypted.asc\"\r\n\r\n"
                            + crlf(new String(armor, StandardCharsets.US_ASCII)) + "\r\n--" + b + "--\r\n").getBytes(StandardCharsets.US_ASCII);
                } else {
                    Signed sig = pgpSign(entity, from);
                    String b = boundary();
                    contentHeaders = "Content-Type: multipart/signed; micalg=" + sig.micalg + ";\r\n protocol=\"application/pgp-signature\"; boundary=\""
                            + b + "\"\r\n";
                    body = concat(("This is an OpenPGP/MIME signed message (RFC 4880 and 3156)\r\n--" + b + "\r\n").getBytes(StandardCharsets.US_ASCII),
                            entity, ("\r\n--" + b + "\r\nContent-Type: application/pgp-signature; name=\"signature.asc\"\r\n"
                                    + "Content-Description: OpenPGP digital signature\r\nContent-Disposition: attachment; filename=\"signature.asc\"\r\n\r\n"
                                    + crlf(new String(sig.bytes, StandardCharsets.US_ASCII)) + "\r\n--" + b + "--\r\n").getBytes(StandardCharsets.US_ASCII));
                }
            } else {
                byte[] inner = req.sign() ? smimeSigned() : entity;
                if (encrypt) {
                    byte[] der = smimeEncrypt(inner, audience, keys);
                    contentHeaders = "Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name=\"smime.p7m\"\r\n"
                            + "Content-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=\"smime.p7m\"\r\n";
                    body = (base64(der) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                } else {
                    int split = MessageProtector.indexOf(inner, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    contentHeaders = new String(inner, 0, split + 2, StandardCharsets.US_ASCII);
                    body = java.util.Arrays.copyOfRange(inner, split + 4, inner.length);
                }
            }
            return concat(s.outerHeaders.getBytes(StandardCharsets.ISO_8859_1), contentHeaders.getBytes(StandardCharsets.US_ASCII),
                    "\r\n".getBytes(StandardCharsets.US_ASCII), body);
        }

        /** The S/MIME multipart/signed entity (headers and body), made once. */
        private byte[] smimeSigned() {
            if (smimeSigned != null) return smimeSigned;
            Signed sig = smimeSign(entity, from);
            String b = boundary();
            String headers = "Content-Type: multipart/signed; protocol=\"application/pkcs7-signature\"; micalg=" + sig.micalg
                    + ";\r\n boundary=\"" + b + "\"\r\n";
            byte[] body = concat(("This is an S/MIME signed message\r\n--" + b + "\r\n").getBytes(StandardCharsets.US_ASCII), entity,
                    ("\r\n--" + b + "\r\nContent-Type: application/pkcs7-signature; name=\"smime.p7s\"\r\n"
                            + "Content-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=\"smime.p7s\"\r\n\r\n"
                            + base64(sig.bytes) + "\r\n--" + b + "--\r\n").getBytes(StandardCharsets.US_ASCII));
            smimeSigned = concat((headers + "\r\n").getBytes(StandardCharsets.US_ASCII), body);
            return smimeSigned;
        }
    }

    private static int indexOf(byte[] data, byte[] what) {
        outer:
        for (int i = 0; i + what.length <= data.length; i++) {
            for (int j = 0; j < what.length; j++) if (data[i + j] != what[j]) continue outer;
            return i;
        }
        return -1;
    }

    private static String keyWord(Kind kind) {
        return kind == Kind.PGP ? "OpenPGP key" : "S/MIME certificate";
    }

    /**
     * The addresses among {@code addresses} for which the keyring has no key usable for encryption (not revoked,
     * expired, disabled or invalid, with an encryption capability).
     */
    public List<String> missingKeys(Kind kind, List<String> addresses) {
        return resolve(kind, addresses).missing;
    }

    /** Which key each address is encrypted to, and the addresses with none. */
    private record Keys(java.util.Map<String, String> chosen, List<String> missing) {}

    /**
     * For S/MIME each address resolves to the fingerprint of a certificate whose chain validates
     * ({@code --with-validation}): gpgsm keeps every certificate it has seen in a signature, so a forged one for the
     * same address would otherwise make the name ambiguous. For PGP, gpg chooses among the keys of {@code <address>}.
     */
    private Keys resolve(Kind kind, List<String> addresses) {
        List<String> args = new ArrayList<>(List.of("--with-colons"));
        if (kind == Kind.SMIME) args.add("--with-validation");
        args.addAll(List.of("--list-keys", "--"));
        for (String a : addresses) args.add(kind == Kind.PGP ? "<" + a + ">" : a);
        GpgProcess.Result r = gpg.run(kind, args, null, GnupgEngine.VERIFY_DEADLINE);
        if (r.missing() != null) throw new PosternException(ExitCode.UNAVAILABLE, r.missing() + "; nothing was sent.");
        java.util.Map<String, String> chosen = new java.util.LinkedHashMap<>();
        boolean keyUsable = false;
        String fpr = null;
        for (String line : new String(r.out(), StandardCharsets.UTF_8).split("\n")) {
            String[] f = line.split(":", -1);
            switch (f[0]) {
                case "pub", "crt", "crs" -> {
                    keyUsable = f.length > 11 && !bad(f[1]) && f[11].toUpperCase(Locale.ROOT).contains("E");
                    fpr = null;
                }
                case "fpr" -> {
                    if (fpr == null && f.length > 9) fpr = f[9];
                }
                case "uid" -> {
                    if (keyUsable && f.length > 9 && !bad(f[1])) {
                        Set<String> found = new LinkedHashSet<>();
                        addAddresses(found, f, kind);
                        for (String a : found) {
                            chosen.putIfAbsent(a, kind == Kind.SMIME && fpr != null ? fpr : "<" + a + ">");
                        }
                    }
                }
                default -> { }
            }
        }
        List<String> missing = new ArrayList<>();
        for (String a : addresses) if (!chosen.containsKey(a.toLowerCase(Locale.ROOT))) missing.add(a);
        return new Keys(chosen, missing);
    }


    private static void addAddresses(Set<String> out, String[] f, Kind kind) {
        String uid = GnupgEngine.colonUnescape(f[9]);
        for (String a : dev.postern.model.AddressScan.dotAtoms(uid)) out.add(a.toLowerCase(Locale.ROOT));
    }

    /** Validity letters of a key gpg will not use: invalid, disabled, revoked, expired. */
    private static boolean bad(String validity) {
        return validity.equals("i") || validity.equals("d") || validity.equals("r") || validity.equals("e");
    }

    private record Signed(byte[] bytes, String micalg) {}

    private Signed pgpSign(byte[] entity, String from) {
        GpgProcess.Result r = gpg.run(Kind.PGP, List.of("--armor", "--detach-sign", "--local-user", "<" + from + ">"),
                entity, DEADLINE);
        unlocked(r, Kind.PGP, from);
        check(r, Kind.PGP, "sign as " + from);
        made(r, Kind.PGP, "sign as " + from, List.of("SIG_CREATED"), "PGP SIGNATURE");
        return new Signed(r.out(), "pgp-" + hashName(r));
    }

    private Signed smimeSign(byte[] entity, String from) {
        GpgProcess.Result r = gpg.run(Kind.SMIME, List.of("--detach-sign", "--local-user", from), entity, DEADLINE);
        unlocked(r, Kind.SMIME, from);
        check(r, Kind.SMIME, "sign as " + from);
        made(r, Kind.SMIME, "sign as " + from, List.of("SIG_CREATED"), "signed-data");
        return new Signed(r.out(), hashName(r).replace("sha", "sha-"));
    }

    private byte[] pgpEncrypt(byte[] entity, String from, List<String> audience, boolean sign, java.util.Map<String, String> keys) {
        List<String> args = new ArrayList<>(List.of("--armor", "--encrypt"));
        if (sign) args.addAll(List.of("--sign", "--local-user", "<" + from + ">"));
        recipientArgs(args, audience, keys);
        GpgProcess.Result r = gpg.run(Kind.PGP, args, entity, DEADLINE);
        if (sign) unlocked(r, Kind.PGP, from);
        check(r, Kind.PGP, "encrypt");
        made(r, Kind.PGP, "encrypt", sign ? List.of("END_ENCRYPTION", "SIG_CREATED") : List.of("END_ENCRYPTION"), "PGP MESSAGE");
        return r.out();
    }

    private byte[] smimeEncrypt(byte[] entity, List<String> audience, java.util.Map<String, String> keys) {
        List<String> args = new ArrayList<>(List.of("--encrypt"));
        recipientArgs(args, audience, keys);
        GpgProcess.Result r = gpg.run(Kind.SMIME, args, entity, DEADLINE);
        check(r, Kind.SMIME, "encrypt");
        made(r, Kind.SMIME, "encrypt", List.of(), "enveloped-data"); // gpgsm says nothing of an encryption that worked
        return r.out();
    }

    /** Every address of the audience as a named recipient (a Bcc recipient is the whole audience of its own copy). */
    private static void recipientArgs(List<String> args, List<String> audience, java.util.Map<String, String> keys) {
        for (String a : audience) args.addAll(List.of("--recipient", keys.getOrDefault(a, "<" + a + ">")));
    }

    /**
     * A signature that failed for want of the secret key's passphrase is said so, and how to unlock it, exit 77: a
     * postern serving others runs gpg without a pinentry (hunt34-B B4; one started by a signature took the reader's
     * terminal, or the owner's when a shell's command was served).
     */
    private void unlocked(GpgProcess.Result r, Kind kind, String from) {
        if (r.exit() == 0 && r.out().length > 0) return;
        String why = GnupgEngine.passphraseFailure(r, kind, from, gpg.asks());
        if (why != null) {
            throw new PosternException(ExitCode.NOPERM, (kind == Kind.PGP ? "gpg" : "gpgsm") + " could not sign as " + from
                    + ": " + why + "; nothing was sent.");
        }
    }

    private static void check(GpgProcess.Result r, Kind kind, String what) {
        String tool = kind == Kind.PGP ? "gpg" : "gpgsm";
        if (r.missing() != null) throw new PosternException(ExitCode.UNAVAILABLE, r.missing() + "; nothing was sent.");
        if (!r.failure().isEmpty()) throw new PosternException(ExitCode.TEMPFAIL, tool + " could not " + what + ": "
                + r.failure() + "; nothing was sent.");
        if (r.exit() == 0 && r.out().length > 0) return;
        List<String> problems = new ArrayList<>();
        for (String line : r.status()) {
            String[] f = line.split(" ", 3);
            if ((f[0].equals("INV_RECP") || f[0].equals("INV_SGNR")) && f.length > 2) {
                problems.add((f[0].equals("INV_SGNR") ? "no usable secret key for " : "no usable key for ")
                        + GpgProcess.unescape(f[2]).replaceAll("[<>]", "") + reason(f[1]));
            } else if (f[0].equals("NO_SGNR") && f.length > 1) {
                problems.add("no secret key for " + GpgProcess.unescape(line.substring(8)).replaceAll("[<>]", ""));
            }
        }
        if (problems.isEmpty()) {
            String log = r.log().isEmpty() ? "exit " + r.exit() : r.log().get(r.log().size() - 1).replaceFirst("^gpg(sm)?: ", "");
            problems.add(log);
        }
        throw new PosternException(ExitCode.DATAERR, tool + " could not " + what + ": " + String.join("; ", problems)
                + "; nothing was sent.");
    }

    /**
     * A run that exited 0 with output counts only when gpg (gpgsm) said it did the work (SIG_CREATED for a signature,
     * gpg's END_ENCRYPTION for encryption: {@code said}) and its output has the shape that work gives: an ASCII armor
     * block of {@code shape} ("PGP SIGNATURE", "PGP MESSAGE"), or for S/MIME a CMS ContentInfo of that type
     * ("signed-data", "enveloped-data"). A broken
     * or wrapped gpg that exits 0 with other bytes sent them out as "OpenPGP digital signature" (hunt34-B B5): now
     * nothing is sent (69: the tool is not working), in one sentence.
     */
    private static void made(GpgProcess.Result r, Kind kind, String what, List<String> said, String shape) {
        String tool = kind == Kind.PGP ? "gpg" : "gpgsm";
        for (String keyword : said) {
            if (!r.has(keyword)) {
                throw new PosternException(ExitCode.UNAVAILABLE, tool + " did not " + what + ": it exited 0 without the "
                        + keyword + " status line that says it did, so its output was not used; check that `" + tool
                        + "` on PATH is GnuPG's; nothing was sent.");
            }
        }
        byte[] out = r.out();
        boolean shaped = kind == Kind.PGP ? armored(out, shape) : contentInfo(out, shape.equals("signed-data") ? 2 : 3);
        if (!shaped) {
            throw new PosternException(ExitCode.UNAVAILABLE, tool + " did not " + what + ": its output is not "
                    + (kind == Kind.PGP ? "an ASCII-armored " + shape.toLowerCase(Locale.ROOT).replace("pgp ", "OpenPGP ")
                    : "S/MIME " + shape) + ", so it was not used; check that `" + tool + "` on PATH is GnuPG's;"
                    + " nothing was sent.");
        }
    }

    /**
     * Whether {@code out} starts as a CMS ContentInfo (RFC 5652) of type id-signedData (1.2.840.113549.1.7.{@code type}
     * 2) or id-envelopedData (3): a SEQUENCE whose first element is that object identifier.
     */
    private static boolean contentInfo(byte[] out, int type) {
        byte[] oid = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x07, (byte) type};
        if (out.length < 2 + oid.length || out[0] != 0x30) return false;
        int at = 2; // after the length: short form, or 0x80 (indefinite), or 0x81..0x84 and that many length bytes
        int len = out[1] & 0xff;
        if (len > 0x80) at += len - 0x80;
        if (len > 0x84 || out.length < at + oid.length) return false;
        return java.util.Arrays.equals(out, at, at + oid.length, oid, 0, oid.length);
    }

    /** Whether {@code out} is one armor block "-----BEGIN {@code what}-----" ... "-----END {@code what}-----" of ASCII text. */
    private static boolean armored(byte[] out, String what) {
        for (byte b : out) {
            if (b < 0x20 && b != '\n' && b != '\r' && b != '\t' || b == 0x7f) return false; // a byte of 0x80 or more is negative
        }
        String text = new String(out, StandardCharsets.US_ASCII).strip();
        return text.startsWith("-----BEGIN " + what + "-----") && text.endsWith("-----END " + what + "-----");
    }

    /** INV_RECP/INV_SGNR reason codes (doc/DETAILS in GnuPG). */
    private static String reason(String code) {
        return switch (code) {
            case "1" -> " (not found)";
            case "4" -> " (revoked)";
            case "5" -> " (expired)";
            case "10" -> " (not trusted)";
            case "9" -> " (no secret key)";
            default -> "";
        };
    }

    /** The digest gpg or gpgsm used, from SIG_CREATED (RFC 4880 hash ids), as micalg names it. */
    private static String hashName(GpgProcess.Result r) {
        String[] f = r.first("SIG_CREATED");
        String id = f != null && f.length > 3 ? f[3] : "8";
        return switch (id) {
            case "1" -> "md5";
            case "2" -> "sha1";
            case "3" -> "ripemd160";
            case "9" -> "sha384";
            case "10" -> "sha512";
            case "11" -> "sha224";
            default -> "sha256";
        };
    }

    private String boundary() {
        byte[] b = new byte[12];
        random.nextBytes(b);
        return "=-postern-" + HexFormat.of().formatHex(b);
    }

    private static String base64(byte[] b) {
        return Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(b);
    }

    private static String crlf(String s) {
        return s.replace("\r\n", "\n").replace("\n", "\r\n").stripTrailing();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    /** A message split into the headers that stay outside and the MIME entity (content headers and body) that is protected. */
    static final class Split {
        final String outerHeaders;
        final String contentHeaders;
        final byte[] body;
        final String allHeaders;

        private Split(String outer, String content, byte[] body, String all) {
            this.outerHeaders = outer;
            this.contentHeaders = content;
            this.body = body;
            this.allHeaders = all;
        }

        static Split of(byte[] raw) {
            String text = new String(raw, StandardCharsets.ISO_8859_1).replace("\r\n", "\n").replace("\n", "\r\n");
            int end = text.indexOf("\r\n\r\n");
            String head = end < 0 ? text + "\r\n" : text.substring(0, end + 2);
            byte[] body = end < 0 ? new byte[0] : text.substring(end + 4).getBytes(StandardCharsets.ISO_8859_1);
            StringBuilder outer = new StringBuilder();
            StringBuilder content = new StringBuilder();
            StringBuilder field = null;
            boolean isContent = false;
            for (String line : head.split("\r\n")) {
                if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t') && field != null) {
                    field.append(line).append("\r\n");
                    continue;
                }
                if (field != null) (isContent ? content : outer).append(field);
                field = new StringBuilder(line).append("\r\n");
                isContent = line.toLowerCase(Locale.ROOT).startsWith("content-");
            }
            if (field != null) (isContent ? content : outer).append(field);
            if (content.length() == 0) content.append("Content-Type: text/plain; charset=us-ascii\r\n");
            return new Split(outer.toString(), content.toString(), body, head);
        }

        /**
         * The protected entity: the content headers and body, every 7bit or 8bit part in it (a multipart's too: hunt
         * 37-P, P14) quoted-printable, so trailing spaces and "From " lines survive every relay (RFC 3156 section 3).
         */
        byte[] entity(boolean protect) {
            if (protect) return SignedEntity.of(contentHeaders, body);
            return concat((contentHeaders + "\r\n").getBytes(StandardCharsets.ISO_8859_1), body);
        }

        /** Addresses in To and Cc (the rest of the envelope's recipients were Bcc). */
        Set<String> visibleRecipients() {
            Set<String> out = new LinkedHashSet<>();
            StringBuilder field = null;
            for (String line : (outerHeaders).split("\r\n")) {
                if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t') && field != null) {
                    field.append(line);
                    continue;
                }
                if (field != null) collect(out, field.toString());
                field = new StringBuilder(line);
            }
            if (field != null) collect(out, field.toString());
            return out;
        }

        private static void collect(Set<String> out, String field) {
            String lower = field.toLowerCase(Locale.ROOT);
            if (!lower.startsWith("to:") && !lower.startsWith("cc:")) return;
            for (String a : dev.postern.model.AddressScan.dotAtoms(field)) out.add(a.toLowerCase(Locale.ROOT));
        }
    }
}
