package dev.postern.controller;

import dev.postern.backend.BulkBodySource;
import dev.postern.backend.MailSession;
import dev.postern.backend.imap.ImapAppend;
import dev.postern.backup.Exporter;
import dev.postern.backup.Importer;
import dev.postern.compose.Outgoing;
import dev.postern.compose.Postman;
import dev.postern.config.AccountConfig;
import dev.postern.model.Capability;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.retention.ImapDeleter;
import dev.postern.retention.Retention;
import dev.postern.store.MailStore;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The controller's transfer side ({@link Archives} and {@link JobControl}, split out of
 * {@link DefaultMailController}): mail into and out of files and away from the outbox, each as a {@link Job}
 * of {@link Jobs}, and the [[retention]] rules ({@link RetentionJob}) with their own server connections. Each run that talks to a server opens a connection
 * of its own; the account's worker keeps its own for the reader and the other commands.
 */
final class Transfers implements AutoCloseable {
    private final MailStore store;
    private final Jobs jobs;
    private final Function<String, AccountConfig> accounts;
    private final Function<AccountConfig, MailSession> sessions;
    private final Function<String, java.util.Set<Capability>> capabilities;
    private final BiFunction<String, String, CompletableFuture<?>> headerSync;
    private final Supplier<Outgoing> outgoing;
    private volatile Function<AccountConfig, ImapAppend> appends;

    /**
     * @param accounts an account's config by name (fails with one sentence for an unknown name)
     * @param headerSync a header-only sync of (account, folder) on the account's worker
     */
    Transfers(MailStore store, Jobs jobs, Function<String, AccountConfig> accounts, Function<AccountConfig, MailSession> sessions,
            Function<String, java.util.Set<Capability>> capabilities, BiFunction<String, String, CompletableFuture<?>> headerSync,
            Supplier<Outgoing> outgoing) {
        this.store = store;
        this.jobs = jobs;
        this.accounts = accounts;
        this.sessions = sessions;
        this.capabilities = capabilities;
        this.headerSync = headerSync;
        this.outgoing = outgoing;
    }

    void setAppends(Function<AccountConfig, ImapAppend> appends) { this.appends = appends; }

    Job<List<Exporter.FolderReport>> export(String account, List<String> folders, Exporter.Format format, Path out,
            boolean sinceLast, boolean fromServer) {
        AccountConfig a = accounts.apply(account);
        return jobs.start(account, "export", work -> {
            Exporter exporter = new Exporter(store);
            if (!fromServer) return exporter.export(account, folders, format, out, sinceLast, null, work);
            // Envelopes up to date first (header-only sync, on the account's worker), so new mail is exported too.
            for (String folder : folders) {
                try {
                    headerSync.apply(account, folder).join();
                } catch (CompletionException e) {
                    if (e.getCause() instanceof RuntimeException r) throw r;
                    throw e;
                }
            }
            try (MailSession s = sessions.apply(a)) {
                if (!(s instanceof BulkBodySource bulk)) {
                    throw new PosternException(ExitCode.USAGE, "account " + account + " cannot export bodies from the server.");
                }
                return exporter.export(account, folders, format, out, sinceLast, (folder, messages, sink) ->
                        raws(s, bulk, folder, messages, sink), work);
            }
        });
    }

    /**
     * The bodies of {@code messages}, many in one command, except a message larger than one answer may be
     * ({@link BulkBodySource#largestWhole}), which is read alone and in parts (asked for whole, it would end the
     * connection at the cap and fail the export, blaming the server).
     */
    private static void raws(MailSession s, BulkBodySource bulk, String folder, List<dev.postern.model.Envelope> messages,
            java.util.function.BiConsumer<Long, byte[]> sink) {
        if (messages.isEmpty()) return;
        List<Long> together = new java.util.ArrayList<>(messages.size());
        List<dev.postern.model.MessageRef> alone = new java.util.ArrayList<>();
        long largest = s instanceof dev.postern.backend.BodySource ? bulk.largestWhole() : Long.MAX_VALUE;
        for (dev.postern.model.Envelope e : messages) {
            if (e.size() > largest) {
                alone.add(e.ref());
            } else {
                together.add(e.ref().uid());
            }
        }
        bulk.raws(folder, messages.get(0).ref().uidValidity(), together, sink);
        for (dev.postern.model.MessageRef ref : alone) {
            byte[] raw;
            try {
                raw = ((dev.postern.backend.BodySource) s).raw(ref);
            } catch (PosternException e) {
                if (e.exitCode() == ExitCode.NOINPUT) continue; // expunged meanwhile: counted by the exporter
                throw e;
            }
            sink.accept(ref.uid(), raw);
        }
    }

    Job<Importer.Report> importArchive(String account, Path archive, String folder) {
        AccountConfig a = accounts.apply(account);
        Function<AccountConfig, ImapAppend> with = appends;
        if (with == null || !capabilities.apply(account).contains(Capability.APPEND)) throw Unsupported.exception(account, "import messages");
        return jobs.start(account, "import", work -> {
            try (ImapAppend target = with.apply(a)) {
                return Importer.run(archive, target, folder, work); // streamed: one message in memory at a time
            }
        });
    }

    Job<Postman.FlushReport> flushOutbox(String account) {
        Outgoing out = outgoing.get();
        if (out == null) throw Unsupported.exception(account, "send mail");
        return jobs.start(account, "outbox flush", work -> out.flush(account, work));
    }

    List<Job.Info> jobs() { return jobs.list(); }

    boolean cancel(long id) { return jobs.cancel(id); }

    /** Any work as a job (the reader's pipe command). */
    <T> Job<T> run(String account, String what, Function<dev.postern.model.Work, T> body) { return jobs.start(account, what, body); }

    /** The [[retention]] rules of {@code config} over {@code accounts} (empty: all), as a job: see {@link RetentionJob}. */
    Job<RetentionReport> retention(dev.postern.config.Config config, List<String> accounts, RetentionReport.Mode mode) {
        return new RetentionJob(config, store, this::retentionDeleter).start(jobs::start, accounts, mode);
    }

    /** A connection of its own that deletes messages on the account's server for retention; closed after the run. */
    Retention.ServerDeleter retentionDeleter(String account) {
        MailSession s = sessions.apply(accounts.apply(account));
        try {
            return new ImapDeleter(account, s);
        } catch (IllegalArgumentException e) {
            s.close();
            throw Unsupported.exception(account, "delete on the server by rule");
        }
    }

    /** Cancels every job and waits for each to tidy up (before the store closes). */
    @Override
    public void close() { jobs.close(); }

    /** Whether a job is running (an export, an import, retention, an outbox flush): closing stops it, and it says so. */
    boolean busy() { return !jobs.list().isEmpty(); }
}
