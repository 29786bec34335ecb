package dev.postern.command;

import dev.postern.render.Sanitizer;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * {@code complete accounts|folders}: the names the completion scripts offer, from the config and the store's
 * folder list only (never the network, so a Tab never waits on a server). Hidden from help.
 */
public final class CompleteCommand implements ProcessCommand<CompleteCommand.Args, CompleteCommand.Names> {
    public enum What { ACCOUNTS, FOLDERS, TARGETS; // TARGETS: the folders that can hold messages (move/copy --to)
        public String word() { return name().toLowerCase(Locale.ROOT); }
    }

    /** {@code account}: whose folders (null: the config's first); accounts ignore it. */
    public record Args(What what, String account) {
        public Args {
            if (what == null) throw Words.usage("complete takes accounts, folders or targets.");
        }
    }

    /** The names, one a line as {@code postern complete} prints them; {@link #text()} lists them on one line. */
    public record Names(What what, List<String> names) implements Result {
        public Names {
            names = names.stream().map(Sanitizer::oneLine).toList();
        }

        @Override
        public String text() {
            return names.isEmpty() ? "no " + what.word() + " known." : String.join(", ", names);
        }
    }

    @Override public String name() { return "complete"; }

    @Override public String summary() { return "Print account or folder names for shell completion"; }

    @Override public List<Option> options() { return List.of(); }

    @Override public List<String> operands() { return List.of("WHAT"); }

    /** The argv door reads WHAT itself and names the word it does not know, as this does. */
    public static What what(String word) {
        if (word == null) return null;
        for (What w : What.values()) if (w.word().equals(word)) return w;
        throw Words.usage("complete takes accounts, folders or targets, not '" + Sanitizer.oneLine(word) + "'.");
    }

    @Override
    public Args arguments(Words words) {
        List<String> p = words.positionals();
        if (p.size() > 1) throw Words.usage("complete takes one word: accounts, folders or targets.");
        return new Args(what(p.isEmpty() ? null : p.get(0)), words.accountOrDefault());
    }

    @Override
    public CompletableFuture<Names> run(ProcessControl process, Args a) {
        try {
            return CompletableFuture.completedFuture(new Names(a.what(), a.what() == What.ACCOUNTS ? process.accountNames()
                    : a.what() == What.TARGETS ? process.cachedTargetNames(a.account()) : process.cachedFolderNames(a.account())));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
