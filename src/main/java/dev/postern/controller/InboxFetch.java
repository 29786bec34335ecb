package dev.postern.controller;

import dev.postern.backend.BodySource;
import dev.postern.backend.HeaderSource;
import dev.postern.config.AccountConfig;
import dev.postern.model.Envelope;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.store.MailStore;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code postern fetch} for an IMAP account: bring INBOX's headers up to date, then download the bodies
 * the store lacks (up to the account's fetch_whole_below; larger ones stay header-only and are read
 * text-first when opened). Never changes anything on the server: bodies are read with PEEK.
 */
final class InboxFetch {
    private static final int COMMIT_EVERY = 100;

    private final MailStore store;
    private final HeaderSync headerSync;

    InboxFetch(MailStore store, HeaderSync headerSync) {
        this.store = store;
        this.headerSync = headerSync;
    }

    FetchSummary run(HeaderSource headers, BodySource bodies, AccountConfig a, FetchOptions o, long job,
            Consumer<FetchProgress> progress) {
        String acct = a.name();
        try {
            int before = store.count(acct, "INBOX");
            int total = headerSync.sync(headers, acct, "INBOX", job);
            int fresh = Math.max(0, total - before);
            int downloaded = 0;
            List<String> errors = new ArrayList<>();
            long bytes = 0;
            if (!o.headersOnly()) {
                List<Envelope> missing = new ArrayList<>();
                long want = 0;
                java.util.SortedSet<Long> damaged = null; // stored copies found damaged: fetched again
                for (int off = 0; ; off += 1000) {
                    List<Envelope> page = store.page(acct, "INBOX", off, 1000);
                    if (page.isEmpty()) break;
                    for (Envelope e : page) {
                        if (damaged == null) damaged = store.damagedBodies(acct, "INBOX", e.ref().uidValidity());
                        boolean mend = e.cached() && damaged.contains(e.ref().uid()) && !store.isDetached(e.ref());
                        if (mend || !e.cached() && e.size() <= a.fetchWholeBelow()) {
                            missing.add(e);
                            want += e.size();
                        }
                    }
                }
                int pending = 0;
                for (Envelope e : missing) {
                    byte[] raw;
                    try {
                        raw = bodies.raw(e.ref());
                    } catch (PosternException one) {
                        // One message that cannot be had (gone meanwhile, unreadable) is counted and passed;
                        // a lost connection or a refused login still ends the account's fetch.
                        if (one.exitCode() != ExitCode.NOINPUT && one.exitCode() != ExitCode.DATAERR
                                && !(one instanceof dev.postern.model.NoBodySent)) throw one;
                        errors.add(one.getMessage()); // names the account and the message
                        continue;
                    }
                    store.attachBody(e.ref(), raw);
                    downloaded++;
                    bytes += raw.length;
                    if (++pending >= COMMIT_EVERY) {
                        store.commit();
                        pending = 0;
                    }
                    progress.accept(new FetchProgress(acct, downloaded, missing.size(), bytes, want));
                }
                store.commit();
            }
            return new FetchSummary(acct, "imap", fresh, downloaded, total - fresh, 0, 0, bytes, null, errors);
        } catch (RuntimeException e) {
            store.rollback();
            throw e;
        }
    }
}
