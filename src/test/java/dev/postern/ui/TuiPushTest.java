package dev.postern.ui;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.app.AppContext;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Date;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** While the reader is open, mail and flag changes from another client show up by themselves (IDLE). */
class TuiPushTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;

    private static MimeMessage message(Session s, String subject) throws Exception {
        MimeMessage m = new MimeMessage(s);
        m.setFrom("Other <other@example.org>");
        m.setSubject(subject, "UTF-8");
        m.setSentDate(new Date());
        m.setText("pushed", "UTF-8");
        m.saveChanges();
        return m;
    }

    @Test
    void anotherClientsNewMailAndFlagsAppearWithinSeconds() throws Exception {
        greenMail.setUser("carol@localhost", "carol", "pw");
        Path cfg = dir.resolve("config.toml");
        Files.writeString(cfg, "data_dir = \"" + dir.resolve("data") + "\"\n[accounts.real]\nprotocol = \"imap\"\n"
                + "host = \"127.0.0.1\"\nport = " + greenMail.getImap().getPort() + "\nsecurity = \"plain\"\n"
                + "user = \"carol\"\npassword = \"pw\"\ntimeout_seconds = 8\n");
        Files.setPosixFilePermissions(cfg, PosixFilePermissions.fromString("rw-------"));
        Session other = Session.getInstance(new Properties());
        try (Store store = other.getStore("imap")) {
            store.connect("127.0.0.1", greenMail.getImap().getPort(), "carol", "pw");
            Folder inbox = store.getFolder("INBOX");
            inbox.appendMessages(new Message[] {message(other, "First before the reader")});
            try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), cfg);
                 TuiHarness h = new TuiHarness(ctx.controller(), "real", "INBOX", 100, 24, Palette.defaults())) {
                h.awaitText("First before the reader");
                h.awaitText("[1/1]");
                Thread.sleep(500); // let the watcher enter IDLE
                // Another client delivers: nobody presses a key.
                inbox.appendMessages(new Message[] {message(other, "Pushed while watching")});
                h.awaitText("Pushed while watching");
                h.awaitText("/2]");
                // Another client flags the first message.
                inbox.open(Folder.READ_WRITE);
                inbox.getMessage(1).setFlags(new Flags(Flags.Flag.FLAGGED), true);
                inbox.close(false);
                // GreenMail does not report other sessions' flag changes during IDLE: this one arrives with
                // the refresh at the end of the IDLE window (3/4 of timeout_seconds).
                h.awaitText("N!");
                h.type("q");
                h.awaitExit();
            }
        }
    }
}
