package dev.postern.e2e;

import com.icegreen.greenmail.store.MailFolder;
import jakarta.mail.Flags;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Date;
import java.util.Properties;

/** Mail put straight into a GreenMail folder, for tests of the resident owner and its readers. */
public final class GreenMailInbox {
    private GreenMailInbox() {}

    /** One plain message from amy to zed, appended to {@code inbox}. */
    public static void deliver(MailFolder inbox, String subject) throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        m.setFrom(new InternetAddress("amy@example.org"));
        m.setRecipients(jakarta.mail.Message.RecipientType.TO, "zed@localhost");
        m.setSubject(subject);
        m.setSentDate(new Date());
        m.setText("body of " + subject + "\n");
        m.saveChanges();
        inbox.appendMessage(m, new Flags(), new Date());
    }
}
