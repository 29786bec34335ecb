package dev.postern.cli;

import dev.postern.ui.Cells;
import java.io.PrintWriter;

/**
 * How every batch command prints its rows: on a terminal each row is cut to the terminal's width, in
 * columns (a CJK character counts two), ending in "…" where it was cut, as a row of {@code ls -l} never
 * wraps; piped, redirected or with {@code --json}, rows go out untouched. One place, so that every
 * command that prints rows (list, folders, search, sync, fetch, export, outbox, recall, queue, retention,
 * import) behaves alike.
 */
final class Rows {
    private final PrintWriter out;
    private final int width;

    /** @param width the terminal's columns, or 0 for "not a terminal: never cut" */
    Rows(PrintWriter out, int width) {
        this.out = out;
        this.width = Math.max(0, width);
    }

    /** Rows for {@code root}'s stdout: cut to its width on a terminal, untouched otherwise or for JSON. */
    static Rows of(PosternCommand root, boolean json) {
        return new Rows(root.out(), json ? 0 : root.outColumns());
    }

    void println(String row) {
        out.println(fit(row, width));
    }

    /** {@code row} cut to {@code width} columns, its last column "…" when something was cut; 0: as it is. */
    static String fit(String row, int width) {
        if (width <= 0 || Cells.width(row) <= width) return row;
        return Cells.truncate(row, width - 1) + "…";
    }
}
