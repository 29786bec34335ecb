package dev.postern.cli;

/**
 * While the user's editor runs on the batch door's own terminal (reply, forward, recall with their editor), Ctrl-C is
 * the editor's: SIGINT, which the terminal sends to the whole foreground process group, is taken by a handler that
 * does nothing, as git does while its editor runs and as the reader does (ui.JobControl). Before, a Ctrl-C in an
 * editor that keeps the terminal in cooked mode (emacsclient, `code --wait`, a vim that ignores it) ended postern at
 * once, exit 130 and nothing said, while the editor went on writing a draft in /tmp that nothing named (hunt 42-H,
 * H4); now the editor decides, and postern goes on to its sentence: sent, declined, or the draft kept in drafts/.
 * The handler is a Java one, not SIG_IGN, which the editor would inherit. The handler before is put back a second
 * after the editor ended, not at once: the JVM runs a signal's handler later, on a thread of its own.
 */
final class EditorInterrupt {
    private EditorInterrupt() {}

    private static final sun.misc.Signal INT = new sun.misc.Signal("INT");
    private static final sun.misc.SignalHandler QUIET = s -> { };

    /** {@code editor}'s exit code, SIGINT quiet in this process until a second after it ended. */
    static int waitFor(Process editor) throws InterruptedException {
        sun.misc.SignalHandler before;
        try {
            before = sun.misc.Signal.handle(INT, QUIET);
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            return editor.waitFor(); // a JVM started with SIGINT ignored keeps it so
        }
        try {
            return editor.waitFor();
        } finally {
            sun.misc.SignalHandler back = before == QUIET ? null : before;
            if (back != null) {
                Thread t = new Thread(() -> {
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    sun.misc.Signal.handle(INT, back);
                }, "postern-editor-sigint");
                t.setDaemon(true);
                t.start();
            }
        }
    }
}
