package dev.postern.model;

/**
 * What a long piece of work (an export, an import, a retention run, an outbox flush) is told by the one
 * running it: where it is ({@link #progress}, messages done of a total) and whether it is to stop
 * ({@link #cancelled}). The work asks between messages and, when cancelled, leaves what it wrote
 * consistent and throws {@link Cancelled} with one sentence saying what it left.
 */
public interface Work {
    /** {@code done} of {@code total} (0 when not known yet). */
    void progress(long done, long total);

    /** True once someone asked the work to stop. */
    boolean cancelled();

    /** Work nobody watches or cancels. */
    Work NONE = new Work() {
        @Override public void progress(long done, long total) { }

        @Override public boolean cancelled() { return false; }
    };

    /** A job stopped because it was cancelled; {@code getMessage()} says what it left behind. Exit 75: run it again. */
    final class Cancelled extends PosternException {
        public Cancelled(String sentence) {
            super(ExitCode.TEMPFAIL, sentence);
        }
    }
}
