package dev.postern.cli;

import dev.postern.app.AppContext;
import dev.postern.controller.RetentionReport;
import dev.postern.render.Sanitizer;
import java.io.PrintWriter;
import java.util.List;

/**
 * The rules marked {@code auto = true} after {@code postern fetch} and {@code postern sync}: a retention job of
 * the controller ({@link dev.postern.controller.Archives#retention}, listed by {@code jobs}, cancellable),
 * whose report this prints.
 */
final class RetentionRun {
    /** The audit log in the data directory, one JSON line per message deleted. */
    static final String AUDIT = RetentionReport.AUDIT;

    private RetentionRun() {}

    /**
     * Runs the automatic rules for the accounts just fetched or synced; the report's warnings go to {@code err}.
     * Returns what was deleted (empty when no rule is automatic); a failure part way is thrown after its warnings.
     */
    static List<RetentionReport.Done> auto(AppContext ctx, List<String> accounts, PrintWriter err) {
        if (accounts.isEmpty()) return List.of();
        RetentionReport r = Futures.await(ctx.controller().retention(accounts, RetentionReport.Mode.AUTO).result());
        warn(r, err);
        if (r.failure() != null) throw r.failure();
        return r.done();
    }

    /** The report's warnings, one "postern: ..." line each. */
    static void warn(RetentionReport r, PrintWriter err) { warn(r.warnings(), err); }

    static void warn(List<String> warnings, PrintWriter err) {
        for (String w : warnings) err.println("postern: " + Sanitizer.oneLine(w));
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
