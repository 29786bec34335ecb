package dev.postern.render.tika;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.postern.render.AttachmentTextExtractor.Extraction;
import dev.postern.render.AttachmentTextExtractor.Status;
import dev.postern.store.TextCache;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CachingExtractorTest {
    @TempDir Path dir;

    private static CachingExtractor.Cache on(TextCache c) {
        return new CachingExtractor.Cache() {
            @Override public java.util.Optional<byte[]> get(String key) { return c.get(key); }
            @Override public void put(String key, byte[] value) { c.put(key, value); }
        };
    }

    @Test
    void textIsParsedOncePerContentAndSurvivesAReopen() {
        AtomicInteger calls = new AtomicInteger();
        byte[] doc = "same bytes".getBytes(StandardCharsets.UTF_8);
        try (TextCache cache = TextCache.open(dir)) {
            CachingExtractor x = new CachingExtractor((c, t) -> {
                calls.incrementAndGet();
                return new Extraction(Status.OK, "text of " + new String(c, StandardCharsets.UTF_8) + " ✓");
            }, on(cache), "chars=10");
            assertEquals("text of same bytes ✓", x.extract(doc, "application/pdf").text());
            assertEquals("text of same bytes ✓", x.extract(doc.clone(), "application/pdf").text());
            assertEquals(1, calls.get());
        }
        try (TextCache cache = TextCache.open(dir)) {
            CachingExtractor x = new CachingExtractor((c, t) -> {
                calls.incrementAndGet();
                return new Extraction(Status.OK, "new");
            }, on(cache), "chars=10");
            assertEquals(new Extraction(Status.OK, "text of same bytes ✓"), x.extract(doc, "application/pdf"));
            assertEquals(1, calls.get(), "committed and read back after a reopen");
            x.extract(doc, "text/plain");
            assertEquals(2, calls.get(), "the type is part of the key");
        }
    }

    @Test
    void timeOutsAndAnUnavailableReaderAreNotRemembered() {
        AtomicInteger calls = new AtomicInteger();
        try (TextCache cache = TextCache.open(dir)) {
            CachingExtractor x = new CachingExtractor((c, t) -> new Extraction(
                    calls.incrementAndGet() == 1 ? Status.TIMEOUT : Status.UNAVAILABLE, ""), on(cache), "s");
            x.extract(new byte[] {1}, "application/pdf");
            x.extract(new byte[] {1}, "application/pdf");
            x.extract(new byte[] {1}, "application/pdf");
            assertEquals(3, calls.get());
            assertEquals(0, cache.size());
        }
    }

    @Test
    void aDamagedCacheFileIsReplacedNotFatal() throws Exception {
        Files.write(dir.resolve(TextCache.FILE_NAME), "not a mapdb file at all".repeat(100).getBytes(StandardCharsets.US_ASCII));
        try (TextCache cache = TextCache.open(dir)) {
            cache.put("k", new byte[] {1, 2});
            assertEquals(2, cache.get("k").orElseThrow().length);
        }
    }
}
