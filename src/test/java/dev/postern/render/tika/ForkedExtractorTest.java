package dev.postern.render.tika;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.render.AttachmentTextExtractor.Extraction;
import dev.postern.render.AttachmentTextExtractor.Status;
import dev.postern.render.AttachmentTypes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real documents through the forked Tika worker, and hostile ones that must cost only the worker. */
class ForkedExtractorTest {
    static final Duration TIMEOUT = Duration.ofSeconds(8);
    static ForkedExtractor tika;

    @BeforeAll
    static void start() {
        tika = new ForkedExtractor(new ForkedExtractor.Limits(TIMEOUT, Duration.ofSeconds(60), 50_000, 32L << 20, 192), null);
    }

    @AfterAll
    static void stop() {
        tika.close();
    }

    private static String ok(Extraction x) {
        assertEquals(Status.OK, x.status(), () -> "status, text: " + x.text());
        return x.text();
    }

    @Test
    void extractsTextFromRealDocumentsOfEveryRenderedType() {
        String pdf = ok(tika.extract(TestDocuments.pdf("Quarterly report", "Revenue grew by 12 percent"), AttachmentTypes.PDF));
        assertTrue(pdf.contains("Quarterly report") && pdf.contains("Revenue grew by 12 percent"), pdf);

        String docx = ok(tika.extract(TestDocuments.docx("Dear Alice,", "the contract is attached. Grüße"), AttachmentTypes.DOCX));
        assertTrue(docx.contains("Dear Alice,") && docx.contains("the contract is attached. Grüße"), docx);

        String xlsx = ok(tika.extract(TestDocuments.xlsx("Budget", new Object[][] {{"Item", "Cost"}, {"Coffee", 42}}),
                AttachmentTypes.XLSX));
        assertTrue(xlsx.contains("Budget") && xlsx.contains("Coffee") && xlsx.contains("42"), xlsx);

        String pptx = ok(tika.extract(TestDocuments.pptx("Roadmap 2027", "Ship the reader"), AttachmentTypes.PPTX));
        assertTrue(pptx.contains("Roadmap 2027") && pptx.contains("Ship the reader"), pptx);

        String odt = ok(tika.extract(TestDocuments.odt("Minutes of the meeting", "Action: Bob"), AttachmentTypes.ODT));
        assertTrue(odt.contains("Minutes of the meeting") && odt.contains("Action: Bob"), odt);

        String rtf = ok(tika.extract(TestDocuments.rtf("Rich text body\nsecond line"), AttachmentTypes.RTF));
        assertTrue(rtf.contains("Rich text body") && rtf.contains("second line"), rtf);

        String html = ok(tika.extract("<html><body><h1>Invoice</h1><p>Total: 10 &euro;</p><script>alert(1)</script></body></html>"
                .getBytes(StandardCharsets.UTF_8), AttachmentTypes.HTML));
        assertTrue(html.contains("Invoice") && html.contains("Total: 10 €") && !html.contains("alert"), html);

        String text = ok(tika.extract("plain old text, naïve café\n".getBytes(StandardCharsets.UTF_8), AttachmentTypes.TEXT));
        assertTrue(text.contains("plain old text, naïve café"), text);
    }

    @Test
    void xxeInDocxNeverReadsLocalFiles() throws IOException {
        String passwd = Files.readString(Path.of("/etc/passwd"));
        assertTrue(passwd.contains("root:"), "the file the attack would read exists");
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
                + "<!DOCTYPE w:document [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                + "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
                + "<w:body><w:p><w:r><w:t>before &xxe; after</w:t></w:r></w:p></w:body></w:document>";
        Extraction x = tika.extract(TestDocuments.docxWithDocumentXml(xml.getBytes(StandardCharsets.UTF_8)), AttachmentTypes.DOCX);
        System.err.println("xxe docx: " + x.status() + ": " + x.text());
        assertFalse(x.text().contains("root:"), () -> x.status() + ": " + x.text());
        assertFalse(x.text().contains("/bin/"), x.text());
        assertNotHungOrDead();
    }

    @Test
    void xxeInOdtNeverReadsLocalFiles() {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><!DOCTYPE office:document-content ["
                + "<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>" + TestDocuments.ODT_HEAD.substring(TestDocuments.ODT_HEAD.indexOf("<office:"))
                + "<office:body><office:text><text:p>before &xxe; after</text:p></office:text></office:body></office:document-content>";
        Extraction x = tika.extract(TestDocuments.odtWithContent(xml), AttachmentTypes.ODT);
        assertFalse(x.text().contains("root:"), () -> x.status() + ": " + x.text());
        assertNotHungOrDead();
    }

    @Test
    void entityExpansionBombInDocxEndsQuickly() {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE w:document [<!ENTITY l0 \"lollollollollollollollollollol\">");
        for (int i = 1; i <= 9; i++) {
            dtd.append("<!ENTITY l").append(i).append(" \"").append(("&l" + (i - 1) + ";").repeat(10)).append("\">");
        }
        dtd.append("]>");
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + dtd
                + "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
                + "<w:body><w:p><w:r><w:t>&l9;</w:t></w:r></w:p></w:body></w:document>";
        long t0 = System.nanoTime();
        Extraction x = tika.extract(TestDocuments.docxWithDocumentXml(xml.getBytes(StandardCharsets.UTF_8)), AttachmentTypes.DOCX);
        // The time-out counts the worker's CPU time: on a busy machine the wall clock may pass it, to its bound.
        assertTrue(System.nanoTime() - t0 < CpuDeadline.WALL * TIMEOUT.toNanos() + 2_000_000_000L, "bounded by the time-out");
        assertTrue(x.text().length() <= 50_000, "output capped: " + x.text().length());
        assertNotHungOrDead();
    }

    @Test
    void docxZipBombIsRefusedAndTheNextDocumentStillReads() {
        // 400 MB of XML that deflates to well under 1 MB: a classic decompression bomb.
        ByteArrayOutputStream xml = new ByteArrayOutputStream();
        byte[] head = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/"
                + "wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>").getBytes(StandardCharsets.UTF_8);
        xml.writeBytes(head);
        byte[] chunk = "a".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 400; i++) xml.writeBytes(chunk);
        xml.writeBytes("</w:t></w:r></w:p></w:body></w:document>".getBytes(StandardCharsets.UTF_8));
        byte[] bomb = TestDocuments.docxWithDocumentXml(xml.toByteArray());
        assertTrue(bomb.length < 2 << 20, "the bomb is small on the wire: " + bomb.length);
        long t0 = System.nanoTime();
        Extraction x = tika.extract(bomb, AttachmentTypes.DOCX);
        System.err.printf("zip bomb: %s in %d ms: %s%n", x.status(), (System.nanoTime() - t0) / 1_000_000, x.text());
        // The time-out counts the worker's CPU time: on a busy machine the wall clock may pass it, to its bound.
        assertTrue(System.nanoTime() - t0 < CpuDeadline.WALL * TIMEOUT.toNanos() + 2_000_000_000L, "bounded by the time-out");
        assertTrue(x.status() != Status.OK, "not read as a whole: " + x.status());
        assertTrue(x.text().length() <= 50_000, "output capped: " + x.text().length());
        assertNotHungOrDead();
    }

    @Test
    void outputIsCutAtTheCharacterCap() {
        byte[] big = "0123456789 ".repeat(20_000).getBytes(StandardCharsets.US_ASCII);
        Extraction x = tika.extract(big, AttachmentTypes.TEXT);
        assertEquals(Status.TRUNCATED, x.status());
        assertTrue(x.text().length() <= 50_000 && x.text().length() > 40_000, "length " + x.text().length());
    }

    @Test
    void inputOverTheCapIsNotParsed() {
        int startsBefore = tika.starts();
        Extraction x = tika.extract(new byte[(32 << 20) + 1], AttachmentTypes.PDF);
        assertEquals(Status.TOO_LARGE, x.status());
        assertEquals(startsBefore, tika.starts(), "no worker was needed");
    }

    @Test
    void brokenDocumentFailsWithAReason() {
        Extraction x = tika.extract("%PDF-1.4 this is not really a pdf".getBytes(StandardCharsets.US_ASCII), AttachmentTypes.PDF);
        assertEquals(Status.FAILED, x.status());
        assertFalse(x.text().isBlank());
        assertNotHungOrDead();
    }

    @Test
    void aLoopingParserIsKilledAtTheTimeOutAndAHeapHogEndsOnlyTheWorker() {
        try (ForkedExtractor hostile = new ForkedExtractor(new ForkedExtractor.Limits(Duration.ofSeconds(3),
                Duration.ofSeconds(60), 10_000, 1 << 20, 64), null, HostileWorkerMain.class.getName())) {
            assertEquals(Status.OK, hostile.extract("warm".getBytes(StandardCharsets.US_ASCII), AttachmentTypes.TEXT).status());
            long t0 = System.nanoTime();
            Extraction loop = hostile.extract("loop".getBytes(StandardCharsets.US_ASCII), AttachmentTypes.TEXT);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(Status.TIMEOUT, loop.status());
            assertTrue(ms >= 2_900 && ms < 10_000, "killed at the time-out, took " + ms + " ms");

            Extraction oom = hostile.extract("oom".getBytes(StandardCharsets.US_ASCII), AttachmentTypes.TEXT);
            assertEquals(Status.FAILED, oom.status(), oom.text());

            // Plain text: the fresh worker answers. (A DOCX here once needed POI loaded in that cold worker within this
            // test's 3 s parse limit, and timed out on a loaded CI machine; the defaults give 20 s.)
            Extraction after = hostile.extract("still alive".getBytes(StandardCharsets.US_ASCII), AttachmentTypes.TEXT);
            assertEquals(Status.OK, after.status(), after.text());
            assertTrue(after.text().contains("still alive"));
            assertEquals(3, hostile.starts(), "one fresh worker after each casualty");
            Path tmp = hostile.tmpDir();
            assertTrue(tmp != null && Files.isDirectory(tmp) && tmp.getFileName().toString().startsWith("postern-tika-"));
            hostile.close();
            assertFalse(Files.exists(tmp), "the worker's temporary directory goes with it");
        }
    }

    /**
     * A worker that gets no CPU (stopped here, as a busy machine's scheduler starves it) is not charged for the wait: at
     * load 27 a fresh worker's first DOCX took more than its 8 s of wall clock and a good attachment read "timed out".
     * Stopped for good, the wall clock's bound (three time-outs) still ends the request.
     */
    @Test
    void aWorkerKeptFromTheCpuIsNotChargedForTheWaitButTheWallClockStillBoundsIt() throws Exception {
        try (ForkedExtractor slow = new ForkedExtractor(new ForkedExtractor.Limits(Duration.ofSeconds(2),
                Duration.ofSeconds(60), 10_000, 1 << 20, 64), null, HostileWorkerMain.class.getName())) {
            assertEquals(Status.OK, slow.extract("warm".getBytes(StandardCharsets.US_ASCII), AttachmentTypes.TEXT).status());
            ProcessHandle worker = slow.worker();
            signal(worker, "STOP");
            Thread resume = new Thread(() -> {
                try {
                    Thread.sleep(4_500);
                    signal(worker, "CONT");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            long t0 = System.nanoTime();
            resume.start();
            Extraction x = slow.extract("read after the wait".getBytes(StandardCharsets.US_ASCII), AttachmentTypes.TEXT);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            resume.join();
            assertEquals(Status.OK, x.status(), "kept from the CPU for 4.5 s, past its 2 s time-out: " + x.text());
            assertTrue(x.text().contains("read after the wait"), x.text());
            assertTrue(ms >= 4_400, "answered only once it ran again: " + ms + " ms");
            assertEquals(1, slow.starts(), "the same worker answered");

            ProcessHandle again = slow.worker();
            signal(again, "STOP");
            long t1 = System.nanoTime();
            Extraction stuck = slow.extract("never read".getBytes(StandardCharsets.US_ASCII), AttachmentTypes.TEXT);
            long stuckMs = (System.nanoTime() - t1) / 1_000_000;
            assertEquals(Status.TIMEOUT, stuck.status(), stuck.text());
            assertTrue(stuckMs >= 5_900 && stuckMs < 20_000, "ended at the wall clock's bound, 3 x 2 s: " + stuckMs + " ms");
            assertFalse(again.isAlive(), "the stuck worker was killed");
        }
    }

    private static void signal(ProcessHandle p, String name) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-" + name, Long.toString(p.pid())).start().waitFor(), "kill -" + name);
    }

    @Test
    void closingDoesNotWaitForASlowParseAndItsResultSaysNothingAboutTheAttachment() throws Exception {
        ForkedExtractor hostile = new ForkedExtractor(new ForkedExtractor.Limits(Duration.ofSeconds(60),
                Duration.ofSeconds(60), 10_000, 1 << 20, 64), null, HostileWorkerMain.class.getName());
        hostile.extract("warm".getBytes(StandardCharsets.US_ASCII), AttachmentTypes.TEXT);
        Thread closer = new Thread(() -> {
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                return;
            }
            hostile.close();
        });
        long t0 = System.nanoTime();
        closer.start();
        Extraction x = hostile.extract("loop".getBytes(StandardCharsets.US_ASCII), AttachmentTypes.TEXT);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        closer.join();
        assertEquals(Status.UNAVAILABLE, x.status(), x.text());
        assertTrue(ms < 10_000, "returned " + ms + " ms after the request, not at the 60 s time-out");
    }

    /** After a hostile document the same extractor still reads a good one. */
    private static void assertNotHungOrDead() {
        String t = ok(tika.extract(TestDocuments.docx("canary paragraph"), AttachmentTypes.DOCX));
        assertTrue(t.contains("canary paragraph"), t);
    }


    /**
     * The worker's class path from the shaded jar (Tika not on the class path): that jar and the parsers' jar beside
     * it (or beside the jar a link names); none when that jar is missing; from classes, the class path as it is.
     */
    @Test
    void theWorkerFindsTheParsersJarBesidePosternsJar(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        String sep = java.io.File.pathSeparator;
        Path build = Files.createDirectories(dir.resolve("target"));
        Path jar = Files.writeString(build.resolve("postern.jar"), "a jar");
        assertEquals(null, ForkedExtractor.classPath(jar, "/x/postern-client.jar", false));
        Path parsers = Files.writeString(build.resolve(ForkedExtractor.PARSERS_JAR), "the parsers");
        assertEquals(jar + sep + parsers, ForkedExtractor.classPath(jar, "/x/postern-client.jar", false));
        Path installed = Files.createDirectories(dir.resolve("lib"));
        Path link = Files.createSymbolicLink(installed.resolve("postern.jar"), jar);
        assertEquals(link + sep + parsers, ForkedExtractor.classPath(link, "/x/postern-client.jar", false));
        assertEquals("a" + sep + "b", ForkedExtractor.classPath(build, "a" + sep + "b", false));
        assertEquals("a", ForkedExtractor.classPath(null, "a", false));
        // No location (a class from Java 25's AOT cache, as in the app image): beside the class path's first jar.
        Path client = Files.writeString(build.resolve("postern-client.jar"), "the entry jar");
        assertEquals(client + sep + parsers, ForkedExtractor.classPath(null, build + sep + client, false));
        Files.delete(parsers);
        assertEquals(null, ForkedExtractor.classPath(null, client.toString(), false));
    }

    /**
     * From an unshaded jar with its libraries on the class path (failsafe's forks put postern-VERSION.jar there; a
     * thin jar): that jar lacks PDFBox and SLF4J, so the worker takes the class path as it is, which has them and
     * Tika. It was given that jar and postern-tika.jar, and died at start (NoClassDefFoundError), once an attachment.
     */
    @Test
    void fromAnUnshadedJarTheWorkerTakesTheClassPathAsItIs(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        String sep = java.io.File.pathSeparator;
        Path jar = Files.writeString(dir.resolve("postern-0.1.0-SNAPSHOT.jar"), "postern's classes alone");
        Files.writeString(dir.resolve(ForkedExtractor.PARSERS_JAR), "the parsers");
        String libraries = jar + sep + "/m2/pdfbox.jar" + sep + "/m2/tika-core.jar";
        assertTrue(ForkedExtractor.holdsParsers(), "this JVM's test class path has Tika");
        assertEquals(libraries, ForkedExtractor.classPath(jar, libraries));
    }
}
