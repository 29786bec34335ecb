package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** postern read --links: the HTML's links in body order, then the text's URLs, each once; sanitised; --json. */
class ReadLinksTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(new ServerSetup[] {ServerSetupTest.IMAP.dynamicPort()});

    @TempDir Path dir;

    private String run(String... args) throws Exception {
        dev.postern.e2e.InProcessRun.Result r = dev.postern.e2e.InProcessRun.run(dir, dev.postern.e2e.PosternConfig.account(
                "test", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "alice", "secret", 5, null), args);
        assertEquals(0, r.code(), r.err());
        return r.out();
    }

    @Test
    void listsTheLinksNumberedOrAsJson() throws Exception {
        GreenMailUser alice = greenMail.setUser("alice@localhost", "alice", "secret");
        String raw = "From: Bob <bob@localhost>\r\nTo: alice@localhost\r\nSubject: links\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/html; charset=UTF-8\r\n\r\n"
                + "<p>See <a href=\"https://docs.example/guide\">the guide</a> and <a href=\"mailto:help@example.org\">help</a>."
                + " Also https://plain.example/page. and again <a href=\"https://docs.example/guide\">here</a>."
                + " Evil: https://x.example/\u001b[31mred</p>\r\n";
        alice.deliver(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8))));
        String text = run("read", "INBOX", "1", "--links", "--preview");
        assertEquals("1\thttps://docs.example/guide\n2\tmailto:help@example.org\n3\thttps://plain.example/page\n"
                + "4\thttps://x.example/^[[31mred\n", text.replace("\r\n", "\n"));
        String json = run("read", "INBOX", "1", "--links", "--json", "--preview");
        // The renderer already made the escape visible (^[), so JSON carries no control character either.
        assertEquals("{\"account\":\"test\",\"folder\":\"INBOX\",\"uid\":1,\"links\":[\"https://docs.example/guide\",\"mailto:help@example.org\","
                + "\"https://plain.example/page\",\"https://x.example/^[[31mred\"]}", json.strip());
        // read --json names its account as list's rows do (hunt33-Z Z18), so a script can pass rows of several accounts on.
        String whole = run("read", "INBOX", "1", "--json", "--preview");
        assertTrue(whole.startsWith("{\"account\":\"test\",\"folder\":\"INBOX\",\"uid\":1,\"headers\":"), whole);
    }
}
