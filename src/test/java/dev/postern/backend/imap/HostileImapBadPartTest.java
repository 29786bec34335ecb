package dev.postern.backend.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.backend.imap.HostileImapAnswersTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An attachment of a large message (read by its parts) whose base64 is bad is decoded leniently, as the same
 * attachment of a small message is: before, Angus's strict decoder failed, and its IOException was reported as a
 * lost connection (75, "try again later") for ever.
 */
@Timeout(60)
class HostileImapBadPartTest {
    @TempDir Path dir;

    @Test
    void badBase64InAPartIsDecodedLenientlyNotALostLink() throws Exception {
        try (HostileImap s = new HostileImap()) {
            Pattern section = Pattern.compile("BODY(?:\\.PEEK)?\\[(\\d+)\\]");
            HostileImap.Answer a = (c, tag, args) -> {
                String up = args.toUpperCase();
                Matcher m = section.matcher(up);
                if (up.contains("BODYSTRUCTURE")) {
                    c.say("* 1 FETCH (UID 7 RFC822.SIZE " + HostileImap.RAW.length() + " BODYSTRUCTURE ((\"text\" \"plain\""
                            + " (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 5 1) (\"application\" \"octet-stream\""
                            + " (\"name\" \"a.bin\") NIL NIL \"base64\" 100) \"mixed\"))");
                } else if (up.contains("BODY.PEEK[HEADER]")) {
                    String h = HostileImap.RAW.substring(0, HostileImap.RAW.indexOf("\r\n\r\n") + 2)
                            + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n";
                    c.raw(("* 1 FETCH (UID 7 BODY[HEADER] {" + h.length() + "}\r\n" + h + ")\r\n").getBytes(
                            java.nio.charset.StandardCharsets.US_ASCII));
                } else if (m.find()) {
                    // Part 1 is the text; part 2 is "base64" that is not: 5 characters, 'hello'.
                    c.raw(("* 1 FETCH (UID 7 BODY[" + m.group(1) + "] {5}\r\nhello)\r\n").getBytes(
                            java.nio.charset.StandardCharsets.US_ASCII));
                } else {
                    // HostileImap sends the whole message with any answer that names RFC822 (RFC822.SIZE too).
                    s.plainly(c, tag, "UID FETCH", args.replace("RFC822.SIZE", ""));
                    return;
                }
                c.say(tag + " OK done");
            };
            s.on("UID FETCH", a).on("FETCH", a);
            Path out = Files.createDirectories(dir.resolve("out"));
            Run r = HostileImapAnswersTest.run(dir, s, "fetch_whole_below = 10\n", "attachment", "save", "INBOX", "7",
                    "--out", out.toString());
            assertEquals(0, r.code(), r + " " + s.got);
            assertFalse(r.err().contains("was lost"), r.toString());
            assertTrue(s.got.stream().anyMatch(l -> l.toUpperCase().contains("BODY.PEEK[2]")), "read by parts: " + s.got);
            Path saved = out.resolve("a.bin");
            assertTrue(Files.exists(saved), r.toString());
            // 'hello' read leniently: 'hell' is one quantum, 'o' alone makes no byte.
            assertEquals("85e965", java.util.HexFormat.of().formatHex(Files.readAllBytes(saved)), r.toString());
        }
    }
}
