package dev.postern.ui;

import dev.postern.model.PosternException;
import dev.postern.render.Sanitizer;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Turns a failed future into the one sentence the status line shows: never a stack trace. */
final class Errors {
    private Errors() {}

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
