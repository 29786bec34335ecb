package dev.postern.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.postern.compose.Draft;
import dev.postern.compose.Templates;
import dev.postern.model.Envelope;
import dev.postern.model.Flags;
import dev.postern.model.MessageRef;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The text of a batch reply (--body-file, stdin) goes where the reply template puts the answer: after its greeting, above
 * the attribution and quote; README's own example template "Hi %n,\n\n%A\n%q\n" had it land above "Hi Carol," (hunt
 * 33-Z, Z10). Without a template, or one that starts with the quote, it goes first, as before.
 */
class ReplyTextPlaceTest {
    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final Envelope ORIGINAL = new Envelope(new MessageRef("work", "INBOX", 1, 200), "<m@x>",
            Instant.parse("2026-12-01T10:00:00Z"), "Carol <carol@example.org>", null, null, "Plans", 10, Flags.NONE, null,
            null, null);

    private static String replied(Templates.Texts texts) {
        Draft d = Templates.reply("me@example.org", ORIGINAL, null, "See you.\n", false, Set.of(), UTC, texts);
        return AnswerCommand.withText(d, "my answer\n", Templates.replyLead(ORIGINAL, UTC, texts)).body();
    }

    @Test
    void theTextGoesAfterTheTemplatesGreeting() {
        Templates.Texts texts = new Templates.Texts(null, "Hi %n,\n\n%A\n%q\n", null, null);
        assertEquals("Hi Carol,\n\nmy answer\n\nOn Tue, 1 Dec 2026 at 10:00, Carol wrote:\n> See you.\n", replied(texts));
    }

    @Test
    void withoutAGreetingTheTextGoesFirst() {
        assertEquals("my answer\n\nOn Tue, 1 Dec 2026 at 10:00, Carol wrote:\n> See you.\n", replied(Templates.Texts.BUILT_IN));
        assertEquals("my answer\n\nOn Tue, 1 Dec 2026 at 10:00, Carol wrote:\n> See you.\n",
                replied(new Templates.Texts(null, "%A\n%q\n", null, null)));
    }
}
