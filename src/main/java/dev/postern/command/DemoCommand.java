package dev.postern.command;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** {@code demo [--serve]}: postern on an embedded demo mail server, without an account ({@link ProcessControl#demo}). */
public final class DemoCommand implements ProcessCommand<DemoCommand.Args, DemoCommand.Ran> {
    static final Option SERVE = Option.flagSwitch("--serve");

    public record Args(boolean serve) {}

    /**
     * What the demo did: with {@code --serve}, how to reach the server ({@code text}, printed as soon as it
     * serves) and {@code stopped}, which completes when the server stops; without, the reader has been quit.
     */
    public record Ran(String text, CompletableFuture<Void> stopped) implements Result {}

    @Override public String name() { return "demo"; }

    @Override public String summary() { return "Try postern on an embedded demo mail server, without an account"; }

    @Override public List<Option> options() { return List.of(SERVE); }

    @Override
    public String notInTheReader() {
        return "demo opens a reader of its own on a demo server; quit this one and run `postern demo` in a shell.";
    }

    @Override
    public Args arguments(Words words) {
        if (!words.positionals().isEmpty()) throw Words.usage("demo takes no words but --serve.");
        return new Args(words.has(SERVE.name()));
    }

    @Override
    public CompletableFuture<Ran> run(ProcessControl process, Args a) {
        try {
            return CompletableFuture.completedFuture(process.demo(a.serve()));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
