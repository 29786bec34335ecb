package dev.postern.controller;

import dev.postern.model.LinkDropped;
import dev.postern.model.PosternException;

/** How a task's failure on the account's thread is said: an error's name, two tries' time-outs as waited (hunt32-V A2). */
final class TaskFailures {
    private TaskFailures() {}

    /** "StackOverflowError": the error's simple name (from its text: the controller never asks a class). */
    static String errorName(Error e) {
        String s = e.toString();
        int colon = s.indexOf(':');
        String name = colon < 0 ? s : s.substring(0, colon);
        return name.substring(name.lastIndexOf('.') + 1);
    }

    /**
     * {@code second}, the failure of a task's second try after {@code first}: when both timed out, its sentence says the
     * wait was twice its figure, so that what the user waited and what is said agree.
     */
    static PosternException twice(PosternException first, PosternException second) {
        if (!(timedOut(first) && timedOut(second))) return second;
        String m = second.getMessage();
        java.util.regex.Matcher at = java.util.regex.Pattern.compile(" within \\d+ s").matcher(m);
        if (!at.find()) return second;
        String said = m.substring(0, at.end()) + ", twice (on the connection in use, then on a new one)" + m.substring(at.end());
        PosternException d = new LinkDropped(said, second, true);
        return second instanceof Unreachable ? new Unreachable(d) : d;
    }

    /**
     * What a task's failure {@code e} on session {@code s}, its try begun at {@code sinceNanos}, is taken for (hunt36-K
     * K3, K4). A server not reached by a connection the task opened itself (its link had died, and the select of another
     * folder reconnected) is as at the account's own connect: unreachable, a change made in the store and queued. A lost
     * link on a session that met a time-out meanwhile is that time-out (Angus says only "failed to create new store
     * connection" of a greeting that never came): a link that answered lately is then not tried again on a fresh
     * connection, and the sentence says how long it waited.
     */
    static PosternException asMet(PosternException e, dev.postern.backend.MailSession s, long sinceNanos) {
        if (e instanceof Unreachable) return e;
        if (dev.postern.model.NotReached.in(e)) return new Unreachable(e);
        if (!(e instanceof LinkDropped d) || d.timedOut() || s == null) return e;
        PosternException t = s.timedOutSince(sinceNanos);
        if (t != null && !(t instanceof LinkDropped)) return t; // a silent TLS port: the config's, not the link's (hunt37-I I5)
        return t == null ? e : new LinkDropped(t.getMessage(), e, true);
    }

    /**
     * A time-out on a link that answered a task within {@code alive} of {@code lastAnswered} (System.nanoTime; 0: never):
     * the server went silent or slow, not the link dead while idle (a NAT's forgotten mapping, a laptop's sleep), so a
     * fresh connection would wait as long again. A stalled body in the reader or a shell took two time-outs before it
     * was told.
     */
    static boolean stalledWhileAlive(PosternException e, long lastAnswered, java.time.Duration alive) {
        return e instanceof LinkDropped d && d.timedOut() && lastAnswered != 0
                && System.nanoTime() - lastAnswered < alive.toNanos();
    }

    private static boolean timedOut(PosternException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof LinkDropped d) return d.timedOut();
            if (t.getCause() == t) break;
        }
        return false;
    }
}
