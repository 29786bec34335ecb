package dev.postern.render.tika;

import dev.postern.render.AttachmentTextExtractor.Extraction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A worker whose "parser" misbehaves on request, standing in for a parser bug that loops or leaks:
 * content "loop" spins forever, "oom" fills the heap, "print" prints escapes to stdout and stderr; anything else goes
 * to real Tika.
 */
public final class HostileWorkerMain {
    static volatile Object sink;

    private HostileWorkerMain() {}

    public static void main(String[] args) throws IOException {
        ExtractorMain.run((content, type, maxChars) -> {
            String s = new String(content, StandardCharsets.US_ASCII);
            if (s.equals("loop")) {
                long n = 0;
                while (n >= 0) n = (n + 1) % 1_000_000;
                return new Extraction(dev.postern.render.AttachmentTextExtractor.Status.OK, "unreachable");
            }
            if (s.equals("oom")) {
                List<long[]> hog = new ArrayList<>();
                while (true) {
                    hog.add(new long[1 << 20]);
                    sink = hog;
                }
            }
            if (s.equals("print")) { // a parser that prints what the document says, itself
                String hostile = "\u001b]0;OWNED\u0007\u009b2J";
                System.out.print("stdout " + hostile + "\n");
                System.err.println("stderr " + hostile);
                new IllegalStateException("trace " + hostile).printStackTrace();
                return new Extraction(dev.postern.render.AttachmentTextExtractor.Status.OK, "printed");
            }
            return TikaText.extract(content, type, maxChars);
        });
    }
}
