package dev.postern.app.demo;

import com.icegreen.greenmail.imap.ImapHostManager;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import jakarta.activation.DataHandler;
import jakarta.mail.Flags;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * The demo's mail: a few dozen varied messages that show what postern does with real-world mail:
 * threads, HTML, attachments (a real PDF among them), non-ASCII and encoded headers, flags, several
 * folders, and one hostile subject full of terminal escapes that must show up harmless.
 */
final class DemoMailbox {
    private static final Session SESSION = Session.getInstance(new Properties());
    private static final String ME = "Demo User <demo@localhost>";
    private static final List<String> PEOPLE = List.of(
            "Alice Example <alice@example.org>", "Bob Builder <bob@example.net>",
            "Zoë Ångström <zoe@example.se>", "田中 太郎 <tanaka@example.jp>",
            "Carol Danvers <carol@example.com>", "Release Bot <noreply@ci.example.org>");

    private DemoMailbox() {}

    static void seed(GreenMail gm, GreenMailUser user) {
        try {
            ImapHostManager host = gm.getManagers().getImapHostManager();
            MailFolder inbox = host.getInbox(user);
            MailFolder archive = host.createMailbox(user, "Archive");
            MailFolder sent = host.createMailbox(user, "Sent");
            MailFolder lists = host.createMailbox(user, "Lists");
            Instant now = Instant.now();
            int n = 0;

            // A thread of five, spread over two days.
            String root = "<q3-report@example.org>";
            String prev = null;
            String refs = "";
            String[] thread = {"Q3 report draft", "Re: Q3 report draft", "Re: Q3 report draft",
                    "Re: Q3 report draft", "Re: Q3 report draft"};
            String[] bodies = {
                    "Hi all,\n\nthe Q3 report draft is attached as text below. Numbers are preliminary.\n\nRevenue: 1.2M\nCosts: 0.9M\n\nAlice",
                    "Looks good. Can we add the regional split?\n\n> the Q3 report draft is attached as text below.\n\nBob",
                    "Added the split for EMEA and APAC.\n\n> Can we add the regional split?\n\nAlice",
                    "Danke! Die Zahlen für DACH stimmen jetzt.\n\nZoë",
                    "Approved. Ship it.\n\nCarol"};
            for (int i = 0; i < thread.length; i++) {
                String id = i == 0 ? root : "<q3-report-" + i + "@example.org>";
                MimeMessage m = text(PEOPLE.get(new int[] {0, 1, 0, 2, 4}[i]), thread[i], bodies[i],
                        now.minus(Duration.ofHours(40 - i * 8)));
                m.setHeader("Message-ID", id);
                if (prev != null) {
                    m.setHeader("In-Reply-To", prev);
                    m.setHeader("References", refs.strip());
                }
                refs = refs + " " + id;
                prev = id;
                append(inbox, m, i < 3 ? flags(Flags.Flag.SEEN) : new Flags());
                n++;
            }

            // HTML newsletter with links, a list and a quote.
            MimeMessage html = base("Release Bot <noreply@ci.example.org>", "Weekly digest: 3 releases, 12 fixes",
                    now.minus(Duration.ofHours(5)));
            MimeMultipart alt = new MimeMultipart("alternative");
            MimeBodyPart plainAlt = new MimeBodyPart();
            plainAlt.setText("Weekly digest\n\n- postern 0.1 released\n- lanterna 3.1.5\n- angus-mail 2.0.5\n", "UTF-8");
            MimeBodyPart htmlAlt = new MimeBodyPart();
            htmlAlt.setContent("<html><head><style>p{color:red}</style><script>alert(1)</script></head><body>"
                    + "<h1>Weekly digest</h1><p>This week&nbsp;in <b>terminal mail</b>:</p><ul>"
                    + "<li><a href=\"https://example.org/postern\">postern 0.1</a> released</li>"
                    + "<li>lanterna 3.1.5</li><li>angus-mail 2.0.5</li></ul>"
                    + "<blockquote>Mail is not dead; it just lives in a terminal.</blockquote></body></html>",
                    "text/html; charset=UTF-8");
            alt.addBodyPart(plainAlt);
            alt.addBodyPart(htmlAlt);
            html.setContent(alt);
            append(inbox, html, new Flags());
            n++;

            // HTML-only message.
            MimeMessage htmlOnly = base(PEOPLE.get(4), "Your invoice #2026-118 (HTML only)", now.minus(Duration.ofHours(30)));
            htmlOnly.setContent("<p>Dear customer,</p><p>your invoice total is <b>&euro;42.00</b>.</p>"
                    + "<p>Pay at <a href=\"https://pay.example.com/i/2026-118\">our portal</a>.</p>", "text/html; charset=UTF-8");
            append(inbox, htmlOnly, new Flags());
            n++;

            // Attachments: a real PDF, a CSV, a binary blob.
            MimeMessage withPdf = base(PEOPLE.get(1), "Contract for review (PDF attached)", now.minus(Duration.ofHours(3)));
            MimeMultipart mixed = new MimeMultipart("mixed");
            MimeBodyPart intro = new MimeBodyPart();
            intro.setText("Please review the attached contract and the budget sheet.\n\nBob", "UTF-8");
            mixed.addBodyPart(intro);
            mixed.addBodyPart(attachment("contract.pdf", "application/pdf", pdf("Service contract",
                    "This agreement is made between Example Org and Demo User.")));
            mixed.addBodyPart(attachment("budget.csv", "text/csv",
                    "item,amount\nservers,1200\nlicences,300\n".getBytes(StandardCharsets.UTF_8)));
            mixed.addBodyPart(attachment("Prüfbericht €.bin", "application/octet-stream", new byte[4096]));
            withPdf.setContent(mixed);
            append(inbox, withPdf, flags(Flags.Flag.FLAGGED));
            n++;

            // Non-ASCII subjects and bodies.
            append(inbox, text(PEOPLE.get(3), "会議の議事録 (meeting minutes)", "本日の会議の議事録を共有します。\n\n田中",
                    now.minus(Duration.ofHours(12))), new Flags());
            append(inbox, text(PEOPLE.get(2), "Smörgåsbord at Zoë's 🎉", "Välkommen! Bring your own 🍰.\n\nZoë",
                    now.minus(Duration.ofHours(20))), flags(Flags.Flag.SEEN));
            append(inbox, text("Ελένη <eleni@example.gr>", "Καλημέρα από την Αθήνα", "Γειά σου κόσμε!",
                    now.minus(Duration.ofDays(3))), new Flags());
            n += 3;

            // A hostile subject and body: escapes, a bidi override, a bell. Must show as harmless placeholders.
            MimeMessage hostile = text("Mallory <mallory@evil.example>",
                    "\u001b[31mURGENT\u001b[0m \u001b]0;pwned\u0007 invoice \u202Efdp.exe",
                    "Click here \u001b[2J\u001b[H to win.\r\nCarriage\rreturn and a bell\u0007.",
                    now.minus(Duration.ofHours(1)));
            append(inbox, hostile, new Flags());
            n++;

            // Everyday filler so the index scrolls.
            String[] subjects = {"Lunch on Friday?", "Build #%d passed", "Meeting notes", "Re: holiday plans",
                    "Server maintenance tonight", "Your package has shipped", "Code review request #%d",
                    "Reminder: timesheets", "Question about the API", "Photos from the trip"};
            for (int i = 0; i < 24; i++) {
                String subject = String.format(java.util.Locale.ROOT, subjects[i % subjects.length], 100 + i);
                MimeMessage m = text(PEOPLE.get(i % PEOPLE.size()), subject,
                        "Message " + (i + 1) + " of the demo mailbox.\n\n" + "Line of text. ".repeat(20 + i) + "\n\n-- \nSent from a terminal",
                        now.minus(Duration.ofHours(50 + i * 17L)));
                append(i % 4 == 0 ? archive : inbox, m, i % 3 == 0 ? new Flags() : flags(Flags.Flag.SEEN));
                n++;
            }
            for (int i = 0; i < 5; i++) {
                append(lists, text("java-dev <list@lists.example.org>", "[java-dev] Loom question " + (i + 1),
                        "A mailing list post.", now.minus(Duration.ofDays(5 + i))), new Flags());
                append(sent, text(ME, "Re: Lunch on Friday? " + (i + 1), "Sure, see you there.",
                        now.minus(Duration.ofDays(2 + i))), flags(Flags.Flag.SEEN));
                n += 2;
            }
            if (n < 30) throw new IllegalStateException("demo mailbox too small: " + n);
        } catch (Exception e) {
            throw new IllegalStateException("could not seed the demo mailbox: " + e.getMessage(), e);
        }
    }

    private static Flags flags(Flags.Flag f) {
        return new Flags(f);
    }

    private static void append(MailFolder folder, MimeMessage m, Flags flags) throws MessagingException {
        String id = m.getHeader("Message-ID", null);
        m.saveChanges(); // would put a new Message-ID in place of the thread's own
        if (id != null) m.setHeader("Message-ID", id);
        folder.appendMessage(m, flags, m.getSentDate());
    }

    private static MimeMessage base(String from, String subject, Instant date)
            throws MessagingException, UnsupportedEncodingException {
        MimeMessage m = new MimeMessage(SESSION);
        m.setFrom(new InternetAddress(from, true));
        m.setRecipients(MimeMessage.RecipientType.TO, ME);
        m.setSubject(subject, "UTF-8");
        m.setSentDate(Date.from(date));
        return m;
    }

    private static MimeMessage text(String from, String subject, String body, Instant date)
            throws MessagingException, UnsupportedEncodingException {
        MimeMessage m = base(from, subject, date);
        m.setText(body, "UTF-8");
        return m;
    }

    private static MimeBodyPart attachment(String name, String type, byte[] data) throws MessagingException {
        MimeBodyPart p = new MimeBodyPart();
        p.setDataHandler(new DataHandler(new ByteArrayDataSource(data, type)));
        try {
            p.setFileName(jakarta.mail.internet.MimeUtility.encodeText(name, "UTF-8", null));
        } catch (UnsupportedEncodingException e) {
            p.setFileName(name);
        }
        p.setDisposition(MimeBodyPart.ATTACHMENT);
        return p;
    }

    static byte[] pdf(String title, String text) throws IOException {
        try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage();
            doc.addPage(page);
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                cs.beginText();
                cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD), 18);
                cs.newLineAtOffset(72, 700);
                cs.showText(title);
                cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                cs.newLineAtOffset(0, -30);
                cs.showText(text);
                cs.endText();
            }
            doc.save(out);
            return out.toByteArray();
        }
    }
}
