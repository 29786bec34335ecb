package dev.postern.cli;

import com.icegreen.greenmail.store.MailFolder;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.util.Date;
import java.util.List;
import java.util.Properties;

/** Messages for the CLI tests to put on GreenMail, and reading back what the CLI printed or left. */
final class TestMail {
    private TestMail() {}

    /** A plain UTF-8 text message from Bob to alice@localhost, sent now. */
    static MimeMessage fromBob(String subject, String body) throws MessagingException {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        m.setFrom("Bob <bob@example.org>");
        m.setRecipients(MimeMessage.RecipientType.TO, "alice@localhost");
        m.setSubject(subject, "UTF-8");
        m.setSentDate(new Date());
        m.setText(body, "UTF-8");
        m.saveChanges();
        return m;
    }

    /** The JSON line of {@code out} for {@code uid}, or null. */
    static String jsonLine(String out, long uid) {
        return out.lines().filter(l -> l.contains("\"uid\":" + uid + ",")).findFirst().orElse(null);
    }

    /** The subjects of the messages in a GreenMail folder, in UID order. */
    static List<String> subjects(MailFolder f) {
        return f.getMessages().stream().map(m -> {
            try {
                return m.getMimeMessage().getSubject();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }
}
