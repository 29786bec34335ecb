package dev.postern.e2e;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;

/**
 * Deterministic, varied test messages: message {@code n} is always the same bytes, so a test can
 * assert on what it seeded without keeping a copy.
 *
 * <p>The mix is what a real mailbox throws at a client: distinct senders, subjects and dates that
 * only ever increase with {@code n}; every tenth message starts a three-message thread
 * ({@code n%10} 1, 2, 3 linked by In-Reply-To/References); RFC 2047 subjects in UTF-8 (B) and
 * ISO-8859-1 (Q) with non-ASCII display names; quoted-printable and 8-bit bodies; now and then a
 * multipart with a small attachment. Flags follow {@link #seen(long)} and {@link #flagged(long)}.
 */
public final class SyntheticMail {

    /** The first message's date; later ones are 37 to 57 minutes apart, so dates rise with n. */
    static final Instant EPOCH = Instant.parse("2023-01-02T08:00:00Z");

    private static final String[] SENDERS = {
        "Ada Lovelace <ada@analytical.example>",
        "Grace Hopper <grace@navy.example>",
        "=?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?= <juergen@beispiel.example>",
        "Linus <linus@kernel.example>",
        "=?UTF-8?B?5bGx55Sw5aSq6YOO?= <taro@rei.example>",
        "Ops Bot <noreply@ci.example>",
        "\"O'Brien, Pat\" <pat@dublin.example>",
        "=?ISO-8859-1?Q?Fran=E7oise_L=E9vy?= <francoise@paris.example>",
        "Mailing List <list@lists.example>",
        "bare@address.example",
        "Zoë Ng <zoe@ng.example>",
        "Édouard <edouard@quebec.example>",
    };

    private static final String[] TOPICS = {
        "Quarterly report", "Build failed on main", "Lunch on Friday?", "Invoice overdue",
        "Release notes draft", "Meeting moved", "Server maintenance window", "Your order has shipped",
        "Code review request", "Holiday schedule", "Password policy update", "Conference travel",
        "Weekly digest", "Bug triage", "Backup completed", "Welcome aboard",
    };

    private static final ZoneOffset[] ZONES = {
        ZoneOffset.UTC, ZoneOffset.ofHours(1), ZoneOffset.ofHours(-5), ZoneOffset.ofHours(9),
        ZoneOffset.ofHoursMinutes(5, 30),
    };

    private static final DateTimeFormatter RFC5322 =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT);

    private SyntheticMail() {
    }

    /** Unread messages are every seventh one. */
    public static boolean seen(long n) {
        return n % 7 != 0;
    }

    /** Flagged messages are every eleventh one (some of them also unread). */
    public static boolean flagged(long n) {
        return n % 11 == 0;
    }

    public static ZonedDateTime date(long n) {
        Instant at = EPOCH.plusSeconds(n * 47 * 60 + (n * 7919) % 600);
        return at.atZone(ZONES[(int) (n % ZONES.length)]);
    }

    public static String messageId(long n) {
        return "<seed-" + n + "@postern.test>";
    }

    /** The decoded subject message {@code n} carries. */
    public static String subject(long n) {
        long root = threadRoot(n);
        if (root != n) {
            return "Re: " + subject(root);
        }
        if (n % 13 == 0) {
            return "Grüße aus Köln – 東京 #" + n;
        }
        if (n % 17 == 0) {
            return "Café crème à la carte #" + n;
        }
        return TOPICS[(int) (n % TOPICS.length)] + " #" + n;
    }

    /** The raw RFC 822 bytes of message {@code n}, LF line ends as Maildir stores them. */
    public static byte[] message(long n, String to) {
        StringBuilder m = new StringBuilder(1024);
        m.append("Return-Path: <").append(address(SENDERS[(int) (n % SENDERS.length)])).append(">\n");
        m.append("From: ").append(SENDERS[(int) (n % SENDERS.length)]).append('\n');
        m.append("To: ").append(to).append('\n');
        if (n % 4 == 0) {
            m.append("Cc: Team <team@postern.test>, ").append(SENDERS[(int) ((n + 3) % SENDERS.length)]).append('\n');
        }
        m.append("Subject: ").append(encodedSubject(n)).append('\n');
        m.append("Date: ").append(RFC5322.format(date(n))).append('\n');
        m.append("Message-ID: ").append(messageId(n)).append('\n');
        long root = threadRoot(n);
        if (root != n) {
            m.append("In-Reply-To: ").append(messageId(n - 1)).append('\n');
            m.append("References:");
            for (long r = root; r < n; r++) {
                m.append(' ').append(messageId(r));
            }
            m.append('\n');
        }
        m.append("MIME-Version: 1.0\n");
        if (n % 19 == 0) {
            String boundary = "=_seed_" + n;
            m.append("Content-Type: multipart/mixed; boundary=\"").append(boundary).append("\"\n\n");
            m.append("This is a multi-part message in MIME format.\n");
            m.append("--").append(boundary).append('\n');
            m.append("Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n\n");
            body(m, n);
            m.append("--").append(boundary).append('\n');
            m.append("Content-Type: application/octet-stream; name=\"data-").append(n).append(".bin\"\n");
            m.append("Content-Disposition: attachment; filename=\"data-").append(n).append(".bin\"\n");
            m.append("Content-Transfer-Encoding: base64\n\n");
            byte[] blob = new byte[300 + (int) (n % 700)];
            for (int i = 0; i < blob.length; i++) {
                blob[i] = (byte) (i * 31 + n);
            }
            m.append(Base64.getMimeEncoder(76, new byte[] {'\n'}).encodeToString(blob)).append('\n');
            m.append("--").append(boundary).append("--\n");
        } else if (n % 13 == 0) {
            m.append("Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: quoted-printable\n\n");
            m.append("Gr=C3=BC=C3=9Fe, die Nachricht Nummer ").append(n).append(" ist da.\n");
            body(m, n);
        } else {
            m.append("Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n\n");
            body(m, n);
        }
        return m.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static long threadRoot(long n) {
        long r = n % 10;
        return (r == 2 || r == 3) ? n - (r - 1) : n;
    }

    private static String encodedSubject(long n) {
        long root = threadRoot(n);
        String prefix = root != n ? "Re: " : "";
        if (root % 13 == 0) {
            return prefix + "=?UTF-8?B?" + Base64.getEncoder().encodeToString(
                    subject(root).getBytes(StandardCharsets.UTF_8)) + "?=";
        }
        if (root % 17 == 0) {
            return prefix + "=?ISO-8859-1?Q?Caf=E9_cr=E8me_=E0_la_carte?= #" + root;
        }
        return subject(n);
    }

    private static void body(StringBuilder m, long n) {
        int lines = 3 + (int) (n % 20);
        m.append("Hello,\n\n");
        for (int i = 0; i < lines; i++) {
            m.append("Line ").append(i + 1).append(" of message ").append(n)
                    .append(": the quick brown fox jumps over the lazy dog.\n");
        }
        if (n % 3 == 0) {
            m.append("Naïve café résumé, ½ price.\n");
        }
        m.append("\n-- \nseed ").append(n).append('\n');
    }

    private static String address(String mailbox) {
        int lt = mailbox.indexOf('<');
        return lt < 0 ? mailbox : mailbox.substring(lt + 1, mailbox.indexOf('>'));
    }
}
