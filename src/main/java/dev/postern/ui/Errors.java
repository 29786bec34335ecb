package dev.postern.ui;

import dev.postern.model.PosternException;
import dev.postern.render.Sanitizer;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Turns a failed future into the one sentence the status line shows: never a stack trace. */
final class Errors {
    private Errors() {}

    /** What the reader says when the message it shows, or has under the cursor, is gone from the server (hunt 39-Y, Y4). */
    static final String GONE = "This message was moved or deleted by another client since you opened it.";

    /** {@link #sentence}, or {@link #GONE} when the one message acted on is not on the server any more. */
    static String onShown(Throwable t, String whatFailed) {
        return dev.postern.model.MessageGone.in(t) ? GONE : sentence(t, whatFailed);
    }

    static String sentence(Throwable t, String whatFailed) {
        Throwable e = t;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        String msg;
        if (e instanceof PosternException) {
            msg = e.getMessage();
        } else {
            // Not a user-facing sentence from the controller: say what failed and keep the detail short.
            String detail = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            msg = whatFailed + " failed: " + detail;
        }
        return Sanitizer.oneLine(msg == null ? whatFailed + " failed." : msg);
    }
}
