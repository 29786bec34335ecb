package dev.postern.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The links a message's text holds, as the reader's U and {@code read --links} list them. */
class MessageLinksTest {
    private static List<String> of(String body) {
        return MessageLinks.of(new RenderedMessage(List.of(), body, List.of(), List.of()));
    }

    @Test
    void sentencePunctuationAndAnUnmatchedParenthesisAreNotPartOfTheUrl() {
        assertEquals(List.of("https://example.org/a", "http://x.example/b?c=1", "https://example.org/a_(b)",
                        "https://example.net/p", "mailto:bob@example.org"),
                of("See https://example.org/a. Or http://x.example/b?c=1!?; (https://example.org/a_(b)), "
                        + "(https://example.net/p) and mailto:bob@example.org."));
        assertEquals(List.of("https://example.org/q)x"), of("https://example.org/q)x"));
        assertEquals(List.of("https://example.org/q"), of("https://example.org/q)]."));
    }

    /**
     * Hunt 34-E1: a URL followed by a million full stops is one match of the pattern; cutting them off one
     * substring at a time copied the rest at each turn (106 s for this body, the reader's UI thread held). One
     * backward scan takes milliseconds: the bound, 20 s, is far above that on a loaded machine and far below the old way.
     */
    @Test
    void aUrlFollowedByAMillionFullStopsIsCutInLinearTime() {
        String body = "see http://x.example/" + ".".repeat(1_000_000) + "\n";
        List<String> links = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> of(body));
        assertEquals(List.of("http://x.example/"), links);
        String closing = "(see http://x.example/" + ")".repeat(1_000_000);
        assertEquals(List.of("http://x.example/" + ")".repeat(999_999)),
                assertTimeoutPreemptively(Duration.ofSeconds(20), () -> of(closing)));
    }
}
