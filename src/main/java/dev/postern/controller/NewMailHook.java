package dev.postern.controller;

import dev.postern.config.UserCommand;
import dev.postern.model.PosternException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code new_mail_command}: run (argv, no shell) each time a fetch, sync, refresh or push stores new mail in a
 * folder already listed before, with {@code POSTERN_ACCOUNT}, {@code POSTERN_FOLDER} and {@code POSTERN_NEW} (how
 * many arrived) in its environment. It listens to the controller's events and only queues the run: the command
 * runs on a thread of its own, one at a time, and is killed at its deadline, so it never holds up an account, a
 * batch command or the reader's screen. A failure is logged, never shown as the mail's failure.
 */
public final class NewMailHook implements Consumer<Event>, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NewMailHook.class);

    private final List<String> argv;
    private final Duration deadline;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "postern-new-mail-hook");
        t.setDaemon(true);
        return t;
    });

    public NewMailHook(List<String> argv, Duration deadline) {
        this.argv = List.copyOf(argv);
        this.deadline = deadline;
    }

    @Override
    public void accept(Event e) {
        if (!(e instanceof Event.FolderChanged fc) || fc.arrived() <= 0 || MailController.UNIFIED.equals(fc.account())) return;
        Map<String, String> env = Map.of("POSTERN_ACCOUNT", fc.account(), "POSTERN_FOLDER", fc.folder(),
                "POSTERN_NEW", String.valueOf(fc.arrived()));
        try {
            runner.execute(() -> {
                try {
                    UserCommand.run("new_mail_command", argv, env, deadline);
                    log.info("new_mail_command ran for {} new in {}/{}", fc.arrived(), fc.account(), fc.folder());
                } catch (PosternException failed) {
                    log.warn("{}", failed.getMessage());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // the process is ending
        }
    }

    /** Lets a queued or running command finish (each within its deadline), so a batch fetch does not cut it off. */
    @Override
    public void close() {
        runner.shutdown();
        try {
            if (!runner.awaitTermination(deadline.toMillis() + 2000, TimeUnit.MILLISECONDS)) runner.shutdownNow();
        } catch (InterruptedException e) {
            runner.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
