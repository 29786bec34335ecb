package dev.postern.bench;

import dev.postern.render.HugeMessages;
import dev.postern.render.MessageRenderer;
import dev.postern.render.RenderOptions;
import dev.postern.render.RenderedMessage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Render time of huge and hostile messages, i.e. how long the reader waits before it can lay out the first
 * screen (wrapped at 80 columns, as the pager asks): the first (cold) render of each and the median of the
 * next RUNS. A render over the limit is abandoned and reported as such. Usage: bench/run hugerender [RUNS [LIMIT_S]]
 */
public final class HugeRenderBench {
    private HugeRenderBench() {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int limitS = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        Map<String, byte[]> cases = new LinkedHashMap<>();
        int tenMb = 10 << 20;
        cases.put("10 MB single-line text/plain", HugeMessages.singleLineMessage("one line", tenMb));
        cases.put("10 MB text/html (paragraphs and links)", HugeMessages.htmlMessage(tenMb));
        cases.put("5,000-part multipart/mixed", HugeMessages.manyPartMessage("many", 5_000));
        cases.put("10 MB header: junk lines before From:", HugeMessages.junkHeaderMessage(tenMb));
        cases.put("10 MB header: one folded Subject", HugeMessages.foldedSubjectMessage(tenMb));
        cases.put("10 MB header: encoded-word Subject", HugeMessages.encodedWordSubjectMessage(tenMb));
        cases.put("10 MB header: 200,000 fields", HugeMessages.manyFieldsMessage(200_000));
        cases.put("Content-Type with 100,000 params", HugeMessages.manyParamsMessage(100_000));
        cases.put("200-level nested multipart, 10 MB leaf", HugeMessages.nestedMessage(200, tenMb));
        MessageRenderer renderer = new MessageRenderer(new RenderOptions(false, 80, RenderOptions.DEFAULT_MAX_BODY_CHARS));
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(null, r, "bench", 0);
            t.setDaemon(true);
            return t;
        });
        System.out.printf(Locale.ROOT, "%-42s %10s %10s %12s%n", "message", "cold ms", "median ms", "body chars");
        for (Map.Entry<String, byte[]> c : cases.entrySet()) {
            double[] ms = new double[runs + 1];
            int chars = -1;
            boolean over = false;
            for (int i = 0; i <= runs && !over; i++) {
                long t0 = System.nanoTime();
                Future<RenderedMessage> f = pool.submit(() -> renderer.render(c.getValue()));
                try {
                    chars = f.get(limitS, TimeUnit.SECONDS).body().length();
                } catch (TimeoutException e) {
                    f.cancel(true);
                    over = true;
                } catch (ExecutionException e) {
                    throw new IllegalStateException(c.getKey(), e.getCause());
                }
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
            if (over) {
                System.out.printf(Locale.ROOT, "%-42s %10s%n", c.getKey(), "> " + limitS + " s (abandoned)");
                pool.shutdownNow();
                pool = Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(null, r, "bench", 0);
                    t.setDaemon(true);
                    return t;
                });
                continue;
            }
            double cold = ms[0];
            double[] warm = Arrays.copyOfRange(ms, 1, ms.length);
            Arrays.sort(warm);
            System.out.printf(Locale.ROOT, "%-42s %10.0f %10.0f %12d%n", c.getKey(), cold,
                    warm.length == 0 ? cold : warm[warm.length / 2], chars);
        }
        pool.shutdownNow();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
