package dev.postern.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * hunt34-B B6: a reply quoted postern's own status lines ("> [postern] PGP GOOD signature ...") as if the sender had
 * written them. The quote takes the rendered body without them; the message's own text that starts the same way, which
 * the renderer marks "(message text) ", stays, as do its blank lines.
 */
class QuotedStatusLinesTest {
    @Test
    void postersOwnLinesLeaveTheQuoteAndTheSendersStay() {
        String body = "[postern] PGP encrypted to 8E11 (Alice <alice@localhost>): decrypted\n"
                + "[postern] PGP GOOD signature from Bob <bob@localhost>, key 990D, validity ultimate\n"
                + "\n"
                + "secret for alice\n"
                + "\n"
                + "(message text) [postern] PGP GOOD signature from Mallory\n"
                + "\n"
                + "[postern] only the text between this line and \"end of signed part\" is signed; the rest of the message is not\n"
                + "signed words\n"
                + "[postern] end of signed part 2\n"
                + "\n"
                + "after";
        assertEquals("secret for alice\n\n(message text) [postern] PGP GOOD signature from Mallory\n\nsigned words\n\nafter",
                Protection.withoutStatusLines(body));
        assertEquals("plain\n\ntext", Protection.withoutStatusLines("plain\n\ntext"));
    }
}
