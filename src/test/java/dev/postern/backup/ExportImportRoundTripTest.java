package dev.postern.backup;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.Envelope;
import dev.postern.model.Flag;
import dev.postern.model.Flags;
import dev.postern.model.Folder;
import dev.postern.model.MessageRef;
import dev.postern.store.MapDbStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What postern exports, postern imports back: the same bytes and flags, in every format, for the shapes a
 * server holds (obsolete header syntax, a byte-order mark, a leading From line, a message's own Status
 * header, fuzzed garbage) and for every message of the public corpora. Compared byte for byte, except what
 * a format cannot carry, which the README and man page name: mbox is written with LF (a CR before a line end does
 * not come back), and cannot mark a missing last line end nor carry a NUL byte. Maildir's files are LF when that
 * loses nothing, else the server's bytes as they are.
 */
class ExportImportRoundTripTest {
    static final Path CORPORA = Path.of(System.getProperty("postern.corpora", "src/test/resources/corpora"));

    @TempDir Path dir;

    /** Shapes that were lost or changed (the hunt's faults 4 and 5), CRLF as a server holds them. */
    static Map<String, byte[]> shapes() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("obs-header-space-colon", "Subject :obsolete syntax\r\nFrom: a@x.org\r\n\r\nobs header\r\n");
        m.put("bom-start", "\u00ef\u00bb\u00bfFrom: bom@x.org\r\nSubject: starts with a BOM\r\n\r\nbody\r\n");
        m.put("from-line-start", "From bob@x.org Mon Jan  1 00:00:00 2024\r\nFrom: bob@x.org\r\nSubject: s\r\n\r\nbody\r\n");
        m.put("own-status", "From: a@x.org\r\nStatus: RO\r\nSubject: has its own Status header\r\n\r\nstatus\r\n");
        m.put("own-x-status", "X-Status: AF\r\nstatus: O\r\nFrom: a@x.org\r\n\r\nboth, one lower-case\r\n");
        m.put("already-prefixed", "X-Postern-Own-Status: RO\r\nx-postern-own-X-Postern-Own-x-status: D\r\n\r\nours, nested\r\n");
        m.put("header-only", "Subject: no body, no blank line\r\n");
        m.put("no-final-newline", "Subject: x\r\n\r\nlast line without newline");
        m.put("from-lines", "From: a@x\r\n\r\nFrom here on\r\n>From quoted\r\n\r\nFrom the start\r\n");
        // From lines in the header block (its start, middle and end, already quoted, a header without body) and in a
        // body that ends without a line end: every mbox reader splits at a From line (fix42-M, item 1).
        m.put("from-header-middle", "Subject: a\r\nFrom evil@x Mon Jan  1 00:00:00 2024\r\nTo: b@x\r\n\r\nbody\r\n");
        m.put("from-header-end", "Subject: a\r\nFrom evil@x Mon Jan  1 00:00:00 2024\r\n\r\nbody\r\n");
        m.put("from-header-quoted", "Subject: a\r\n>From evil@x Mon Jan  1 00:00:00 2024\r\n>>From x\r\n\r\n>From b\r\n");
        m.put("from-header-only", "Subject: a\r\nFrom evil@x Mon Jan  1 00:00:00 2024\r\n");
        m.put("from-body-unended", "Subject: a\r\n\r\nx\r\n\r\nFrom evil@x Mon Jan  1 00:00:00 2024");
        m.put("fuzz-one-byte", "M");
        m.put("fuzz-escape-name", "\u001brom: unit-tests@x\r\nSubject: s\r\n\r\nx\r\n");
        m.put("fuzz-8bit-name", "Subject\u00c3R\u00ff}: this is a subject\r\n\r\nx\r\n");
        m.put("fuzz-body-only", "This is a simple message not having headers\r\n");
        // Hunt 35-E E1: a CR before a line end, and CR-only lines in a message that starts with no header: Maildir
        // wrote them LF, the file no longer matched its name's hash, and import left the message out.
        m.put("fuzz-cr-only", "\u0001ubject: cr only\rFrom: a@b.example\r\rbody line\r\r\n");
        m.put("cr-before-lf", "Subject: cr before lf\r\nFrom: a@b.example\r\n\r\nbody line\r\r\n");
        m.put("bare-lf-among-crlf", "Subject: mixed\r\nFrom: a@b.example\n\r\nbody\nline\r\n");
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        m.forEach((k, v) -> bytes.put(k, v.getBytes(ISO_8859_1)));
        return bytes;
    }

    static Map<String, byte[]> corpora() throws Exception {
        Map<String, byte[]> m = new LinkedHashMap<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        try (Stream<Path> files = Files.walk(CORPORA)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                String n = f.getFileName().toString();
                if (n.endsWith(".xml") || n.startsWith("LICENSE") || n.startsWith("README") || n.equals("NOTICE")
                        || n.equals("MIT-LICENSE") || n.equals("COPYING")) continue;
                byte[] raw = LineEnds.toCrlf(Files.readAllBytes(f)); // as a server holds it
                if (seen.add(HexFormat.of().formatHex(raw))) m.put(CORPORA.relativize(f).toString(), raw); // once each

            }
        }
        assertTrue(m.size() > 150, "the corpora are there: " + m.size());
        return m;
    }

    private static Flags flags(int i) {
        return switch (i % 4) {
            case 0 -> Flags.of(Flag.SEEN, Flag.FLAGGED);
            case 1 -> Flags.of(Flag.ANSWERED, Flag.SEEN);
            case 2 -> Flags.of(Flag.DRAFT, Flag.DELETED);
            default -> Flags.NONE;
        };
    }

    @Test
    void everyFormatBringsBackWhatItCanCarryByteForByte() throws Exception {
        Map<String, byte[]> all = new LinkedHashMap<>(shapes());
        all.putAll(corpora());
        List<String> names = new ArrayList<>(all.keySet());
        try (MapDbStore s = MapDbStore.open(dir.resolve("data"))) {
            s.putFolder(new Folder("work", "INBOX", '/', 0, 0, java.util.Set.of()));
            List<Envelope> envs = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                MessageRef r = new MessageRef("work", "INBOX", 5, i + 1);
                envs.add(new Envelope(r, null, Instant.parse("2024-01-01T10:00:00Z").plusSeconds(i), "a@x", null, null,
                        names.get(i), 100, flags(i), null, null, null));
            }
            s.putEnvelopes(envs);
            for (int i = 0; i < names.size(); i++) s.attachBody(envs.get(i).ref(), all.get(names.get(i)));
            s.commit();
            Exporter ex = new Exporter(s);
            for (Exporter.Format format : Exporter.Format.values()) {
                Path out = dir.resolve(format.name());
                assertEquals(names.size(), ex.export("work", List.of("INBOX"), format, out, false).get(0).written());
                ArchiveReader.Result r = ArchiveReader.read(format == Exporter.Format.MBOX ? out.resolve("INBOX.mbox") : out.resolve("INBOX"));
                Map<String, List<ArchivedMessage>> back = new LinkedHashMap<>(); // mbox makes some two alike (a last line end)
                for (ArchivedMessage m : r.messages()) back.computeIfAbsent(HexFormat.of().formatHex(m.raw()), k -> new ArrayList<>()).add(m);
                List<String> wrong = new ArrayList<>();
                List<String> refused = new ArrayList<>();
                for (int i = 0; i < names.size(); i++) {
                    byte[] raw = all.get(names.get(i));
                    byte[] expected = format != Exporter.Format.MBOX ? raw : LineEnds.toCrlf(LineEnds.toLf(raw));
                    if (format == Exporter.Format.MBOX) {
                        String why = LineEnds.notMail(expected);
                        if (why != null && !why.startsWith("does not start")) { // after a From line, only what IMAP cannot carry
                            refused.add(names.get(i));
                            continue;
                        }
                        if (expected[expected.length - 1] != '\n') expected = concat(expected, "\r\n".getBytes(ISO_8859_1));
                    }
                    List<ArchivedMessage> alike = back.getOrDefault(HexFormat.of().formatHex(expected), new ArrayList<>());
                    Flags want = flags(i);
                    ArchivedMessage m = alike.stream().filter(a -> format == Exporter.Format.EML || a.flags().equals(want))
                            .findFirst().orElse(alike.isEmpty() ? null : alike.get(0));
                    if (m != null) alike.remove(m);
                    if (m == null) wrong.add(names.get(i) + " did not come back as it was");
                    else if (format != Exporter.Format.EML && !m.flags().equals(flags(i))) wrong.add(names.get(i) + " flags " + m.flags());
                }
                assertEquals(List.of(), wrong, format + ": every message comes back, byte for byte");
                assertEquals(List.of(), back.values().stream().flatMap(List::stream).toList(), format + ": nothing more");
                assertEquals(refused.size(), r.skipped().size(), format + " skipped " + r.skipped());
                if (format == Exporter.Format.MBOX) {
                    // A message whose first line is no header field comes back too (hunt 32-U, F1: the From line before it
                    // says it is one, as mutt and Dovecot read it); a NUL byte IMAP cannot carry stays out, and is said.
                    assertEquals(List.of("mimekit/compliance/unexpected-null-bytes-in-body.eml",
                            "mimekit/compliance/unexpected-null-bytes-in-headers.eml"), refused);
                } else {
                    assertEquals(List.of(), refused);
                }
            }
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
