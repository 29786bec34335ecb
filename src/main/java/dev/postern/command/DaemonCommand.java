package dev.postern.command;

import dev.postern.render.Sanitizer;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * {@code daemon run|start|stop|status}: a postern with no screen that owns the data directory, so cron jobs and
 * scripts run their commands through it; or which postern owns it now. Runs on {@link ProcessControl#owner()}.
 */
public final class DaemonCommand implements ProcessCommand<DaemonCommand.Args, DaemonCommand.Said> {
    public enum Action { RUN, START, STOP, STATUS;
        public String word() { return name().toLowerCase(Locale.ROOT); }
    }

    public record Args(Action action) {
        public Args {
            if (action == null) throw Words.usage("say what to do: daemon run|start|stop|status.");
        }
    }

    /**
     * What the owner said: {@code text} (empty when nothing is to be printed), the exit code, and for {@code run}
     * a future that completes when this process stops owning the data directory (else completed).
     */
    public record Said(Action action, String text, int exitCode, CompletableFuture<Void> stopped) implements Result {
        public static Said done(Action action, String text, int exitCode) {
            return new Said(action, text, exitCode, CompletableFuture.completedFuture(null));
        }
    }

    @Override public String name() { return "daemon"; }

    @Override public String summary() { return "Own the data directory with no screen, or say which postern owns it"; }

    @Override public List<Option> options() { return List.of(); }

    /** {@code status}, {@code start} ...: the word after "daemon". */
    @Override
    public Args arguments(Words words) {
        List<String> p = words.positionals();
        if (p.isEmpty()) return new Args(null);
        if (p.size() > 1) throw Words.usage("daemon " + Sanitizer.oneLine(p.get(0)) + " takes no more words.");
        for (Action a : Action.values()) if (a.word().equals(p.get(0))) return new Args(a);
        throw Words.usage("daemon: '" + Sanitizer.oneLine(p.get(0)) + "' is not run, start, stop or status.");
    }

    @Override
    public CompletableFuture<Said> run(ProcessControl process, Args a) {
        try {
            DataDirOwner owner = process.owner();
            return CompletableFuture.completedFuture(switch (a.action()) {
                case RUN -> owner.run();
                case START -> owner.start();
                case STOP -> owner.stop();
                case STATUS -> owner.status();
            });
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
