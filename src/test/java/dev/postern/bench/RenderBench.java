package dev.postern.bench;

import dev.postern.render.AttachmentTextExtractor;
import dev.postern.render.AttachmentTypes;
import dev.postern.render.MessageRenderer;
import dev.postern.render.RenderOptions;
import dev.postern.render.tika.ForkedExtractor;
import dev.postern.render.tika.TestDocuments;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Render time per corpus message (median, worst), with and without attachment text, and the cost of
 * Tika in a forked JVM: first attachment (JVM start), warm attachments on the long-lived worker, and
 * one fresh JVM per attachment for comparison. Usage: bench/run render [RUNS]
 */
public final class RenderBench {
    private RenderBench() {}

    public static void main(String[] args) throws IOException {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path corpora = Path.of(System.getProperty("postern.corpora", "src/test/resources/corpora"));
        List<byte[]> messages = new ArrayList<>();
        try (Stream<Path> files = Files.walk(corpora)) {
            for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
                String rel = corpora.relativize(p).toString().replace('\\', '/');
                String name = p.getFileName().toString();
                if (name.endsWith(".msg") || name.endsWith(".eml") || (rel.startsWith("mimekit/messages/") && name.endsWith(".txt"))) {
                    messages.add(Files.readAllBytes(p));
                }
            }
        }
        System.out.printf(Locale.ROOT, "corpus: %d messages, %d runs each (after one warm-up pass)%n", messages.size(), runs);
        MessageRenderer plain = new MessageRenderer(RenderOptions.defaults());
        report("render, no attachment text", perMessage(plain, messages, runs));

        try (ForkedExtractor tika = new ForkedExtractor(ForkedExtractor.Limits.defaults(), null)) {
            java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
            MessageRenderer withTika = new MessageRenderer(RenderOptions.defaults(), (c, t) -> {
                calls.incrementAndGet();
                return tika.extract(c, t);
            });
            report("render with attachment text (forked Tika, uncached)", perMessage(withTika, messages, runs));
            System.out.printf(Locale.ROOT, "  attachments read as text per corpus pass: %d%n", calls.get() / (runs + 1));
        }

        List<Object[]> docs = List.of(
                new Object[] {"pdf", TestDocuments.pdf("Quarterly report", "Revenue grew by 12 percent"), AttachmentTypes.PDF},
                new Object[] {"docx", TestDocuments.docx("Dear Alice,", "the contract is attached."), AttachmentTypes.DOCX},
                new Object[] {"xlsx", TestDocuments.xlsx("Budget", new Object[][] {{"Item", "Cost"}, {"Coffee", 42}}), AttachmentTypes.XLSX},
                new Object[] {"pptx", TestDocuments.pptx("Roadmap"), AttachmentTypes.PPTX},
                new Object[] {"odt", TestDocuments.odt("Minutes"), AttachmentTypes.ODT},
                new Object[] {"rtf", TestDocuments.rtf("Rich text"), AttachmentTypes.RTF},
                new Object[] {"html", "<p>Invoice</p>".getBytes(StandardCharsets.UTF_8), AttachmentTypes.HTML});
        try (ForkedExtractor tika = new ForkedExtractor(ForkedExtractor.Limits.defaults(), null)) {
            long t0 = System.nanoTime();
            tika.extract((byte[]) docs.get(0)[1], (String) docs.get(0)[2]);
            System.out.printf(Locale.ROOT, "%nfirst attachment on a new worker (JVM start + parser load + parse): %.0f ms%n",
                    (System.nanoTime() - t0) / 1e6);
            for (Object[] d : docs) {
                double[] ms = new double[runs * 4];
                for (int i = 0; i < ms.length; i++) {
                    long s = System.nanoTime();
                    AttachmentTextExtractor.Extraction x = tika.extract((byte[]) d[1], (String) d[2]);
                    ms[i] = (System.nanoTime() - s) / 1e6;
                    if (x.status() != AttachmentTextExtractor.Status.OK) throw new IllegalStateException(d[0] + ": " + x);
                }
                Arrays.sort(ms);
                System.out.printf(Locale.ROOT, "  warm worker, %-5s median %6.2f ms  worst %7.2f ms%n", d[0], ms[ms.length / 2], ms[ms.length - 1]);
            }
            System.out.printf(Locale.ROOT, "  worker JVMs started: %d%n", tika.starts());
        }
        double[] fresh = new double[Math.max(3, runs)];
        for (int i = 0; i < fresh.length; i++) {
            long s = System.nanoTime();
            try (ForkedExtractor once = new ForkedExtractor(ForkedExtractor.Limits.defaults(), null)) {
                once.extract((byte[]) docs.get(1)[1], AttachmentTypes.DOCX);
            }
            fresh[i] = (System.nanoTime() - s) / 1e6;
        }
        Arrays.sort(fresh);
        System.out.printf(Locale.ROOT, "one JVM per attachment (docx): median %.0f ms  worst %.0f ms%n",
                fresh[fresh.length / 2], fresh[fresh.length - 1]);
    }

    private static double[] perMessage(MessageRenderer r, List<byte[]> messages, int runs) {
        for (byte[] m : messages) r.render(m);
        double[] best = new double[messages.size()];
        for (int i = 0; i < messages.size(); i++) {
            double[] t = new double[runs];
            for (int k = 0; k < runs; k++) {
                long s = System.nanoTime();
                r.render(messages.get(i));
                t[k] = (System.nanoTime() - s) / 1e6;
            }
            Arrays.sort(t);
            best[i] = t[runs / 2];
        }
        return best;
    }

    private static void report(String what, double[] perMessageMs) {
        double[] s = perMessageMs.clone();
        Arrays.sort(s);
        double total = 0;
        for (double v : s) total += v;
        System.out.printf(Locale.ROOT, "%s: per message median %.3f ms, p95 %.3f ms, worst %.3f ms, all %.0f ms%n",
                what, s[s.length / 2], s[(int) (s.length * 0.95)], s[s.length - 1], total);
    }
}
