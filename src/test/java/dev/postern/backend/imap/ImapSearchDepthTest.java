package dev.postern.backend.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.postern.model.Query;
import dev.postern.model.QueryParser;
import jakarta.mail.search.SearchTerm;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.angus.mail.imap.protocol.SearchSequence;
import org.junit.jupiter.api.Test;

/**
 * The widest search the parser reads (1,000 terms, 64 levels) goes through Angus's SearchSequence on a small stack: Angus
 * wrote an n-term OrTerm as a chain of binary ORs, recursing once per term, and a flat OR of 2,000 terms overflowed the
 * account worker's stack, exit 70, while --local answered (hunt 38-Q, Q13).
 */
class ImapSearchDepthTest {
    private static final long SMALL_STACK = 192 * 1024;

    @Test
    void aThousandTermOrIsWrittenWithoutDeepRecursion() throws Exception {
        List<Query> any = new ArrayList<>();
        for (int i = 0; i < 1000; i++) any.add(new Query.Contains(Query.Field.SUBJECT, "tok" + i));
        String written = writtenOnSmallStack(ImapSearch.term(new Query.Or(any)));
        // The same OR: 999 binary ORs over the 1,000 SUBJECT keys, each once.
        assertEquals(999, count(written, "OR "));
        for (int i = 0; i < 1000; i++) assertEquals(1, count(written, "SUBJECT tok" + i + " "), "tok" + i);
    }

    @Test
    void theDeepestQueryTheParserReadsIsWrittenToo() throws Exception {
        String q = "(".repeat(16) + "-(".repeat(24) + "text:a or b" + ")".repeat(40); // 64 levels
        String written = writtenOnSmallStack(ImapSearch.term(QueryParser.parse(q)));
        assertEquals(24, count(written, "NOT "));
    }

    private static String writtenOnSmallStack(SearchTerm term) throws Exception {
        AtomicReference<String> out = new AtomicReference<>();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                out.set(render(new SearchSequence().generateSequence(term, null)) + " ");
            } catch (Throwable e) {
                failed.set(e);
            }
        }, "small-stack", SMALL_STACK);
        t.start();
        t.join();
        assertNull(failed.get(), () -> "Angus failed: " + failed.get());
        return out.get();
    }

    /** The argument's words as Angus would send them, space-separated, a nested argument in parentheses. */
    private static String render(Object item) throws ReflectiveOperationException {
        if (item instanceof org.eclipse.angus.mail.iap.Argument a) {
            java.lang.reflect.Field f = org.eclipse.angus.mail.iap.Argument.class.getDeclaredField("items");
            f.setAccessible(true);
            StringBuilder sb = new StringBuilder();
            for (Object o : (List<?>) f.get(a)) {
                if (!sb.isEmpty()) sb.append(' ');
                sb.append(o instanceof org.eclipse.angus.mail.iap.Argument ? "(" + render(o) + ")" : render(o));
            }
            return sb.toString();
        }
        for (java.lang.reflect.Field f : item.getClass().getDeclaredFields()) {
            f.setAccessible(true);
            Object v = f.get(item);
            if (v instanceof byte[] b) return new String(b, java.nio.charset.StandardCharsets.UTF_8);
            if (v instanceof String s) return s;
        }
        return String.valueOf(item);
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) n++;
        return n;
    }
}
