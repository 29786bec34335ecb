package dev.postern.controller;

import dev.postern.model.PosternException;

/**
 * What one account's fetch did.
 *
 * @param fetched  messages new to the store (whole or header-only)
 * @param bodies   bodies downloaded for messages the store already had header-only
 * @param skipped  messages on the server the store already holds
 * @param partial  of the fetched, how many are header-only
 * @param deleted  messages deleted from the server by policy (DELE accepted in a session that ended with QUIT)
 * @param deleteRefused messages the policy deletes whose DELE the server refused: they stay on the server, and the
 *                 next fetch asks again
 * @param bytes    octets downloaded
 * @param failure  why the account failed, or null; a POP3 run that failed part-way still counts what it stored before
 * @param messageErrors one sentence per message that could not be stored while the rest were (the message
 *                 gone from the server meanwhile, say); the account still succeeded
 */
public record FetchSummary(String account, String protocol, int fetched, int bodies, int skipped, int partial,
        int deleted, int deleteRefused, long bytes, PosternException failure, java.util.List<String> messageErrors) {

    public FetchSummary {
        messageErrors = messageErrors == null ? java.util.List.of() : java.util.List.copyOf(messageErrors);
    }

    public FetchSummary(String account, String protocol, int fetched, int bodies, int skipped, int partial,
            int deleted, long bytes, PosternException failure, java.util.List<String> messageErrors) {
        this(account, protocol, fetched, bodies, skipped, partial, deleted, 0, bytes, failure, messageErrors);
    }

    public FetchSummary(String account, String protocol, int fetched, int bodies, int skipped, int partial,
            int deleted, long bytes, PosternException failure) {
        this(account, protocol, fetched, bodies, skipped, partial, deleted, 0, bytes, failure, null);
    }

    public boolean ok() { return failure == null; }
}
