package dev.postern.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The build's two jars: target/postern.jar, which every postern process opens (its whole central directory is read
 * and kept on the heap), and target/postern-tika.jar beside it, Tika's parsers and the libraries only they use, which
 * only the attachment extractor's JVM opens (render/tika/ForkedExtractor). No class is in both, the parsers are in
 * the second only, and the first stays under a third of the single jar it replaced (53,377 entries). That the
 * extractor reads documents from the two jars is AttachmentReadIT's (and test-deb's, test-image's).
 */
class TikaJarIT {
    /** What the main process never loads (checked with -Xlog:class+load on the reader, list, read, attachment show). */
    private static final List<String> PARSERS = List.of("org/apache/tika/", "org/apache/poi/", "org/apache/xmlbeans/",
            "org/openxmlformats/", "org/apache/commons/io/", "org/apache/commons/compress/", "org/bouncycastle/", "org/apache/xmpbox/",
            "org/apache/james/mime4j/", "com/healthmarketscience/", "org/apache/logging/log4j/", "org/glassfish/jaxb/");

    private static Set<String> entries(Path jar) throws Exception {
        Set<String> names = new TreeSet<>();
        try (JarFile f = new JarFile(jar.toFile())) {
            for (Enumeration<JarEntry> e = f.entries(); e.hasMoreElements(); ) names.add(e.nextElement().getName());
        }
        return names;
    }

    @Test
    void theParsersAreInTheirOwnJarAndNoClassIsInBoth() throws Exception {
        Path main = PosternProcess.jar();
        Path tika = main.resolveSibling("postern-tika.jar");
        assertTrue(Files.isRegularFile(tika), tika + " is missing: `mvn package` builds it beside " + main);
        Set<String> inMain = entries(main);
        Set<String> inTika = entries(tika);

        for (String prefix : PARSERS) {
            assertTrue(inTika.stream().anyMatch(n -> n.startsWith(prefix) && n.endsWith(".class")), "no " + prefix + " in " + tika);
            List<String> stray = inMain.stream().filter(n -> n.startsWith(prefix) && !n.endsWith("/")).limit(5).toList();
            assertEquals(List.of(), stray, "parser classes in " + main);
        }
        assertTrue(inTika.stream().noneMatch(n -> n.startsWith("dev/postern/")), "postern's own classes in " + tika);
        // What the main process does use stays with it: the demo's PDF (PDFBox), the store, the index, the mail library.
        for (String kept : List.of("org/apache/pdfbox/pdmodel/PDDocument.class", "org/mapdb/DB.class",
                "org/apache/lucene/index/IndexWriter.class", "org/eclipse/angus/mail/imap/IMAPStore.class")) {
            assertTrue(inMain.contains(kept), kept + " is not in " + main);
        }
        // lz4-java's native and Unsafe XXHash are left out: MapDB's hashing runs on its plain Java XXHash (same values),
        // so no start copies a library to /tmp and loads it (store/Lz4Library) and Java 24+ has no Unsafe to warn of.
        assertEquals(List.of(), inMain.stream().filter(n -> n.contains("liblz4-java")
                || n.startsWith("net/jpountz/xxhash/") && n.contains("JavaUnsafe")).toList(), "lz4's native or Unsafe XXHash in " + main);
        assertTrue(inMain.contains("net/jpountz/xxhash/XXHash32JavaSafe.class"), "lz4's Java XXHash is missing from " + main);
        Set<String> both = new TreeSet<>(inMain);
        both.retainAll(inTika);
        both.removeIf(n -> n.endsWith("/") || n.startsWith("META-INF/") && !n.endsWith(".class"));
        assertEquals(Set.of(), both, "in both jars");
        assertTrue(inMain.size() < 53_377 / 3, inMain.size() + " entries in " + main);
        try (JarFile f = new JarFile(tika.toFile())) {
            assertEquals("true", f.getManifest().getMainAttributes().getValue("Multi-Release"), "the parsers' jar is not multi-release");
        }
    }
}
