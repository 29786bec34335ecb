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
 *
 * <p>One message whose body read breaks the session (a BYE, the link closed mid-literal, BAD to its FETCH, a
 * stall) is that message's error, as on POP3: what was read before it is committed, the session connects again
 * and the others are fetched; the {@link Pop3Fetch#MAX_MESSAGE_FAULTS}+1st such message ends the run.
 */
final class InboxFetch {
    private static final int COMMIT_EVERY = 100;

    private final MailStore store;
    private final HeaderSync headerSync;

    InboxFetch(MailStore store, HeaderSync headerSync) {
        this.store = store;
        this.headerSync = headerSync;
    }

    /** How to drop the session's broken connection and log in again (throws as a connect does). */
    interface Reconnect {
        void again();
    }

    /** The run; what is committed is counted in {@code tally} as it goes, so a run that fails part-way tells it. */
    FetchSummary run(HeaderSource headers, BodySource bodies, Reconnect reconnect, AccountConfig a, FetchOptions o,
            long job, Consumer<FetchProgress> progress, Pop3Fetch.Tally tally) {
        String acct = a.name();
        try {
            int before = store.count(acct, "INBOX");
            int total = headerSync.sync(headers, acct, "INBOX", job);
            int fresh = Math.max(0, total - before);
            tally.fetched = fresh;
            int downloaded = 0;
            List<String> errors = tally.errors;
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
                int pending = 0, faults = 0;
                for (Envelope e : missing) {
                    byte[] raw;
                    try {
                        raw = bodies.raw(e.ref());
                    } catch (PosternException one) {
                        // One message that cannot be had (gone meanwhile, unreadable) is counted and passed.
                        if (one.exitCode() == ExitCode.NOINPUT || one.exitCode() == ExitCode.DATAERR
                                || one instanceof dev.postern.model.NoBodySent) {
                            errors.add(one.getMessage()); // names the account and the message
                            continue;
                        }
                        if (one.exitCode() != ExitCode.TEMPFAIL) throw one; // this side's failure, a refused login
                        if (one instanceof dev.postern.model.ServerLimit) { // [THROTTLED]: every other read meets it too
                            store.commit();
                            throw one;
                        }
                        // Its read broke the session: keep what came before, connect again, go on with the others.
                        // A few such messages in one run end it, so a dead server is not reconnected to for ever.
                        store.commit();
                        tally.bodies = downloaded;
                        tally.bytes = bytes;
                        pending = 0;
                        if (++faults > Pop3Fetch.MAX_MESSAGE_FAULTS) throw one;
                        String fault = faultOf(acct, e.ref(), one, "fetch");
                        if (!errors.contains(fault)) errors.add(fault); // a retried run meets it again
                        reconnect.again(); // a failure here (unreachable, refused) ends the run
                        continue;
                    }
                    store.attachBody(e.ref(), raw);
                    downloaded++;
                    bytes += raw.length;
                    if (++pending >= COMMIT_EVERY) {
                        store.commit();
                        tally.bodies = downloaded;
                        tally.bytes = bytes;
                        pending = 0;
                    }
                    progress.accept(new FetchProgress(acct, downloaded, missing.size(), bytes, want));
                }
                store.commit();
                tally.bodies = downloaded;
                tally.bytes = bytes;
            }
            return new FetchSummary(acct, "imap", fresh, downloaded, total - fresh, 0, 0, bytes, null, errors);
        } catch (RuntimeException e) {
            store.rollback();
            throw e;
        }
    }

    /** "account A: message 3 in 'INBOX' could not be fetched (WHY); the others were fetched, and the next COMMAND ...". */
    static String faultOf(String acct, dev.postern.model.MessageRef ref, PosternException why, String command) {
        String s = why.getMessage() == null ? "" : why.getMessage();
        String head = "account " + acct + ": ";
        if (s.startsWith(head)) s = s.substring(head.length());
        s = s.replaceFirst("[;,:]? *try (again )?later\\.?$", "").replaceFirst("\\.$", "");
        return head + "message " + ref.uid() + " in '" + ref.folder() + "' could not be fetched (" + s
                + "); the others were fetched, and the next " + command + " tries it again.";
    }
}
