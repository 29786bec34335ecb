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
        return second instanceof AccountWorker.Unreachable ? new AccountWorker.Unreachable(d) : d;
    }

    private static boolean timedOut(PosternException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof LinkDropped d) return d.timedOut();
            if (t.getCause() == t) break;
        }
        return false;
    }
}
