package dev.postern.compose;

import dev.postern.backend.imap.SentAppender;
import dev.postern.backend.smtp.SmtpFailure;
import dev.postern.backend.smtp.SmtpSender;
import dev.postern.config.AccountConfig;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.model.Capability;
import dev.postern.store.MailStore;
import dev.postern.store.OutboxEntry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends finished messages for an account: SMTP submission, then a copy in Sent (IMAP accounts: APPEND
 * with \Seen to the \Sent folder, and the same bytes into the store). When the submission server cannot be
 * reached the message waits in the store's outbox, and every later send or flush tries the outbox first,
 * oldest first. A message leaves the outbox (committed) before its Sent copy is made, so a failure after
 * the server took it never sends it twice. A message the server refuses for good (5xx), or whose data went out with
 * no answer (perhaps delivered), is set aside: kept in the outbox with its state and reason, left out of every flush
 * until {@link #retry} puts it back, and never holding up the messages after it or a new one.
 */
public final class Postman {
    private static final Logger log = LoggerFactory.getLogger(Postman.class);

    public enum Outcome { SENT, QUEUED }

    /**
     * @param sentFolder where the copy went, or null (POP3 account, or the copy failed: see {@code note})
     * @param note       a warning for the user (the copy to Sent failed), or null
     */
    public record Result(Outcome outcome, String account, String messageId, List<String> recipients, String sentFolder,
            String note, int outboxWaiting, List<String> notSent, ExitCode notSentCode) {
        public Result(Outcome outcome, String account, String messageId, List<String> recipients, String sentFolder,
                String note, int outboxWaiting) {
            this(outcome, account, messageId, recipients, sentFolder, note, outboxWaiting, List.of(), null);
        }

        public Result {
            notSent = List.copyOf(notSent);
        }

        /** The same result with {@code note} in place of its own. */
        public Result withNote(String note) {
            return new Result(outcome, account, messageId, recipients, sentFolder, note, outboxWaiting, notSent, notSentCode);
        }

        /**
         * The batch doors' exit code: 0 when every copy went; when a separate (Bcc) copy did not, that copy's failure
         * (65 for an address the server refused, 69/75 for the link), so a script never takes a partial send for a
         * whole one; 75 when the message waits in the outbox.
         */
        public int exitCode() {
            if (outcome == Outcome.QUEUED) return ExitCode.TEMPFAIL.code();
            return notSent.isEmpty() ? 0 : (notSentCode == null ? ExitCode.TEMPFAIL : notSentCode).code();
        }
    }

    /**
     * What a flush did: messages sent, still waiting, why the last failure failed (or null), whether it
     * stopped because the server could not be reached, and the exit code of the first message it set aside (refused
     * for good, or unconfirmed), or null. {@code loginRefused}: it stopped at a failure that is no message's own, which
     * sending again would meet again: the login refused, or no login to try ({@code stopCode}: that failure's code, 78
     * or 77 for a refusal, 65 for a sign-in token not to be had, ...; null when it did not stop so).
     */
    public record FlushReport(String account, int sent, int waiting, String error, boolean unreachable,
            List<String> notes, ExitCode setAside, List<OutboxItem> asideItems, boolean loginRefused, ExitCode stopCode) {
        public FlushReport {
            notes = List.copyOf(notes);
            asideItems = List.copyOf(asideItems);
        }

        public FlushReport(String account, int sent, int waiting, String error, boolean unreachable,
                List<String> notes, ExitCode setAside, List<OutboxItem> asideItems, boolean loginRefused) {
            this(account, sent, waiting, error, unreachable, notes, setAside, asideItems, loginRefused,
                    loginRefused ? ExitCode.CONFIG : null);
        }

        /** Whether it stopped because the server refused the login (not a sign-in or other failure of postern's side). */
        public boolean refusedByServer() {
            return loginRefused && (stopCode == ExitCode.CONFIG || stopCode == ExitCode.NOPERM);
        }

        public FlushReport(String account, int sent, int waiting, String error, boolean unreachable,
                List<String> notes, ExitCode setAside, List<OutboxItem> asideItems) {
            this(account, sent, waiting, error, unreachable, notes, setAside, asideItems, false);
        }

        public FlushReport(String account, int sent, int waiting, String error, boolean unreachable, List<String> notes) {
            this(account, sent, waiting, error, unreachable, notes, null, List.of());
        }

        /**
         * 78 while messages wait that no flush sends until the config changes (their account gone from it, or without
         * SMTP: {@code stopCode} 78 without a refused login); else 75 while messages wait, else the code of a message set
         * aside (65 or 77 refused, 69 perhaps delivered), else 0.
         */
        public ExitCode exitCode() {
            if (waiting > 0 && !loginRefused && stopCode == ExitCode.CONFIG) return ExitCode.CONFIG;
            return waiting > 0 ? ExitCode.TEMPFAIL : setAside != null ? setAside : ExitCode.OK;
        }
    }

    private final Function<String, AccountConfig> accounts;
    private final Function<AccountConfig, SmtpSender> senders;
    private final Function<AccountConfig, SentAppender> appenders;
    private final MailStore store; // null when another process holds it: no outbox, no local Sent copy
    private final Clock clock;
    /** (account, envelope sender) to the folder its copy goes to (an identity's sent_folder), or null for \\Sent. */
    private final java.util.function.BiFunction<String, String, String> sentFolders;
    private final Function<String, Boolean> saveSent;
    private final SendCuts cuts = new SendCuts(); // the sends under way, cut by stop() or their flush job's cancel
    /**
     * One lock per account, not one for all (hunt38-M M19): an outbox is one account's, so a message is never sent twice
     * while one account's stalled relay no longer holds another's send for its time-out.
     */
    private final AccountLocks locks = new AccountLocks();

    public Postman(Function<String, AccountConfig> accounts, Function<AccountConfig, SmtpSender> senders,
            Function<AccountConfig, SentAppender> appenders, MailStore store, Clock clock) {
        this(accounts, senders, appenders, store, clock, (account, from) -> null);
    }

    public Postman(Function<String, AccountConfig> accounts, Function<AccountConfig, SmtpSender> senders,
            Function<AccountConfig, SentAppender> appenders, MailStore store, Clock clock,
            java.util.function.BiFunction<String, String, String> sentFolders) {
        this(accounts, senders, appenders, store, clock, sentFolders, account -> null);
    }

    /** @param saveSent account to its save_sent: TRUE, FALSE, or null for "auto" */
    public Postman(Function<String, AccountConfig> accounts, Function<AccountConfig, SmtpSender> senders,
            Function<AccountConfig, SentAppender> appenders, MailStore store, Clock clock,
            java.util.function.BiFunction<String, String, String> sentFolders, Function<String, Boolean> saveSent) {
        this.sentFolders = sentFolders;
        this.saveSent = saveSent;
        this.accounts = accounts;
        this.senders = senders;
        this.appenders = appenders;
        this.store = store;
        this.clock = clock;
    }

    /**
     * The process is ending: {@link SendCuts#stop}. A new message cut before its end of data fails with {@link SendStopped}
     * (the door keeps it); after it, it is kept in the outbox as perhaps delivered; a flush's message waits again.
     */
    public boolean stop(long waitMillis) {
        return cuts.stop(waitMillis);
    }

    /** Sends the outbox first, then this message; queues it when the server cannot be reached. */
    public Result send(String account, Built message) {
        return send(account, message, null);
    }

    /**
     * As {@link #send(String, Built)}, the message recorded in the outbox as perhaps delivered just before its end of
     * data ({@link SendRecord}: a kill then leaves it there, not nothing); {@code recorded}, or null, runs once it is.
     */
    public Result send(String account, Built message, Runnable recorded) {
        return locks.holding(account, () -> {
            cuts.enter();
            try {
                return sendLocked(account, message, recorded);
            } finally {
                cuts.leave();
            }
        });
    }

    private Result sendLocked(String account, Built message, Runnable recorded) {
        AccountConfig a = accounts.apply(account);
        SmtpSender sender = sender(a);
        FlushReport before;
        try {
            before = flushLocked(a, sender, dev.postern.model.Work.NONE);
        } catch (dev.postern.model.Work.Cancelled stopped) { // the process ending cut the outbox's message: not this one's turn
            throw SendStopped.of(a, "the message", stopped);
        }
        if (before.unreachable()) return queue(a, message, before.error());
        SendRecord record = new SendRecord(store, a, message, clock.millis(), recorded);
        try {
            if (!message.recipients().isEmpty()) cuts.send(sender, a, "the message", message, record);
        } catch (PosternException e) {
            if (e instanceof SmtpFailure f && f.kind() == SmtpFailure.Kind.UNCONFIRMED) throw unconfirmed(a, message, f, record, "message");
            record.forget(); // answered after all (a refusal, a 4xx): not perhaps delivered
            if (e instanceof SendStopped) throw e;
            if (!retryable(e)) throw e; // a refusal that stands is the user's to read now, not the outbox's to retry
            return queue(a, message, e.getMessage());
        }
        record.forget(); // delivered: out of the outbox before its Sent copy, as a flushed one
        String[] note = new String[1];
        List<String> all = new ArrayList<>(message.recipients());
        for (Built copy : message.separately()) all.addAll(copy.recipients()); // Sent's Bcc line names them too (SentCopy)
        String folder = saveCopy(a, SentCopy.of(message.raw(), all), message.envelopeFrom(), note);
        all = new ArrayList<>(message.recipients());
        List<String> notes = new ArrayList<>();
        if (note[0] != null) notes.add(note[0]);
        List<String> notSent = new ArrayList<>();
        ExitCode notSentCode = null;
        for (Built copy : message.separately()) {
            // The main copy is out (and in Sent): a copy that fails now is named, not retried or queued, as the
            // outbox would save a second Sent copy of it.
            try {
                cuts.send(sender, a, "the copy", copy, () -> { });
                all.addAll(copy.recipients());
            } catch (PosternException e) {
                notes.add("the separate copy for " + String.join(", ", copy.recipients()) + " was NOT sent: "
                        + e.getMessage().replaceAll("[.]$", ""));
                notSent.addAll(copy.recipients());
                if (notSentCode == null) notSentCode = e.exitCode();
                log.warn("account {}: {}", account, notes.get(notes.size() - 1));
            }
        }
        return new Result(Outcome.SENT, account, message.messageId(), all, folder,
                notes.isEmpty() ? null : String.join("; ", notes), 0, notSent, notSentCode);
    }

    /**
     * Bounces a message prepared by {@link Bounce}: the outbox first, then this one; no copy in Sent and no outbox
     * for it (a bounce that cannot go now fails with the link's sentence, 69 or 75, and is not retried later). Recorded
     * as a new message is ({@link SendRecord}) from just before its end of data until the server's answer, so a bounce
     * whose data went out without an answer (a kill -9 included) is in the outbox as perhaps delivered, not bounced twice.
     */
    public Result bounce(String account, Built message) {
        return locks.holding(account, () -> bounceLocked(account, message));
    }

    private Result bounceLocked(String account, Built message) {
        cuts.enter();
        try {
            AccountConfig a = accounts.apply(account);
            SmtpSender sender = sender(a);
            flushLocked(a, sender, dev.postern.model.Work.NONE);
            SendRecord record = new SendRecord(store, a, message, clock.millis(), null);
            try {
                cuts.send(sender, a, "the bounce", message, record);
            } catch (PosternException e) {
                if (e instanceof SmtpFailure f && f.kind() == SmtpFailure.Kind.UNCONFIRMED) throw unconfirmed(a, message, f, record, "bounce");
                record.forget(); // answered after all: not perhaps delivered
                throw e;
            }
            record.forget();
        } finally {
            cuts.leave();
        }
        log.info("account {}: bounced {} to {} recipient(s)", account, message.messageId(), message.recipients().size());
        return new Result(Outcome.SENT, account, message.messageId(), message.recipients(), null, null, 0);
    }

    /** Tries every waiting message of the account, oldest first; stops at the first unreachable server. */
    public FlushReport flush(String account) {
        return flush(account, dev.postern.model.Work.NONE);
    }

    /**
     * As {@link #flush(String)}, telling {@code work} the messages tried of those waiting and stopping
     * between two messages when it is cancelled ({@link dev.postern.model.Work.Cancelled}): what was sent is
     * out of the outbox (each send is committed on its own), the rest waits there.
     */
    public FlushReport flush(String account, dev.postern.model.Work work) {
        return locks.holding(account, () -> {
            cuts.enter();
            try {
                return flushOwn(account, work);
            } finally {
                cuts.leave();
            }
        });
    }

    private FlushReport flushOwn(String account, dev.postern.model.Work work) {
        AccountConfig a = accounts.apply(account);
        if (store == null || store.outbox(account).isEmpty()) return new FlushReport(account, 0, 0, null, false, List.of());
        if (waitingEntries(account).isEmpty()) {
            // Nothing to send, but what was set aside earlier is still the user's to see.
            return new FlushReport(account, 0, 0, null, false, List.of(), null, asideItems(account));
        }
        return flushLocked(a, sender(a), work);
    }

    /** The account's messages set aside (refused, or perhaps delivered): in the outbox, never sent again by themselves. */
    private List<OutboxItem> asideItems(String account) {
        return store.outbox(account).stream().filter(e -> e.state() != OutboxEntry.State.WAITING).map(OutboxItem::of).toList();
    }

    /**
     * How many of the account's outbox messages wait for a flush, were refused for good, and may have been delivered
     * (no answer after their data); all zero without a store.
     */
    public Outgoing.Counts counts(String account) {
        if (store == null) return new Outgoing.Counts(0, 0, 0);
        int waiting = 0;
        int refused = 0;
        int unconfirmed = 0;
        for (OutboxEntry e : store.outbox(account)) {
            switch (e.state()) {
                case WAITING -> waiting++;
                case REFUSED -> refused++;
                case UNCONFIRMED -> unconfirmed++;
            }
        }
        return new Outgoing.Counts(waiting, refused, unconfirmed);
    }

    /** How many messages wait in the account's outbox to be sent by a flush (0 without a store). */
    public int waiting(String account) {
        return store == null ? 0 : waitingEntries(account).size();
    }

    /**
     * Puts a message set aside (refused, or perhaps delivered) back among those the next flush sends; false when the
     * account has no message with that id. The user's say: postern never sends such a message again by itself.
     */
    public boolean retry(String account, long id) {
        return locks.holding(account, () -> retryLocked(account, id));
    }

    private boolean retryLocked(String account, long id) {
        if (store == null) return false;
        Optional<OutboxEntry> e = store.outbox(account).stream().filter(x -> x.id() == id).findFirst();
        if (e.isEmpty()) return false;
        try {
            store.updateOutgoing(e.get().withState(OutboxEntry.State.WAITING));
            store.commit();
        } catch (RuntimeException failure) {
            store.rollback();
            throw failure;
        }
        log.info("account {}: outbox message {} to be sent again", account, id);
        return true;
    }

    private List<OutboxEntry> waitingEntries(String account) {
        return store.outbox(account).stream().filter(e -> e.state() == OutboxEntry.State.WAITING).toList();
    }

    /** The account's waiting messages, oldest first (none without a store). */
    public List<OutboxItem> outbox(String account) {
        if (store == null) return List.of();
        return store.outbox(account).stream().map(OutboxItem::of).toList(); // a read: it waits for no send
    }

    /**
     * Removes a waiting message without sending it; false when the account has no message with that id
     * (sent meanwhile, or never there). Under the account's lock, as sending is, so a message is never both dropped and sent.
     */
    public boolean drop(String account, long id) {
        return locks.holding(account, () -> dropLocked(account, id));
    }

    private boolean dropLocked(String account, long id) {
        if (store == null || store.outbox(account).stream().noneMatch(e -> e.id() == id)) return false;
        try {
            store.removeOutgoing(account, id);
            store.commit();
        } catch (RuntimeException e) {
            store.rollback();
            throw e;
        }
        log.info("account {}: dropped outbox message {}", account, id);
        return true;
    }

    private FlushReport flushLocked(AccountConfig a, SmtpSender sender, dev.postern.model.Work work) {
        if (store == null) return new FlushReport(a.name(), 0, 0, null, false, List.of());
        List<OutboxEntry> waiting = waitingEntries(a.name());
        int sent = 0;
        String error = null;
        boolean unreachable = false;
        boolean loginRefused = false;
        ExitCode stopCode = null;
        ExitCode setAside = null;
        List<String> notes = new ArrayList<>();
        int tried = 0;
        work.progress(0, waiting.size());
        for (OutboxEntry e : waiting) {
            if (work.cancelled() || cuts.stopping()) throw flushCancelled(a, tried, waiting.size(), sent, null);
            work.progress(tried++, waiting.size()); // tried before this one
            try {
                cuts.send(sender, e.raw(), e.envelopeFrom(), e.recipients(), () -> inFlight(e), work);
            } catch (PosternException failure) {
                error = failure.getMessage();
                log.warn("account {}: outbox message {} not sent: {}", a.name(), e.id(), error);
                boolean unconfirmed = failure instanceof SmtpFailure f && f.kind() == SmtpFailure.Kind.UNCONFIRMED;
                if (work.cancelled() || cuts.stopping()) {
                    // Cut by the cancel: before the end of data it waits again; after it, it is set aside as perhaps delivered.
                    OutboxEntry.State state = unconfirmed ? OutboxEntry.State.UNCONFIRMED : OutboxEntry.State.WAITING;
                    error = "postern cut the connection " + (unconfirmed ? "after the whole message had gone out, so the server"
                            + " may have delivered it" : "before the end of the message's data, so it was not delivered");
                    store.updateOutgoing(e.withLastError(error).withState(state));
                    store.commit();
                    throw flushCancelled(a, tried, waiting.size(), sent, unconfirmed ? OutboxItem.setAsideNote(e, state, error) : null);
                }
                if (unconfirmed || setAsideByServer(failure)) {
                    // Refused for good, or perhaps delivered: out of the queue, kept for the user; the others go on.
                    OutboxEntry.State state = unconfirmed ? OutboxEntry.State.UNCONFIRMED : OutboxEntry.State.REFUSED;
                    store.updateOutgoing(e.withLastError(error).withState(state));
                    store.commit();
                    notes.add(OutboxItem.setAsideNote(e, state, error));
                    if (setAside == null) setAside = failure.exitCode();
                    continue;
                }
                store.updateOutgoing(e.withLastError(error));
                store.commit();
                if (failure instanceof SmtpFailure) continue; // refused for now: this message's matter, not the server's
                unreachable = retryable(failure);
                // The login (or TLS) refused, or no login to try (an OAuth2 token not to be had, a password command that
                // failed): not one message's matter, and never the server's refusal of it (hunt34-B B1).
                loginRefused = !unreachable;
                if (loginRefused) stopCode = failure.exitCode();
                break; // the server cannot be reached, or no login: the others would meet the same
            }
            store.removeOutgoing(a.name(), e.id());
            store.commit();
            sent++;
            log.info("account {}: sent outbox message {}", a.name(), e.id());
            String[] note = new String[1];
            if (!Bounce.resent(e.raw())) saveCopy(a, SentCopy.of(e.raw(), e.recipients()), e.envelopeFrom(), note); // a bounce retried: no Sent copy, as bounced
            if (note[0] != null) notes.add(note[0]);
        }
        return new FlushReport(a.name(), sent, waitingEntries(a.name()).size(), error, unreachable, notes, setAside, asideItems(a.name()),
                loginRefused, stopCode);
    }

    /**
     * Marks {@code e} as perhaps delivered, committed, before its end of data goes out: a postern killed before the
     * server's answer leaves it set aside for the user, never sent twice (hunt28 H1). Every ending of the send writes
     * the entry again from {@code e}: sent removes it, a failure before the end of data puts it back as waiting.
     */
    private void inFlight(OutboxEntry e) {
        store.updateOutgoing(new OutboxEntry(e.id(), e.account(), e.envelopeFrom(), e.recipients(), e.raw(), e.queuedAtMillis(),
                SendRecord.PERHAPS, e.attempts(), OutboxEntry.State.UNCONFIRMED));
        store.commit();
    }

    /** The flush's cancel in one sentence: how far it got, what waits, and {@code aside} (a message set aside) or null. */
    private dev.postern.model.Work.Cancelled flushCancelled(AccountConfig a, int tried, int of, int sent, String aside) {
        return new dev.postern.model.Work.Cancelled(dev.postern.render.Sanitizer.oneLine((cuts.stopping() ? "interrupted: " : "")
                + "outbox flush of " + a.name() + " cancelled after " + tried + " of " + of + " messages: " + sent + " sent, "
                + waitingEntries(a.name()).size() + " waiting in the outbox" + (aside == null ? "." : "; " + aside)));
    }

    /**
     * A new message ({@code what}: "message", "bounce") whose data went out without an answer: kept in the outbox as
     * perhaps delivered (never sent again by itself; the entry {@code record} made before the end of data, if any), and
     * said so; as it is, when it cannot be kept.
     */
    private PosternException unconfirmed(AccountConfig a, Built m, SmtpFailure f, SendRecord record, String what) {
        // Cut by the process ending: said so, rather than as a link lost "while quitting" (still perhaps sent: f is the cause).
        String said = cuts.stopping() ? SendStopped.afterData(a, what) : f.getMessage();
        if (store == null || !m.separately().isEmpty()) return said.equals(f.getMessage()) ? f : new PosternException(f.exitCode(), said, f);
        OutboxEntry kept = record.perhapsSent(said);
        return new PosternException(ExitCode.UNAVAILABLE, said.replaceAll("[.]$", "") + "; it is kept in the outbox as"
                + " message " + kept.id() + " and not sent again by itself: check with the recipients, then `postern outbox"
                + " --retry " + kept.id() + "` sends it again or `--drop " + kept.id() + "` removes it.", f);
    }

    private Result queue(AccountConfig a, Built m, String why) {
        if (!m.separately().isEmpty()) {
            // Each queued message would get its own Sent copy when it goes; the Bcc copies must not.
            throw new PosternException(ExitCode.TEMPFAIL, why.replaceAll("[.]$", "") + "; the message was NOT sent and"
                    + " not queued: an encrypted message with Bcc recipients goes out at once or not at all; send it again later.");
        }
        if (store == null) {
            throw new PosternException(ExitCode.TEMPFAIL, why.replaceAll("[.]$", "")
                    + "; the message was NOT sent and could not be queued because another postern holds the store.");
        }
        store.enqueueOutgoing(new OutboxEntry(0, a.name(), m.envelopeFrom(), m.recipients(), m.raw(),
                clock.millis(), why));
        store.commit();
        int n = store.outbox(a.name()).size();
        log.warn("account {}: message {} not sent now, queued in the outbox: {}", a.name(), m.messageId(), why);
        return new Result(Outcome.QUEUED, a.name(), m.messageId(), m.recipients(), null, why, n);
    }

    private SmtpSender sender(AccountConfig a) {
        if (a.smtp() == null) throw noSmtp(a.name());
        return senders.apply(a);
    }

    /**
     * The account has no SMTP table (78): the one sentence every door says, before anything else about the message
     * (a From address, --from: nothing helps an account with no server to send through; hunt 38-M, M12).
     */
    public static PosternException noSmtp(String account) {
        return new PosternException(ExitCode.CONFIG, "account " + account + " has no [accounts." + dev.postern.model.Names.tomlKey(account)
                + ".smtp] table, so it cannot send; add one with host and from (and security, port) to the config.");
    }

    /**
     * Whether a failed send may have delivered the message after all (its data went out without an answer, kept in the
     * outbox as perhaps delivered): a door must not then say it was not sent, nor keep it as an unsent draft.
     */
    public static boolean perhapsSent(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SmtpFailure f && f.kind() == SmtpFailure.Kind.UNCONFIRMED) return true;
        }
        return false;
    }

    /**
     * Whether the SMTP server answered this message itself with a refusal that stands (5xx to MAIL, RCPT, DATA or its
     * end of data): only then is a waiting message set aside as refused. A failure before any answer to it (the
     * sign-in's token, a password command, a damaged token file, the login, the link) is no verdict on the message.
     */
    static boolean setAsideByServer(PosternException e) {
        return e instanceof SmtpFailure f && f.kind() == SmtpFailure.Kind.REFUSED;
    }

    /** Unreachable or temporarily failing: worth keeping the message for later. */
    static boolean retryable(PosternException e) {
        return e.exitCode() == ExitCode.UNAVAILABLE || e.exitCode() == ExitCode.TEMPFAIL;
    }

    /** The copy in Sent; never fails the send, which already happened: a failure becomes a note. */
    private String saveCopy(AccountConfig a, byte[] raw, String envelopeFrom, String[] note) {
        if (!a.capabilities().contains(Capability.APPEND)) return null; // a maildrop keeps no Sent folder
        Boolean save = saveSent.apply(a.name());
        if (Boolean.FALSE.equals(save)) {
            log.info("account {}: save_sent = false: no copy to Sent", a.name());
            return null;
        }
        String smtpHost = a.smtp() == null ? null : a.smtp().host();
        if (save == null && dev.postern.config.IdentityConfig.serverFilesSent(smtpHost)) {
            log.info("account {}: {} files sent mail in Sent itself: no copy to Sent (save_sent = \"auto\";"
                    + " save_sent = true makes one)", a.name(), smtpHost);
            return null;
        }
        try {
            jakarta.mail.Flags seen = new jakarta.mail.Flags(jakarta.mail.Flags.Flag.SEEN);
            String named = sentFolders.apply(a.name(), envelopeFrom);
            // A folder the config names is used (created when missing); otherwise the one SpecialFolders finds for \Sent.
            // A link that drops during the APPEND is tried once more by SentAppender, which keeps the copy once.
            SentAppender appender = appenders.apply(a);
            SentAppender.Appended where = save == null ? appender.appendUnlessFiled(raw, "\\Sent", named, seen)
                    : appender.append(raw, "\\Sent", named, seen);
            if (where == null) return null; // the server filed it itself (Gmail)
            remember(a, where, raw);
            return where.folder();
        } catch (PosternException e) {
            // The message is out: no "try again later" (a second send) from the copy's failure (hunt33-X X12).
            String why = e.getMessage().replaceAll("; try again later[^;]*$", "").replaceAll("[.]$", "");
            // The server away, not refusing: the copy waits in the store and the offline queue (hunt 39-Y, Y1).
            note[0] = keptForLater(a, raw, envelopeFrom, save == null, e, why);
            if (note[0] != null) return null;
            note[0] = "the message was sent, so do not send it again; only the copy to Sent was not saved (" + why
                    + "), so Sent lacks it and nothing else needs doing (Bcc yourself to keep a copy when Sent cannot be"
                    + " reached)";
            log.warn("account {}: {}", a.name(), note[0]);
            return null;
        }
    }

    /**
     * The Sent copy whose server could not be reached ({@code e}: a link dropped or a server not reached; not a refusal,
     * said as before), kept in the store and queued ({@link SentQueue}): the note that says so, or null when it was not.
     */
    private String keptForLater(AccountConfig a, byte[] raw, String envelopeFrom, boolean auto, PosternException e, String why) {
        if (store == null || !(e instanceof dev.postern.model.LinkDropped || dev.postern.model.NotReached.in(e))) return null;
        long id;
        try {
            id = SentQueue.keep(store, a.name(), sentFolders.apply(a.name(), envelopeFrom), auto, raw, clock.instant());
        } catch (RuntimeException unkept) { // the store's own failure: the copy is said as not saved; the send stands
            log.warn("account {}: the Sent copy could not be kept for later", a.name(), unkept);
            return null;
        }
        // What the reader's one line shows first: the copy is queued, not lost; the reason last (hunt 39-Y, Y1).
        String note = "the message was sent, so do not send it again; its copy to Sent is queued (change " + id
                + ") and saved there once the server can be reached (now: " + why + "; `postern queue` lists it)";
        log.warn("account {}: {}", a.name(), note);
        return note;
    }

    /** Puts the copy into the store too, so Sent shows it before the next sync. */
    private void remember(AccountConfig a, SentAppender.Appended where, byte[] raw) {
        if (store == null) return;
        try {
            SentQueue.put(store, a.name(), where.folder(), where.uidValidity(), where.uid(), raw, clock.instant());
            store.commit();
        } catch (RuntimeException e) {
            store.rollback();
            log.warn("account {}: the Sent copy is on the server but not in the store", a.name(), e);
        }
    }
}
