package dev.postern.backend.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.backend.imap.HostileImapAnswersTest.Run;
import dev.postern.backend.link.ScriptedServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: where the server offers SASL-IR (RFC 4959; Dovecot does), the login is one line, {@code AUTHENTICATE PLAIN}
 * with the credentials on it, and one round trip; Angus sent the command alone, waited for "+", then the credentials
 * (two round trips before every connection's first command). A refusal reads as it did, a server that asks with "+"
 * all the same gets its credentials Angus's way, and one that does not offer SASL-IR is logged in as before.
 */
@Timeout(60)
class SaslInitialResponseTest {
    @TempDir Path dir;

    private static final String CREDS = Base64.getEncoder().encodeToString("\0alice\0secret".getBytes(StandardCharsets.UTF_8));

    /**
     * A server with AUTH=PLAIN (and SASL-IR when {@code ir}): the credentials on the command's line are checked;
     * without them it asks with "+" and reads them from the next line (a "*" there cancels: BAD); {@code refusal} is
     * its answer to good credentials, or null for OK.
     */
    private static HostileImap server(boolean ir, boolean asksAnyway, String refusal) throws Exception {
        HostileImap s = new HostileImap();
        s.capabilities = "IMAP4rev1 UIDPLUS AUTH=PLAIN" + (ir ? " SASL-IR" : "");
        s.on("AUTHENTICATE", (c, tag, args) -> {
            String[] w = args.split(" ");
            String given = w.length > 1 ? w[1] : null;
            if (given == null || asksAnyway) {
                c.say("+ ");
                given = ScriptedServer.line(c.in());
                s.got.add(given);
                if ("*".equals(given)) {
                    c.say(tag + " BAD cancelled");
                    return;
                }
            }
            c.say(tag + " " + (!CREDS.equals(given) ? "NO [AUTHENTICATIONFAILED] wrong" : refusal != null ? refusal
                    : "OK [CAPABILITY IMAP4rev1 UIDPLUS] logged in"));
        });
        return s;
    }

    private Run list(HostileImap s, String name) throws Exception {
        return HostileImapAnswersTest.run(Files.createDirectories(dir.resolve(name)), s, "", "list");
    }

    private static List<String> logins(HostileImap s) {
        return s.got.stream().filter(l -> l.contains("AUTHENTICATE") || l.contains("LOGIN") || l.equals(CREDS) || l.equals("*")).toList();
    }

    @Test
    void theLoginIsOneLineWhereTheServerOffersSaslIr() throws Exception {
        try (HostileImap s = server(true, false, null)) {
            Run r = list(s, "ir");
            assertEquals(0, r.code(), r + " " + s.got);
            assertTrue(r.out().contains("hello"), r.toString());
            List<String> sent = logins(s);
            assertEquals(1, sent.size(), "one login line, the credentials on it: " + sent);
            assertTrue(sent.get(0).endsWith(" AUTHENTICATE PLAIN " + CREDS), sent.toString());
        }
        try (HostileImap s = server(false, false, null)) {
            Run r = list(s, "no-ir");
            assertEquals(0, r.code(), r + " " + s.got);
            List<String> sent = logins(s);
            assertEquals(2, sent.size(), "without SASL-IR: the command, then the credentials on the server's '+': " + sent);
            assertTrue(sent.get(0).endsWith(" AUTHENTICATE PLAIN") && sent.get(1).equals(CREDS), sent.toString());
        }
    }

    @Test
    void aRefusalReadsAsWithoutSaslIr() throws Exception {
        for (String refusal : new String[] {"NO [AUTHENTICATIONFAILED] nope", "NO [UNAVAILABLE] backend down"}) {
            Run with;
            Run without;
            try (HostileImap s = server(true, false, refusal)) {
                with = list(s, "ir-" + refusal.length());
                assertEquals(1, logins(s).size(), logins(s).toString());
            }
            try (HostileImap s = server(false, false, refusal)) {
                without = list(s, "no-ir-" + refusal.length());
            }
            assertTrue(with.code() == 78 || with.code() == 75, with.toString());
            assertEquals(without.code(), with.code(), with + " / " + without);
            assertEquals(without.err().replaceAll(":[0-9]+", ":PORT"), with.err().replaceAll(":[0-9]+", ":PORT"));
        }
    }

    @Test
    void aServerThatAsksAllTheSameGetsTheCredentialsAngussWay() throws Exception {
        try (HostileImap s = server(true, true, null)) {
            Run r = list(s, "asks");
            assertEquals(0, r.code(), r + " " + s.got);
            assertTrue(r.out().contains("hello"), r.toString());
            List<String> sent = logins(s);
            assertEquals(4, sent.size(), sent.toString());
            assertTrue(sent.get(0).endsWith(" AUTHENTICATE PLAIN " + CREDS) && sent.get(1).equals("*")
                    && sent.get(2).endsWith(" AUTHENTICATE PLAIN") && sent.get(3).equals(CREDS), sent.toString());
        }
    }
}
