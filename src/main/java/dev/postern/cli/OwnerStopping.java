package dev.postern.cli;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Why a served command's thread is interrupted when it is not its client's doing: its owner stops ({@code daemon stop},
 * the reader's quit, SIGTERM to the owner: resident.ClientWatch). Its wait then ends with the owner's sentence, not a bare
 * "interrupted." (hunt 39-Y, Y6): that is what a script reading --json finds as the error, and what its stderr says, once.
 */
public final class OwnerStopping {
    private OwnerStopping() {}

    private static final Map<Thread, String> WHY = new ConcurrentHashMap<>();
    private static final Map<Thread, Boolean> SAID = new ConcurrentHashMap<>();

    /** {@code command}'s interrupt that follows is its owner's stop, said as {@code sentence} (no "postern: " before it). */
    public static void stops(Thread command, String sentence) {
        WHY.put(command, sentence);
    }

    /** The sentence the current thread's owner stops with, or null; taken: the command says it ({@link #said}). */
    static String take() {
        String why = WHY.get(Thread.currentThread());
        if (why != null) SAID.put(Thread.currentThread(), Boolean.TRUE);
        return why;
    }

    /** Whether {@code command} ended its wait with the owner's sentence (so its stderr said it); forgets {@code command}. */
    public static boolean said(Thread command) {
        WHY.remove(command);
        return SAID.remove(command) != null;
    }
}
