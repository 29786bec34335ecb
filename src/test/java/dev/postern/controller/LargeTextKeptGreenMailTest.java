package dev.postern.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.app.AppContext;
import dev.postern.cli.ImapCutRelay;
import dev.postern.model.MessageRef;
import dev.postern.store.MailStore;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hunt 38-L, L2: a message above fetch_whole_below is read text only, which the store does not keep; opening it again
 * in the same session downloaded its text again every time (2 MB, two minutes on a thin link). It is kept now.
 */
class LargeTextKeptGreenMailTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;

    private static byte[] message() {
        return ("From: s@example.org\r\nTo: dan@localhost\r\nSubject: big\r\nMessage-ID: <big@example.org>\r\n"
                + "Date: Sun, 1 Mar 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
                + "--b\r\nContent-Type: text/plain\r\n\r\n" + "the text line\r\n".repeat(100)
                + "--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n"
                + "Content-Disposition: attachment; filename=a.bin\r\n\r\n" + "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=\r\n".repeat(2000)
                + "--b--\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aLargeMessagesTextIsFetchedOnceASession() throws Exception {
        greenMail.setUser("dan@localhost", "dan", "pw");
        Store other = Session.getInstance(new Properties()).getStore("imap");
        other.connect("127.0.0.1", greenMail.getImap().getPort(), "dan", "pw");
        Folder f = other.getFolder("INBOX");
        f.appendMessages(new Message[] {new MimeMessage(null, new ByteArrayInputStream(message()))});
        other.close();
        try (ImapCutRelay relay = new ImapCutRelay(greenMail.getImap().getPort(), false)) {
            Path p = dir.resolve("config.toml");
            Files.writeString(p, "data_dir = \"" + dir.resolve("data") + "\"\n[accounts.gm]\nprotocol = \"imap\"\n"
                    + "host = \"127.0.0.1\"\nport = " + relay.port() + "\nsecurity = \"plain\"\nuser = \"dan\"\n"
                    + "password = \"pw\"\ntimeout_seconds = 30\nfetch_whole_below = 10000\n");
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
            try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), p)) {
                MailController c = ctx.controller();
                c.sync("gm", "INBOX", true).get();
                MailStore store = ctx.store();
                long v = store.folderState("gm", "INBOX").orElseThrow().uidValidity();
                MessageRef ref = new MessageRef("gm", "INBOX", v, List.copyOf(store.uids("gm", "INBOX", v)).get(0));
                assertTrue(c.read(ref).get().body().contains("the text line"));
                int after = relay.lines.size();
                assertTrue(c.read(ref).get().body().contains("the text line"));
                List<String> again = List.copyOf(relay.lines.subList(after, relay.lines.size())).stream()
                        .filter(l -> l.contains("FETCH")).toList();
                assertEquals(List.of(), again, "the second open fetched again");
            }
        }
    }
}
