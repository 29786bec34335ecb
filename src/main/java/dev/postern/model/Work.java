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

    /**
     * Runs {@code cut} when the work is cancelled (at once when it already is) until the handle returned is closed: a
     * piece of work that waits on a server (an outbox flush's SMTP send) has its connection cut there, so a cancel
     * (Ctrl-C, {@code postern cancel}, the owner closing) does not wait out the server's silence before the next
     * message. The controller's jobs do; by default the work is only told at its next message ({@link #cancelled}).
     */
    default Cut whenCancelled(Runnable cut) {
        return () -> { };
    }

    /** What {@link #whenCancelled} returns: closed once the wait it guards is over. */
    interface Cut extends AutoCloseable {
        @Override void close();
    }

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
