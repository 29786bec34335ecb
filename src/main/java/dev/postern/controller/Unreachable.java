package dev.postern.controller;

import dev.postern.model.PosternException;

/**
 * The server could not be reached at all, by the account's own connect or by one a task made ({@link
 * TaskFailures#asMet}): nothing was sent on that connection, and a change that meets it is made in the store and queued.
 */
final class Unreachable extends PosternException {
    Unreachable(PosternException cause) {
        super(cause.exitCode(), cause.getMessage(), cause);
    }
}
