package dev.postern.command;

import dev.postern.render.Sanitizer;

/**
 * Messages moved, copied or deleted: {@code count} as the controller counted them, from {@code messages}'
 * folder, to {@code to} (null when deleted without a target), and what was left queued.
 */
public record Changed(String verb, int count, Messages messages, String to, Queued queued) implements Result {
    @Override
    public String text() {
        String where = "from " + messages.folder() + (to == null ? "" : " to " + to);
        return verb + " " + count + " message(s) " + Sanitizer.oneLine(where);
    }
}
