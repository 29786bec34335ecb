package dev.postern.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.render.CryptoEngine;
import dev.postern.render.MessageRenderer;
import dev.postern.render.RenderOptions;
import dev.postern.render.RenderedMessage;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * hunt34-B B11: every inline PGP block of a part is checked (a tampered second clear-signed block after a good
 * one said nothing), and a block cut short says so. Real gpg.
 */
class InlinePgpBlocksTest {
    static GpgKeys keys;
    static MessageRenderer renderer;

    @BeforeAll
    static void keys() {
        keys = GpgKeys.get();
        renderer = new MessageRenderer(RenderOptions.defaults(), null, keys.engine());
    }

    private static String clearsigned(String text) {
        return new String(GpgKeys.ok(GpgKeys.gpg(keys.home, text.getBytes(StandardCharsets.UTF_8), "--local-user",
                "alice@example.org", "--clearsign"), "clearsign"), StandardCharsets.UTF_8);
    }

    private static RenderedMessage render(String body) {
        return renderer.render(("From: alice@example.org\r\nSubject: inline\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aTamperedSecondBlockIsBad() {
        String good = clearsigned("Pay 10 euros.\n");
        RenderedMessage m = render(good + "\r\n" + clearsigned("Ship the goods.\n").replace("Ship the", "Ship no"));
        assertEquals(2, m.protections().size(), m.body());
        assertEquals(CryptoEngine.Status.GOOD, m.protections().get(0).signature().status());
        assertEquals(CryptoEngine.Status.BAD, m.protections().get(1).signature().status());
        assertTrue(m.protections().get(0).partial() && m.protections().get(1).partial(), "neither covers the whole part");
        String body = m.body();
        int bad = body.indexOf("[postern] PGP BAD signature");
        assertTrue(bad > body.indexOf("[postern] end of signed part") && bad < body.indexOf("Ship no"), body);
    }

    @Test
    void aBlockCutShortSaysSo() {
        String clear = clearsigned("Pay 10 euros.\n");
        RenderedMessage m = render(clear.substring(0, clear.indexOf("-----END PGP SIGNATURE-----")));
        assertEquals(1, m.protections().size(), m.body());
        assertTrue(m.body().contains("[postern] PGP signature NOT verified (the armor block is cut short"), m.body());
        assertTrue(m.body().contains("Pay 10 euros."), m.body());
    }
}
