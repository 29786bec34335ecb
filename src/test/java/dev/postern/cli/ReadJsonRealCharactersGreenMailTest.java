package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * hunt37-J J9: {@code read --json} gives a message's headers with their real characters, JSON-escaped, and says the
 * same From and Subject as {@code list --json}; the caret and {@code <U+..>} notation is the terminal's, and stays in
 * the text output.
 */
class ReadJsonRealCharactersGreenMailTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path home;

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
        assertTrue(m.find(), name + " in " + json);
        return m.group(1);
    }

    @Test
    void readJsonHeadersAreTheRealCharactersAsListSaysThem() throws Exception {
        String raw = "From: \"Quote \\\"Q\\\" Back\\\\\" <q@example.org>\r\nTo: a@example.org\r\n"
                + "Subject: tab\tend esc\u001b[31m nul\u0000byte rlo \u202e del \u007f\r\n"
                + "Message-ID: <j9@x>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nhello\r\n";
        greenMail.setUser("alice@localhost", "alice", "secret").deliver(new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8))));
        Path cfg = CliRun.writeConfig(home.resolve("config.toml"), home.resolve("data"),
                CliRun.account("t", "imap", greenMail.getImap().getPort(), "alice", "secret"));

        CliRun.Result list = CliRun.run(home, cfg, "list", "--json");
        assertEquals(0, list.code(), list.err());
        CliRun.Result read = CliRun.run(home, cfg, "read", "--json", "--preview", "1");
        assertEquals(0, read.code(), read.err());

        String subject = field(read.out(), "subject");
        assertEquals(field(list.out(), "subject"), subject, read.out());
        assertEquals(field(list.out(), "from"), field(read.out(), "from"), read.out());
        assertEquals("Quote \\\"Q\\\" Back\\\\ <q@example.org>", field(read.out(), "from"));
        assertTrue(subject.contains("tab\\tend esc\\u001b[31m"), subject);
        assertTrue(subject.contains("\\u202e") && subject.contains("\\u007f"), subject);
        assertFalse(subject.contains("^[") || subject.contains("<U+202E>") || subject.contains("^?"), subject);

        // The text output is the terminal's: sanitised as before.
        CliRun.Result text = CliRun.run(home, cfg, "read", "--preview", "1");
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("esc^[[31m") && text.out().contains("<U+202E>"), text.out());
        assertFalse(text.out().contains("\u001b") || text.out().contains("\u202e"), text.out());
    }
}
