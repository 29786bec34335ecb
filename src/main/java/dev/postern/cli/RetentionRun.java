package dev.postern.cli;

import dev.postern.controller.RetentionReport;
import dev.postern.render.Sanitizer;
import java.io.PrintWriter;
import java.util.List;

/**
 * Prints a retention job's report (the controller's {@link dev.postern.controller.Archives#retention}, listed by
 * {@code jobs}, cancellable) for {@code postern retention} and the rules marked {@code auto = true} after
 * {@code postern fetch} and {@code postern sync}.
 */
final class RetentionRun {
    /** The audit log in the data directory, one JSON line per message deleted. */
    static final String AUDIT = RetentionReport.AUDIT;

    private RetentionRun() {}

    /** The report's warnings, one "postern: ..." line each. */
    static void warn(RetentionReport r, PrintWriter err) { warn(r.warnings(), err); }

    static void warn(List<String> warnings, PrintWriter err) {
        for (String w : warnings) err.println("postern: " + Sanitizer.diagnostic(w));
        err.flush();
    }

    /** One line per plan that deleted something, e.g. "retention: rule old-mail deleted 12 in Archive of work (server)". */
    static void summarise(List<RetentionReport.Done> done, PrintWriter out) {
        RetentionReport.summary(done).forEach(out::println);
    }

    /** The JSON form: one object per plan that deleted something. */
    static List<java.util.Map<String, Object>> json(List<RetentionReport.Done> done) {
        return RetentionReport.json(done);
    }
}
