package dev.postern.command;

import dev.postern.compose.Built;
import dev.postern.compose.Draft;
import dev.postern.compose.Postman;
import dev.postern.compose.Recall;
import dev.postern.controller.MailController;
import dev.postern.model.Envelope;
import dev.postern.model.ExitCode;
import dev.postern.model.Folder;
import dev.postern.model.MessageRef;
import dev.postern.model.PosternException;
import dev.postern.render.Sanitizer;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code recall [UID]}: the postponed messages of the account's Drafts folder (\Drafts, else "Drafts"), or one of
 * them as a draft to finish (recipients, subject, thread headers and attachments kept); the door's editor finishes
 * it and {@link #send} sends it, the draft taken out of Drafts as the send begins ({@link Leaving}). The reader's P,
 * {@code :recall} and {@code postern recall}.
 */
public final class RecallCommand implements Command<RecallCommand.Args, RecallCommand.Recalled> {
    /** {@code uid}: the draft to reopen, or null to list them; {@code edit}, {@code yes}: the batch door's editor. */
    public record Args(String account, Long uid, boolean edit, boolean yes) {}

    /**
     * The drafts listed ({@code uid} not given), or the one reopened: {@code draft} to edit, {@code ref} where it is.
     *
     * @param folder    the Drafts folder, or null when the account has none
     * @param messageId the reopened draft's Message-ID (the reader builds it again with it, so postponing it once
     *                  more replaces it in Drafts); null when it has none, or none was reopened
     */
    public record Recalled(String account, String folder, List<Envelope> drafts, MessageRef ref, Draft draft, String messageId)
            implements Result {
        public Recalled {
            drafts = List.copyOf(drafts);
        }

        @Override
        public String text() {
            if (draft != null) return "the draft is ready to edit";
            if (drafts.isEmpty()) return "no postponed messages" + (folder == null ? "" : " in " + Sanitizer.oneLine(folder));
            return drafts.size() + " postponed message" + (drafts.size() == 1 ? "" : "s") + " in " + Sanitizer.oneLine(folder);
        }
    }

    static final Option EDIT = Option.flagSwitch("--edit");
    static final Option YES = Option.flagSwitch("--yes");

    @Override public String name() { return "recall"; }

    @Override public String summary() { return "List postponed messages, or reopen one to finish and send it"; }

    @Override public List<Option> options() { return List.of(EDIT, YES); }

    @Override public List<String> operands() { return List.of("UID"); }

    @Override public boolean takesMessages() { return false; }

    @Override public String doing() { return "send mail"; }

    @Override
    public Args arguments(Words w, Messages targets) {
        if (w.positionals().size() > 1) throw Words.usage("recall takes one UID at most.");
        Long uid = null;
        if (!w.positionals().isEmpty()) {
            try {
                uid = ReadCommand.uid(w.positionals().get(0).strip());
            } catch (dev.postern.model.PosternException notOne) {
                throw Words.usage("recall: '" + Sanitizer.oneLine(w.positionals().get(0)) + "' is not a UID; `recall` lists them.");
            } catch (NumberFormatException e) {
                throw Words.usage("recall: '" + Sanitizer.oneLine(w.positionals().get(0)) + "' is not a UID; `recall` lists them.");
            }
        }
        return new Args(w.accountOrDefault(), uid, w.has(EDIT.name()), w.has(YES.name()));
    }

    /**
     * The account's drafts folder: the {@code drafts_folder} setting ({@code setting}) when the server has it, else the
     * one {@link dev.postern.model.SpecialFolders} finds (\\Drafts, else "Drafts", "INBOX.Drafts"...); null when none.
     */
    static String draftsFolder(List<Folder> folders, String setting) {
        if (setting != null) return folders.stream().anyMatch(f -> f.name().equals(setting)) ? setting : null;
        return dev.postern.model.SpecialFolders.find(dev.postern.model.SpecialFolders.Role.DRAFTS, folders, null);
    }

    @Override
    public CompletableFuture<Recalled> run(MailController c, Args given) {
        String account = given.account() != null ? given.account() : c.accounts().isEmpty() ? null : c.accounts().get(0);
        if (given.uid() != null) {
            try {
                c.checkCanSend(account);
            } catch (PosternException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        // Postponing may have just created the folder: the folder list is asked for again.
        return c.refreshFolders(account).thenCompose(folders -> {
            String folder = draftsFolder(folders, c.draftsSetting(account));
            if (given.uid() == null) {
                if (folder == null) return CompletableFuture.completedFuture(new Recalled(account, null, List.of(), null, null, null));
                return c.refreshFolder(account, folder).thenApply(n -> new Recalled(account, folder,
                        c.page(account, folder, 0, Integer.MAX_VALUE), null, null, null));
            }
            if (folder == null) throw new PosternException(ExitCode.NOINPUT, "account " + account + " has no Drafts folder"
                    + (c.draftsSetting(account) != null ? " '" + c.draftsSetting(account) + "' (drafts_folder)" : "") + ".");
            return c.locate(account, folder, given.uid()).thenCompose(ref -> c.raw(ref).thenApplyAsync(raw -> {
                String from = c.sender(account, null, null, null, false).from();
                if (from == null) {
                    throw new PosternException(ExitCode.CONFIG, "account " + account + " cannot send: add an [accounts." + dev.postern.model.Names.tomlKey(account)
                            + ".smtp] table with host and from to the config.");
                }
                return new Recalled(account, folder, List.of(), ref, Recall.draft(raw, from), Recall.messageId(raw));
            }));
        });
    }

    /**
     * Sends the recalled draft as the door finished it, and once the server took it (every copy) or the outbox holds it
     * removes it from Drafts ({@link #after}); what stays is said in the result's notes. For a door that keeps no copy
     * of its own: one that does writes the message ahead and passes {@link #leave}'s {@link Leaving}.
     */
    public CompletableFuture<Sent> send(MailController c, Recalled recalled, Built message) {
        return send(c, recalled, message, null, null);
    }

    /** How long a send waits for its recalled draft to leave Drafts ({@link Leaving}) before it goes on without. */
    public static final long LEAVE_MILLIS = 15_000;

    /**
     * The recalled draft taken out of Drafts as its send begins (mutt's recall takes it out of postponed), begun by
     * {@link #leave} once the door holds the message as it is sent in a file of its own (drafts/unsent-*.eml): from then
     * on that file, and from the final dot the outbox entry, is the one copy. A kill -9 so never leaves the message both
     * in the outbox and in Drafts (recalled again, it went twice), and a send that fails leaves the file. While the
     * server cannot be reached the delete waits in the offline queue, as every change does.
     */
    public static final class Leaving {
        private final CompletableFuture<?> delete;

        private Leaving(CompletableFuture<?> delete) {
            this.delete = delete;
        }

        /**
         * Completes, never exceptionally, once the copy is gone, could not go, or {@link #LEAVE_MILLIS} passed (the
         * delete goes on): what the send waits for before it connects.
         */
        public CompletableFuture<Void> awaited() {
            return delete.copy().orTimeout(LEAVE_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS).handle((x, e) -> null);
        }

        /** Whether the delete failed (the copy stays in Drafts): a new send makes it again. */
        public boolean failed() {
            return delete.isCompletedExceptionally();
        }

        /** Whether the copy left Drafts. */
        public boolean gone() {
            return delete.isDone() && !delete.isCompletedExceptionally();
        }
    }

    /** {@link Leaving}: the recalled draft's delete from Drafts, begun now; null when {@code recalled} names none. */
    public static Leaving leave(MailController c, Recalled recalled) {
        return recalled.ref() == null ? null : new Leaving(deleteDraft(c, recalled.ref()));
    }

    /**
     * As {@link #send(MailController, Recalled, Built)}; {@code recorded} (or null) runs when the postman records the
     * message in the outbox just before its final dot ({@link MailController#send(String, Built, Runnable)}).
     * {@code leaving} (or null), the draft's delete begun by {@link #leave}, is waited for before postern connects.
     * What is left of the draft once the message went or waits in the outbox: {@link #after}.
     */
    public CompletableFuture<Sent> send(MailController c, Recalled recalled, Built message, Runnable recorded, Leaving leaving) {
        String account = recalled.account();
        CompletableFuture<Void> ahead = leaving == null ? CompletableFuture.completedFuture(null) : leaving.awaited();
        return ahead.thenCompose(x -> c.send(account, message, recorded)).thenCompose(r -> {
            Sent sent = Sent.sent(account, r, List.of());
            return after(c, recalled, leaving, r).thenApply(kept -> {
                if (kept == null) {
                    return r.outcome() == Postman.Outcome.QUEUED
                            ? sent.withNotes(List.of("the draft left " + Sanitizer.oneLine(recalled.ref().folder())
                                    + "; the outbox holds the message until it goes.")) : sent;
                }
                return sent.withNotes(List.of(kept));
            });
        });
    }

    /**
     * The recalled draft once its message {@code r} went, or waits in the outbox (a second copy in Drafts would be
     * recalled and sent twice): out of Drafts, the delete made now when {@code leaving} did not make it. Completes with
     * null when it is gone, else the sentence that says where it stays and why (never exceptionally). A message part of
     * which did not go (a separate Bcc copy) keeps a draft that did not leave: to send again to whom it did not reach.
     */
    public static CompletableFuture<String> after(MailController c, Recalled recalled, Leaving leaving, Postman.Result r) {
        return left(c, recalled, leaving, r).thenCombine(answered(c, recalled),
                (left, answered) -> left == null ? answered : answered == null ? left : left + "; " + answered);
    }

    /**
     * A recalled reply, sent or queued, flags its original \Answered as a reply sent at once does (hunt 39-Y, Y7; mutt
     * keeps the context in X-Mutt-References for the same): the message the store holds with the draft's In-Reply-To,
     * looked for in INBOX first, then in the account's other folders (Drafts aside), off the calling thread. Completes
     * with null, or the sentence when the flag could not be set (never exceptionally); no such message, nothing to do.
     */
    static CompletableFuture<String> answered(MailController c, Recalled recalled) {
        String id = recalled.draft() == null ? null : bracketed(recalled.draft().inReplyTo());
        if (id == null) return CompletableFuture.completedFuture(null);
        return CompletableFuture.supplyAsync(() -> original(c, recalled, id))
                .thenCompose(ref -> ref == null ? CompletableFuture.<List<String>>completedFuture(List.of())
                        : new ReplyCommand().answered(c, ref))
                .handle((notes, err) -> err != null || notes.isEmpty() ? null : notes.get(0));
    }

    /** The message of {@code recalled}'s account whose Message-ID is {@code id} in the store, INBOX first; or null. */
    private static MessageRef original(MailController c, Recalled recalled, String id) {
        List<String> folders = new java.util.ArrayList<>();
        for (dev.postern.model.Folder f : c.folders(recalled.account())) {
            if (f.name().equals(recalled.folder())) continue;
            if (f.name().equalsIgnoreCase("INBOX")) folders.add(0, f.name());
            else folders.add(f.name());
        }
        for (String folder : folders) {
            for (Envelope e : c.page(recalled.account(), folder, 0, Integer.MAX_VALUE)) {
                if (id.equals(bracketed(e.messageId()))) return e.ref();
            }
        }
        return null;
    }

    /** The first {@code <id>} of a Message-ID or In-Reply-To value, brackets included; null when there is none. */
    private static String bracketed(String v) {
        int open = v == null ? -1 : v.indexOf('<');
        int close = open < 0 ? -1 : v.indexOf('>', open);
        return close > open + 1 ? v.substring(open, close + 1) : null;
    }

    /** What {@link #after} says of the draft itself: null when it left Drafts, else where it stays and why. */
    private static CompletableFuture<String> left(MailController c, Recalled recalled, Leaving leaving, Postman.Result r) {
        MessageRef ref = recalled.ref();
        if (leaving != null && leaving.gone()) return CompletableFuture.completedFuture(null);
        if (r.outcome() == Postman.Outcome.SENT && !r.notSent().isEmpty()) {
            return CompletableFuture.completedFuture("the draft stays in " + Sanitizer.oneLine(ref.folder())
                    + " until the message has gone out.");
        }
        // a delete still under way is waited for, one that failed is made again
        CompletableFuture<?> gone = leaving != null && !leaving.delete.isDone() ? leaving.delete : deleteDraft(c, ref);
        String how = r.outcome() == Postman.Outcome.QUEUED ? "queued in the outbox" : "sent";
        return gone.handle((x, err) -> err == null ? null : how + ", but the draft is still in " + Sanitizer.oneLine(ref.folder())
                + " (delete it there, or it may be sent twice): " + Sanitizer.oneLine(ReplyCommand.unwrap(err).getMessage()));
    }

    private static CompletableFuture<?> deleteDraft(MailController c, MessageRef ref) {
        try {
            return Commands.DELETE.run(c, new DeleteCommand.Args(Messages.seen(ref.account(), ref.folder(), ref.uidValidity(), List.of(ref.uid())), true, null));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

}
