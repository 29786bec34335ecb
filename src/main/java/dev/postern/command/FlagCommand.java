package dev.postern.command;

import dev.postern.controller.MailController;
import dev.postern.model.Flag;
import dev.postern.render.Sanitizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/** Sets and clears flags on messages, on the server and in the store (the reader's toggles are this too). */
public final class FlagCommand implements Command<FlagCommand.Args, FlagCommand.Flagged> {
    public record Args(Messages messages, List<Flag> set, List<Flag> clear) {
        public Args {
            set = List.copyOf(set);
            clear = List.copyOf(clear);
            if (set.isEmpty() && clear.isEmpty()) {
                throw Words.usage("say what to change: --set FLAG or --clear FLAG (seen, flagged, answered, draft, deleted).");
            }
        }
    }

    /** {@code changed}: what the server and store reported for the last flag changed. */
    public record Flagged(Messages messages, int changed, Queued queued) implements Result {
        @Override
        public String text() {
            return "changed flags of " + messages.uids().size() + " message(s) in " + Sanitizer.oneLine(messages.folder());
        }
    }

    static final Option SET = new Option("--set", Option.Value.FLAG, true, false);
    static final Option CLEAR = new Option("--clear", Option.Value.FLAG, true, false);

    @Override public String name() { return "flag"; }

    @Override public String summary() { return "Set or clear flags on messages"; }

    @Override public List<Option> options() { return List.of(SET, CLEAR); }

    @Override public boolean takesMessages() { return true; }

    @Override
    public Args arguments(Words words, Messages targets) {
        return new Args(targets, flags(words.values(SET.name())), flags(words.values(CLEAR.name())));
    }

    @Override
    public CompletableFuture<Flagged> run(MailController c, Args a) {
        Messages m = a.messages();
        CompletableFuture<Integer> chain = CompletableFuture.completedFuture(0);
        for (Flag f : a.set()) chain = chain.thenCompose(n -> c.setFlags(m.account(), m.folder(), m.uidValidity(), m.uids(), f, true));
        for (Flag f : a.clear()) chain = chain.thenCompose(n -> c.setFlags(m.account(), m.folder(), m.uidValidity(), m.uids(), f, false));
        return chain.thenApply(n -> new Flagged(m, n, Queued.of(c, m.account())));
    }

    public static List<Flag> flags(List<String> names) {
        List<Flag> out = new ArrayList<>();
        for (String n : names) out.add(flag(n));
        return out;
    }

    /** "seen", "\\Seen", "FLAGGED" ... */
    public static Flag flag(String name) {
        String n = name.toLowerCase(Locale.ROOT).replace("\\", "");
        for (Flag f : Flag.values()) if (f.label().equals(n)) return f;
        throw Words.usage("'" + Sanitizer.oneLine(name) + "' is not a flag postern knows; use seen, flagged, answered, draft or deleted.");
    }

    /** The names completion offers for a flag value. */
    public static List<String> flagNames() {
        return java.util.Arrays.stream(Flag.values()).map(Flag::label).toList();
    }
}
