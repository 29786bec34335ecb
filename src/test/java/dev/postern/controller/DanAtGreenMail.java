package dev.postern.controller;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;

/**
 * The IMAP account {@code gm} (user dan, password pw) on a test class's GreenMail, as the controller's GreenMail tests
 * set it up: its config, another client's hand on the server, and the short messages they put there.
 */
final class DanAtGreenMail {
    private DanAtGreenMail() {
    }

    /** {@code dir/config.toml} (owner-only) for {@code gm}, its store in {@code dir/data}, then {@code extra} lines. */
    static Path config(Path dir, GreenMailExtension greenMail, String extra) throws IOException {
        Path p = dir.resolve("config.toml");
        Files.writeString(p, "data_dir = \"" + dir.resolve("data") + "\"\n[accounts.gm]\nprotocol = \"imap\"\n"
                + "host = \"127.0.0.1\"\nport = " + greenMail.getImap().getPort() + "\nsecurity = \"plain\"\nuser = \"dan\"\n"
                + "password = \"pw\"\ntimeout_seconds = 30\n" + extra);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        return p;
    }

    /** Another IMAP client (Jakarta Mail) logged in as dan. */
    static Store other(GreenMailExtension greenMail) throws MessagingException {
        Store s = Session.getInstance(new Properties()).getStore("imap");
        s.connect("127.0.0.1", greenMail.getImap().getPort(), "dan", "pw");
        return s;
    }

    /** Message {@code n} of {@code folder}: subject "FOLDER n", Message-ID {@code <FOLDER-n@example.org>}. */
    static Message message(String folder, int n) throws MessagingException {
        return new MimeMessage(null, new ByteArrayInputStream(("From: s" + n + "@example.org\r\nTo: dan@localhost\r\n"
                + "Subject: " + folder + " " + n + "\r\nMessage-ID: <" + folder + "-" + n + "@example.org>\r\n"
                + "Date: Sun, 1 Mar 2026 10:0" + n + ":00 +0000\r\n\r\nbody " + n + "\r\n").getBytes(StandardCharsets.US_ASCII)));
    }
}
