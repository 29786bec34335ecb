package dev.postern.attach;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SafeNameTest {
    @TempDir Path dir;

    @Test
    void hostileNamesBecomeOneHarmlessSegment() {
        assertEquals("bashrc", SafeName.of("../../.bashrc", 1));
        assertEquals("_(touch x).pdf", SafeName.of("$(touch x).pdf", 1));
        assertEquals("_touch x_.pdf", SafeName.of("`touch x`.pdf", 1));
        assertEquals("passwd", SafeName.of("/etc/passwd", 1));
        assertEquals("evil.exe", SafeName.of("C:\\Windows\\evil.exe", 1));
        assertEquals("ab.txt", SafeName.of("a\u0000b.txt", 1));
        assertEquals("a[31mb.txt", SafeName.of("a\u001b[31mb.txt", 1));
        assertEquals("ab.txt", SafeName.of("a\r\nb.txt", 1).replace(" ", ""));
        // Right-to-left override would show "invoice_exe.pdf" for an .exe; it is removed.
        assertEquals("invoicefdp.exe", SafeName.of("invoice\u202Efdp.exe", 1));
        assertEquals("a b.pdf", SafeName.of("a\u2066 \u2069b.pdf", 1));
        assertEquals("report.pdf", SafeName.of("-report.pdf", 1));
        assertEquals("report.pdf", SafeName.of("--report.pdf", 1));
        assertEquals("x_y_z.txt", SafeName.of("x;y|z.txt", 1));
    }

    /** Hunt 39-I, I4: a letter the file names' charset lacks is '_' (the save went on to fail, 78, for all of them). */
    @Test
    void lettersTheFileNamesCharsetLacksBecomeUnderscores() {
        java.nio.charset.Charset latin1 = StandardCharsets.ISO_8859_1;
        assertEquals("_______.pdf", SafeName.of("日本語の報告書.pdf", 1, latin1));
        assertEquals("Grüße.txt", SafeName.of("Grüße.txt", 2, latin1));
        assertEquals("Gr__e.txt", SafeName.of("Grüße.txt", 2, StandardCharsets.US_ASCII));
        assertEquals("日本語の報告書.pdf", SafeName.of("日本語の報告書.pdf", 1, StandardCharsets.UTF_8));
        assertTrue(SafeName.unnamable("日本語の報告書.pdf", latin1));
        assertFalse(SafeName.unnamable("Grüße.txt", latin1));
        assertFalse(SafeName.unnamable("a\u202Eb.txt", latin1), "a dropped control is not a lost letter");
    }

    /** Hunt 36-S, S9: blank "letters" and other default-ignorables pushed the real extension out of sight. */
    @Test
    void invisibleLettersAndMarksAreDropped() {
        assertEquals("invoice.pdf.desktop", SafeName.of("invoice.pdf" + "\u3164".repeat(20) + ".desktop", 1));
        assertEquals("invoice.pdf.desktop", SafeName.of("invoice.pdf\u115F\u1160\uFFA0.desktop", 1));
        assertEquals("paypal.pdf", SafeName.of("pay\u034Fpal\uFEFF\u00AD.pdf", 1));
        assertEquals("ab.txt", SafeName.of("a" + new String(Character.toChars(0x1D173)) + "\u17B4b.txt", 1));
    }

    @Test
    void emptyDotsAndDevicesGetAUsableName() {
        assertEquals("attachment-3", SafeName.of(null, 3));
        assertEquals("attachment-3", SafeName.of("", 3));
        assertEquals("attachment-3", SafeName.of("   ", 3));
        assertEquals("attachment-3", SafeName.of(".", 3));
        assertEquals("attachment-3", SafeName.of("..", 3));
        assertEquals("attachment-3", SafeName.of("../..", 3));
        assertEquals("attachment-3", SafeName.of("\u202E\u0000", 3));
        assertEquals("_CON.txt", SafeName.of("CON.txt", 1));
        assertEquals("_nul", SafeName.of("nul", 1));
        assertEquals("_LPT1", SafeName.of("LPT1", 1));
        assertEquals("CONTRACT.txt", SafeName.of("CONTRACT.txt", 1));
        assertEquals("name", SafeName.of("name. . ", 1));
    }

    @Test
    void keepsOrdinaryNamesAndOtherScripts() {
        assertEquals("Quarterly report (final).pdf", SafeName.of("Quarterly report (final).pdf", 1));
        assertEquals("Grüße über Äpfel.docx", SafeName.of("Gru\u0308ße über Äpfel.docx", 1));
        assertEquals("報告書.xlsx", SafeName.of("報告書.xlsx", 1));
        assertEquals("отчёт.odt", SafeName.of("отчёт.odt", 1));
        assertEquals("Prüfbericht €.bin", SafeName.of("Prüfbericht €.bin", 1));
        assertEquals("party 🎉.png", SafeName.of("party 🎉.png", 1));
        assertEquals("a_b.txt", SafeName.of("a\u2215b.txt", 1), "a look-alike slash is not kept");
    }

    @Test
    void veryLongNamesAreCutKeepingTheExtension() {
        String s = SafeName.of("ü".repeat(5000) + ".pdf", 1);
        assertTrue(s.getBytes(StandardCharsets.UTF_8).length <= SafeName.MAX_BYTES, s);
        assertTrue(s.endsWith("ü.pdf"), s);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../.bashrc", "$(touch x).pdf", "/etc/passwd", "..", ".", "", "a/../../b",
            "\u0000", "con", "x\u202E\u0000/..\\..", "~/.ssh/authorized_keys", "name\nwith\nlines", "   .hidden"})
    void savingNeverWritesOutsideTheDirectoryOrRunsAnything(String name) throws IOException {
        Path out = Files.createDirectory(dir.resolve("out"));
        Path written = AttachmentSaver.save(out, name, 1, "data".getBytes(StandardCharsets.US_ASCII));
        assertEquals(out.toRealPath(), written.getParent());
        assertEquals("data", Files.readString(written));
        try (Stream<Path> all = Files.walk(dir.toRealPath())) {
            assertEquals(List.of(dir.toRealPath(), out.toRealPath(), written), all.sorted().toList(), "exactly one new file");
        }
        assertFalse(Files.exists(dir.resolve("x")) || Files.exists(out.resolve("x")), "nothing ran");
    }

    @Test
    void anExistingFileOrPlantedLinkIsNeverOverwritten() throws IOException {
        Path out = Files.createDirectory(dir.resolve("out"));
        Path victim = Files.writeString(dir.resolve("victim"), "keep");
        Files.createSymbolicLink(out.resolve("report.pdf"), victim);
        Path first = AttachmentSaver.save(out, "report.pdf", 1, "one".getBytes(StandardCharsets.US_ASCII));
        Path second = AttachmentSaver.save(out, "report.pdf", 1, "two".getBytes(StandardCharsets.US_ASCII));
        assertEquals("report (1).pdf", first.getFileName().toString());
        assertEquals("report (2).pdf", second.getFileName().toString());
        assertEquals("keep", Files.readString(victim));
        assertEquals("two", Files.readString(second));
    }

    /** Hunt 27, F16: a save that fails part-way (a full disk) leaves nothing under the name; the retry gets the name. */
    @Test
    void aFailedSaveLeavesNoFileAndTheRetryGetsTheRealNameOwnerOnly() throws IOException {
        Path out = Files.createDirectory(dir.resolve("out"));
        IOException full = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> AttachmentSaver.save(out,
                "contract.pdf", 1, o -> {
                    o.write("half of it".getBytes(StandardCharsets.US_ASCII));
                    throw new IOException("No space left on device");
                }));
        assertEquals("No space left on device", full.getMessage());
        try (Stream<Path> left = Files.list(out)) {
            assertEquals(List.of(), left.toList(), "no partial file, under the name or a temporary one");
        }
        Path saved = AttachmentSaver.save(out, "contract.pdf", 1, "all of it".getBytes(StandardCharsets.US_ASCII));
        assertEquals(out.toRealPath().resolve("contract.pdf"), saved);
        assertEquals("all of it", Files.readString(saved));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(saved)));
        try (Stream<Path> left = Files.list(out)) {
            assertEquals(1, left.count(), "the temporary file is gone");
        }
    }

    /** Hunt 34-E4: a file name of a letter and a million marks in reverse order is normalised in linear time. */
    @Test
    void aNameOfAMillionMarksInReverseOrderIsMadeSafeInLinearTime() {
        String name = "a" + "\u0301".repeat(500_000) + "\u0316".repeat(500_000) + ".txt";
        String safe = assertTimeoutPreemptively(java.time.Duration.ofSeconds(20), () -> SafeName.of(name, 1));
        assertTrue(safe.startsWith("\u00e1") && safe.getBytes(StandardCharsets.UTF_8).length <= SafeName.MAX_BYTES, safe);
    }

    /**
     * Hunt 41-H, H4: a message of 3,000 parts all named a.txt saved 1,000 of them and stopped, blaming the disk. Past
     * the 999th number the part's index names the file, so every part is saved, each once.
     */
    @Test
    void everyPartOfOneNameIsSavedPastTheNumberedNames() throws IOException {
        Path out = Files.createDirectory(dir.resolve("out"));
        java.util.Set<String> names = new java.util.HashSet<>();
        for (int index = 1; index <= 1_200; index++) {
            Path saved = AttachmentSaver.save(out, "../../a.txt", index, ("part " + index).getBytes(StandardCharsets.US_ASCII));
            assertEquals("part " + index, Files.readString(saved));
            assertTrue(names.add(saved.getFileName().toString()), "a new name each time: " + saved);
        }
        assertTrue(names.contains("a.txt") && names.contains("a (999).txt") && names.contains("a (part 1001).txt")
                && names.contains("a (part 1200).txt"), names.stream().sorted().limit(3).toList().toString());
        try (Stream<Path> all = Files.list(out)) {
            assertEquals(1_200, all.count());
        }
        // The same message saved again into the same directory: still every part, each under a name of its own.
        Path again = AttachmentSaver.save(out, "a.txt", 1_001, "again".getBytes(StandardCharsets.US_ASCII));
        assertEquals("a (part 1001, 1).txt", again.getFileName().toString());
    }
}
