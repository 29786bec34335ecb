package dev.postern.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.Envelope;
import dev.postern.model.MessageRef;
import dev.postern.model.PosternException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** mutt's list-reply: Mail-Followup-To first, else List-Post's mailto: address (RFC 2369), never to oneself. */
class ListReplyTest {
    private static final Envelope POST = new Envelope(new MessageRef("a", "INBOX", 1, 7), "<m7@example.org>",
            Instant.parse("2026-11-20T09:30:00Z"), "Bob <bob@example.org>", List.of("dev@lists.example.org"),
            List.of("me@example.org"), "[dev] release", 100, null, null, List.of(), null);

    private static byte[] raw(String headers) {
        return (headers + "From: Bob <bob@example.org>\r\n\r\nbody").getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void listPostGivesTheAddressAndTheReplyThreadsAndQuotes() {
        Draft d = Templates.listReply("me@example.org", POST,
                raw("List-Id: Dev <dev.lists.example.org>\r\nList-Post: <mailto:dev@lists.example.org?subject=help>,\r\n"
                        + " <https://lists.example.org/dev/post>\r\nReply-To: bob-private@example.org\r\n"),
                "Ship it?", Set.of("me@example.org"), ZoneOffset.UTC);
        assertEquals(List.of("dev@lists.example.org"), d.to(), "the list, not Reply-To or the sender");
        assertEquals(List.of(), d.cc());
        assertEquals("Re: [dev] release", d.subject());
        assertEquals("<m7@example.org>", d.inReplyTo());
        assertTrue(d.body().contains("> Ship it?"), d.body());
    }

    @Test
    void mailFollowupToWinsAndLeavesMeOut() {
        Draft d = Templates.listReply("me@example.org", POST,
                raw("List-Post: <mailto:dev@lists.example.org>\r\n"
                        + "Mail-Followup-To: dev@lists.example.org, Me <me@example.org>, bob@example.org\r\n"),
                "x", Set.of("me@example.org"), ZoneOffset.UTC);
        assertEquals(List.of("dev@lists.example.org", "bob@example.org"), d.to());
    }

    @Test
    void noListOrNoPostingIsOneSentence() {
        PosternException none = assertThrows(PosternException.class, () -> Templates.listReply("me@example.org", POST,
                raw("List-Id: <dev.lists.example.org>\r\n"), "x", Set.of(), ZoneOffset.UTC));
        assertEquals(64, none.exitCode().code());
        assertTrue(none.getMessage().startsWith("this message names no list address"), none.getMessage());
        PosternException closed = assertThrows(PosternException.class, () -> Templates.listReply("me@example.org", POST,
                raw("List-Post: NO (posting not allowed on this list)\r\n"), "x", Set.of(), ZoneOffset.UTC));
        assertTrue(closed.getMessage().contains("does not take posts"), closed.getMessage());
    }

    @Test
    void listPostAddressTakesTheFirstMailtoAndDecodesIt() {
        assertEquals("dev+announce@lists.example.org", Templates.listPostAddress("<mailto:dev%2Bannounce@lists.example.org>"));
        assertEquals("a@b.example", Templates.listPostAddress("<http://x.example/post>, <MAILTO:a@b.example?subject=hi>"));
        assertNull(Templates.listPostAddress("<http://x.example/post>"));
    }
}
