package dev.postern.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.backend.pop3.Pop3Mapper;
import dev.postern.model.Envelope;
import dev.postern.model.Folder;
import dev.postern.model.MessageRef;
import dev.postern.store.MapDbStore;
import dev.postern.thread.Columns;
import dev.postern.thread.Threader;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mail no corpus holds: every corpus message cut, bit-flipped, stripped of a line, of its boundaries or of its
 * line ends, given a flood of headers, a megabyte-long line or a deep nest of parts (seeded, so a failure is
 * replayed by its name). Each mutant goes the way fetched mail goes: read into an envelope (never throws), stored
 * and read back byte for byte, laid out as index columns, threaded with all the others, and rendered in time
 * and terminal-safe. The class of fault this guards is "one odd message breaks a stage", whatever the oddity.
 */
class MutatedCorpusTest {
    static final long SEED = 0x705_7e4L;
    static final Duration PER_RENDER = Duration.ofSeconds(10);

    @TempDir Path dir;

    record Mutant(String name, byte[] bytes) {}

    @Test
    void everyMutantOfEveryCorpusMessageIsListedStoredThreadedAndRendered() throws Exception {
        List<Path> files = CorpusRenderTest.messages().toList();
        assertTrue(files.size() >= 198, "the corpus is there: " + files.size());
        Random random = new Random(Long.getLong("postern.mutate.seed", SEED));
        List<Mutant> mutants = new ArrayList<>();
        for (Path f : files) {
            byte[] raw = Files.readAllBytes(f);
            String name = CorpusRenderTest.CORPORA.relativize(f).toString();
            // Two mutants a message, the kind chosen by the seed: every kind meets many messages.
            for (int k = 0; k < 2; k++) {
                int kind = random.nextInt(KINDS);
                mutants.add(new Mutant(name + " #" + kind, mutate(raw, kind, random)));
            }
        }

        List<Envelope> envelopes = new ArrayList<>();
        try (MapDbStore store = MapDbStore.open(dir.resolve("data"))) {
            store.putFolder(new Folder("m", "INBOX", '/', 0, 0, java.util.Set.of()));
            long uid = 0;
            for (Mutant m : mutants) {
                MessageRef ref = new MessageRef("m", "INBOX", 7, ++uid);
                Envelope e = Pop3Mapper.envelope(ref, m.bytes(), m.bytes().length, Instant.parse("2026-01-01T00:00:00Z"));
                assertNotNull(e, m.name());
                envelopes.add(e);
                store.putEnvelopes(List.of(e));
                store.attachBody(ref, m.bytes());
                store.commit();
                assertEquals(e.subject(), store.envelope(ref).orElseThrow().subject(), m.name() + ": subject kept");
                assertArrayEquals(m.bytes(), store.body(ref).orElseThrow(), m.name() + ": stored byte for byte");
            }
        }
        Columns columns = Columns.of(envelopes);
        assertEquals(envelopes.size(), columns.size());
        for (int i = 0; i < columns.size(); i++) {
            // Stored as sent; what every screen draws goes through the Sanitizer.
            RenderAssertions.assertSafe(Sanitizer.oneLine(columns.subject(i)), false);
            RenderAssertions.assertSafe(Sanitizer.oneLine(columns.from(i)), false);
        }
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertTrue(Threader.thread(envelopes).size() > 0));

        MessageRenderer renderer = new MessageRenderer();
        for (Mutant m : mutants) {
            RenderedMessage r = assertTimeoutPreemptively(PER_RENDER, () -> renderer.render(m.bytes()), m.name());
            RenderAssertions.assertTerminalSafe(r);
        }
    }

    static final int KINDS = 9;

    /** One mutant of {@code raw}; kind 0..KINDS-1. */
    static byte[] mutate(byte[] raw, int kind, Random random) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        switch (kind) {
            case 0: // cut anywhere
                return java.util.Arrays.copyOf(raw, raw.length == 0 ? 0 : random.nextInt(raw.length));
            case 1: { // bytes flipped, escapes and NULs among them
                byte[] b = raw.clone();
                for (int i = 0; i < 24 && b.length > 0; i++) {
                    int v = random.nextInt(4) == 0 ? new int[] {0, 0x1b, 0x9b, 0xff, '\r', '\n'}[random.nextInt(6)] : random.nextInt(256);
                    b[random.nextInt(b.length)] = (byte) v;
                }
                return b;
            }
            case 2: { // one line gone (often a boundary or a header's first line)
                String[] lines = text.split("\n", -1);
                if (lines.length < 2) return raw;
                int drop = random.nextInt(lines.length);
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < lines.length; i++) if (i != drop) sb.append(lines[i]).append(i + 1 < lines.length ? "\n" : "");
                return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
            }
            case 3: { // a flood of headers: 3,000 Received and a 200-deep References chain with a loop
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < 3000; i++) sb.append("Received: from h").append(i).append(" by x; Mon, 1 Jan 2024 00:00:00 +0000\r\n");
                sb.append("References:");
                for (int i = 0; i < 200; i++) sb.append(" <r").append(i % 150).append("@loop>");
                sb.append("\r\nIn-Reply-To: <r0@loop>\r\n");
                return (sb + text).getBytes(StandardCharsets.ISO_8859_1);
            }
            case 4: // every boundary parameter points at nothing
                return text.replaceAll("(?i)boundary=\"?[^\";\\r\\n]+\"?", "boundary=\"nowhere-" + random.nextInt(1000) + "\"")
                        .getBytes(StandardCharsets.ISO_8859_1);
            case 5: // line ends: bare CR, or none but LF mixed with CRLF
                return (random.nextBoolean() ? text.replace("\r\n", "\r").replace("\n", "\r") : text.replace("\r\n", "\n").replace("\n\n", "\r\n\n"))
                        .getBytes(StandardCharsets.ISO_8859_1);
            case 6: { // a megabyte-long line in the body, no space in it
                int at = text.indexOf("\n\n");
                if (at < 0) at = text.indexOf("\r\n\r\n");
                at = at < 0 ? text.length() : at + 2;
                return (text.substring(0, at) + "x".repeat(1 << 20) + "\r\n" + text.substring(at)).getBytes(StandardCharsets.ISO_8859_1);
            }
            case 7: { // the message inside 300 nested multiparts, the innermost never closed
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                String head = "From: nest@x\r\nSubject: nested\r\nMIME-Version: 1.0\r\n";
                StringBuilder sb = new StringBuilder(head);
                for (int i = 0; i < 300; i++) {
                    sb.append("Content-Type: multipart/mixed; boundary=\"b").append(i).append("\"\r\n\r\n--b").append(i).append("\r\n");
                }
                sb.append("Content-Type: message/rfc822\r\n\r\n");
                out.writeBytes(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
                out.writeBytes(raw);
                return out.toByteArray();
            }
            default: { // header fields with encoded words broken in every way, and unpaired UTF-8
                String evil = "Subject: =?utf-8?B?" + "////" .repeat(random.nextInt(50)) + "?= =?x-unknown?Q?=FF=FE?= =?utf-8?q?\u00ff=1b[2J?=\r\n"
                        + "From: =?utf-8?b?7aCA?= <" + "a".repeat(5000) + "@" + "b".repeat(5000) + ">\r\n"
                        + "Date: Sun, 31 Feb 99999 25:61:61 +9999\r\n";
                return (evil + text).getBytes(StandardCharsets.ISO_8859_1);
            }
        }
    }
}
