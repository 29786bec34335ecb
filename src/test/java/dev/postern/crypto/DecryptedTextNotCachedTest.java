package dev.postern.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.render.AttachmentTextExtractor;
import dev.postern.render.MessageRenderer;
import dev.postern.render.RenderOptions;
import dev.postern.render.RenderedMessage;
import dev.postern.render.tika.CachingExtractor;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Text read from an attachment inside decrypted content is shown but not kept in the text cache (on disk, in clear)
 * unless the user set store_decrypted = true; the same attachment in an unencrypted message is cached as always.
 */
class DecryptedTextNotCachedTest {
    static GpgKeys keys;

    @BeforeAll
    static void keys() {
        keys = GpgKeys.get();
    }

    static final String PDF_MESSAGE = "Content-Type: multipart/mixed; boundary=\"in\"\r\n\r\n--in\r\nContent-Type: text/plain\r\n\r\n"
            + "see the report\r\n--in\r\nContent-Type: application/pdf; name=report.pdf\r\nContent-Disposition: attachment;"
            + " filename=report.pdf\r\n\r\n%PDF-1.4 quarterly figures\r\n--in--\r\n";

    /** A stand-in for Tika (this test is about the cache, not about reading PDFs). */
    static final AttachmentTextExtractor READER = (content, type) ->
            new AttachmentTextExtractor.Extraction(AttachmentTextExtractor.Status.OK,
                    "TEXT OF " + new String(content, StandardCharsets.ISO_8859_1).strip());

    static RenderedMessage render(byte[] raw, Map<String, byte[]> disk, boolean storeDecrypted) {
        CachingExtractor caching = new CachingExtractor(READER, new CachingExtractor.Cache() {
            @Override public Optional<byte[]> get(String key) { return Optional.ofNullable(disk.get(key)); }
            @Override public void put(String key, byte[] value) { disk.put(key, value); }
        }, "test", storeDecrypted);
        return new MessageRenderer(RenderOptions.defaults(), caching, keys.engine()).render(raw);
    }

    static byte[] encrypted() {
        String armor = ReadProtectedMailTest.encryptTo("alice@example.org", PDF_MESSAGE);
        keys(); // ReadProtectedMailTest.keys is static: make sure its fixture is set
        return ReadProtectedMailTest.pgpEncrypted("Bob <bob@example.org>", armor).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void decryptedAttachmentTextIsShownButNotCached() {
        ReadProtectedMailTest.keys = keys;
        Map<String, byte[]> disk = new HashMap<>();
        RenderedMessage m = render(encrypted(), disk, false);
        assertTrue(m.body().contains("TEXT OF %PDF-1.4 quarterly figures"), m.body());
        assertTrue(m.protections().get(0).encryption().decrypted());
        assertEquals(Map.of(), disk, "decrypted text reached the cache");
    }

    @Test
    void storeDecryptedLetsTheCacheKeepIt() {
        ReadProtectedMailTest.keys = keys;
        Map<String, byte[]> disk = new HashMap<>();
        render(encrypted(), disk, true);
        assertEquals(1, disk.size());
        assertTrue(new String(disk.values().iterator().next(), StandardCharsets.UTF_8).contains("quarterly figures"));
    }

    @Test
    void theSameAttachmentUnencryptedIsCachedAsAlways() {
        Map<String, byte[]> disk = new HashMap<>();
        RenderedMessage m = render(("From: bob@example.org\r\nMIME-Version: 1.0\r\n" + PDF_MESSAGE).getBytes(StandardCharsets.UTF_8), disk, false);
        assertTrue(m.body().contains("TEXT OF %PDF-1.4 quarterly figures"), m.body());
        assertEquals(1, disk.size());
    }
}
