package dev.postern.backend.imap;

import dev.postern.backend.ConnectionErrors;
import dev.postern.config.AccountConfig;
import dev.postern.model.ExitCode;
import dev.postern.model.Folder;
import dev.postern.model.PosternException;
import jakarta.mail.MessagingException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.imap.protocol.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The folders part of {@link ImapSession}: LIST (with one STATUS per selectable folder for its counts),
 * the subscribed list, SPECIAL-USE roles, and CREATE, RENAME, DELETE and (UN)SUBSCRIBE sent so that a
 * server's refusal keeps its words and its response code's exit code.
 */
final class ImapFolders {
    private static final Logger log = LoggerFactory.getLogger(ImapSession.class);

    private final ImapConnection conn;
    private final AccountConfig account;

    ImapFolders(ImapConnection conn) {
        this.conn = conn;
        this.account = conn.account();
    }

    // ---- folders -------------------------------------------------------------------------------

    /** Whether the last {@link #listFolders} read every line of the server's answer ({@link CappedProtocol#listUnread}). */
    private boolean listedWhole = true;

    boolean listedWhole() {
        return listedWhole;
    }

    List<Folder> listFolders() {
        try {
            CappedProtocol.listUnread.remove();
            jakarta.mail.Folder[] all = conn.store().getDefaultFolder().list("*");
            String unread = CappedProtocol.listUnread.get();
            CappedProtocol.listUnread.remove();
            listedWhole = unread == null;
            if (unread != null) {
                log.warn("account {}: the folder list held a line postern could not read ({}); no stored folder is"
                        + " dropped for missing from it", account.name(), unread.length() > 120 ? unread.substring(0, 120)
                        + "..." : unread);
            }
            List<Folder> out = new ArrayList<>();
            for (IMAPFolder imf : once(all)) {
                Set<String> attrs = new LinkedHashSet<>(List.of(imf.getAttributes()));
                Folder folder = new Folder(account.name(), Folder.canonical(imf.getFullName()), imf.getSeparator(), 0, 0, attrs);
                if (folder.selectable()) {
                    Status st = countsOrNone(imf);
                    if (st != null) {
                        folder = new Folder(account.name(), Folder.canonical(imf.getFullName()), imf.getSeparator(),
                                Math.max(0, st.total), Math.max(0, st.unseen), attrs);
                    }
                }
                out.add(folder);
            }
            out.sort(Comparator.comparing((Folder f) -> !f.name().equalsIgnoreCase("INBOX")).thenComparing(Folder::name));
            return out;
        } catch (MessagingException | RuntimeException e) {
            throw ConnectionErrors.translate(account, e);
        }
    }

    /**
     * The folders of a LIST (or LSUB) answer, each once: a server that lists one folder twice (the same name on two lines,
     * INBOX in two cases, which {@link Folder#canonical} makes one) had it counted, listed and synced once for each line
     * (fix42-M, item 2). The first selectable line is kept (else the first), and the log says the server repeated itself.
     */
    private List<IMAPFolder> once(jakarta.mail.Folder[] all) {
        Map<String, IMAPFolder> byName = new java.util.LinkedHashMap<>();
        for (jakarta.mail.Folder f : all) {
            IMAPFolder imf = (IMAPFolder) f;
            String name = Folder.canonical(imf.getFullName());
            IMAPFolder first = byName.putIfAbsent(name, imf);
            if (first == null) continue;
            log.info("account {}: the server lists folder '{}' more than once (as '{}' and '{}'); it is one folder to postern",
                    account.name(), name, first.getFullName(), imf.getFullName());
            if (!selectable(first) && selectable(imf)) byName.put(name, imf);
        }
        return new ArrayList<>(byName.values());
    }

    private static boolean selectable(IMAPFolder f) {
        try {
            List<String> attrs = List.of(f.getAttributes());
            return !attrs.contains("\\Noselect") && !attrs.contains("\\NonExistent");
        } catch (MessagingException e) {
            return false; // a folder made from a LIST line has its attributes: not reached
        }
    }

    /**
     * {@link #status}, or null (counts unknown) when the server refuses STATUS on this one folder (NO or BAD: a name
     * it lists but will not count, a folder it forbids): one such folder no longer fails the whole listing. A lost
     * link still fails it.
     */
    private Status countsOrNone(IMAPFolder f) throws MessagingException {
        try {
            return status(f);
        } catch (MessagingException e) {
            if (!(e.getCause() instanceof org.eclipse.angus.mail.iap.CommandFailedException
                    || e.getCause() instanceof org.eclipse.angus.mail.iap.BadCommandException)) throw e;
            log.warn("account {}: the server refused STATUS {} ({}); listed without its counts", account.name(),
                    f.getFullName(), e.getMessage());
            return null;
        }
    }

    /**
     * One STATUS command for both counts (Angus's getters would send one each); null when the server answered OK
     * without the {@code * STATUS} line that carries them (a broken server: the counts are unknown, as mutt and
     * aerc leave them, and the folder is listed without them).
     */
    private Status status(IMAPFolder f) throws MessagingException {
        Status st = (Status) f.doCommand(p -> p.status(f.getFullName(), new String[] {"MESSAGES", "UNSEEN"}));
        if (st == null) {
            log.warn("account {}: the server answered STATUS {} without its counts; they are left unknown",
                    account.name(), f.getFullName());
        }
        return st;
    }

    void createFolder(String name) {
        try {
            IMAPFolder f = (IMAPFolder) conn.store().getFolder(name);
            if (f.exists()) {
                throw new PosternException(ExitCode.USAGE, "account " + account.name() + ": folder '" + name
                        + "' already exists.");
            }
            // CREATE sent as is (Angus's create() drops the server's NO and its reason); on a server that keeps
            // every folder under a prefix (Courier's "INBOX."), a refusal says so.
            create(f, account, () -> dev.postern.model.SpecialFolders.under(name, personalPrefix()));
        } catch (MessagingException | RuntimeException e) {
            throw ConnectionErrors.translate(account, e);
        }
    }

    void renameFolder(String from, String to) {
        try {
            IMAPFolder f = (IMAPFolder) conn.store().getFolder(from);
            if (!f.exists()) throw new jakarta.mail.FolderNotFoundException(f);
            IMAPFolder t = (IMAPFolder) conn.store().getFolder(to);
            if (t.exists()) {
                throw new PosternException(ExitCode.USAGE, "account " + account.name() + ": folder '" + to
                        + "' already exists; pick another name.");
            }
            conn.closeIfOpen(from);
            boolean wasSubscribed = f.isSubscribed();
            folderCommand(f, "rename '" + from + "' to '" + to + "'", p -> p.rename(from, to));
            if (wasSubscribed) {
                t.setSubscribed(true);
                try {
                    f.setSubscribed(false);
                } catch (MessagingException e) {
                    log.debug("unsubscribing the old name {}", from, e);
                }
            }
        } catch (MessagingException | RuntimeException e) {
            throw ConnectionErrors.translate(account, e);
        }
    }

    void deleteFolder(String name) {
        if (name.equalsIgnoreCase("INBOX")) {
            throw new PosternException(ExitCode.USAGE, "account " + account.name() + ": INBOX cannot be deleted.");
        }
        try {
            IMAPFolder f = (IMAPFolder) conn.store().getFolder(name);
            if (!f.exists()) throw new jakarta.mail.FolderNotFoundException(f);
            conn.closeIfOpen(name);
            try {
                f.setSubscribed(false);
            } catch (MessagingException e) {
                log.debug("unsubscribing {}", name, e);
            }
            folderCommand(f, "delete '" + name + "'", p -> p.delete(name));
        } catch (MessagingException | RuntimeException e) {
            throw ConnectionErrors.translate(account, e);
        }
    }

    int messageCount(String name) {
        try {
            IMAPFolder f = (IMAPFolder) conn.store().getFolder(name);
            if (!f.exists()) throw new jakarta.mail.FolderNotFoundException(f);
            // A \Noselect name (a parent kept for its children) holds no messages, and STATUS on it fails.
            if ((f.getType() & jakarta.mail.Folder.HOLDS_MESSAGES) == 0) return 0;
            try {
                Status st = status(f);
                return st == null ? -1 : Math.max(0, st.total);
            } catch (MessagingException e) {
                // Listed, yet refused to STATUS (Dovecot: "Mailbox doesn't exist" for a Maildir++ name kept only
                // for its children): the server answered, it just will not count.
                if (e.getCause() instanceof org.eclipse.angus.mail.iap.CommandFailedException) return -1;
                throw e;
            }
        } catch (MessagingException | RuntimeException e) {
            throw ConnectionErrors.translate(account, e);
        }
    }

    private interface FolderOp {
        void run(IMAPProtocol p) throws ProtocolException;
    }

    /**
     * Sends one folder command (CREATE, RENAME, DELETE) itself: Angus's own methods turn the server's NO
     * into {@code false} and drop its reason ("Mailbox has children"). A refusal here keeps the server's
     * words and its exit code by {@link ConnectionErrors#refusal}: [NONEXISTENT] 66, a code that says
     * the refusal stands ([NOPERM], [CANNOT], [ALREADYEXISTS]...) 77, none or a passing one ([INUSE]) 75.
     */
    private void folderCommand(IMAPFolder f, String what, FolderOp op) throws MessagingException {
        folderCommand(f, account, what, op);
    }

    private static void folderCommand(IMAPFolder f, AccountConfig account, String what, FolderOp op) throws MessagingException {
        try {
            f.doCommand(p -> {
                op.run(p);
                return null;
            });
        } catch (MessagingException e) {
            if (e.getCause() instanceof org.eclipse.angus.mail.iap.CommandFailedException
                    || e.getCause() instanceof org.eclipse.angus.mail.iap.BadCommandException) {
                throw refused(account, what, (ProtocolException) e.getCause());
            }
            throw e;
        }
    }

    private static PosternException refused(AccountConfig account, String what, ProtocolException e) {
        Response r = e.getResponse();
        String said = r != null ? r.getRest() : e.getMessage();
        said = said == null ? "" : said.strip();
        if (said.length() > 300) said = said.substring(0, 300) + "…";
        // As every refusal (README): a code that says it stands is 77, [NONEXISTENT] 66, none (not known to stand) 75.
        ExitCode exit = ConnectionErrors.refusal(said);
        return new PosternException(exit, "account " + account.name() + ": the server refused to " + what
                + (said.isEmpty() ? "" : " (server said: " + said + ")") + ".", e);
    }

    void subscribe(String name, boolean subscribed) {
        try {
            IMAPFolder f = (IMAPFolder) conn.store().getFolder(name);
            if (subscribed && !f.exists()) throw new jakarta.mail.FolderNotFoundException(f);
            f.setSubscribed(subscribed);
        } catch (MessagingException | RuntimeException e) {
            throw ConnectionErrors.translate(account, e);
        }
    }

    boolean folderExists(String name) {
        try {
            return conn.store().getFolder(name).exists();
        } catch (MessagingException | RuntimeException e) {
            throw ConnectionErrors.translate(account, e);
        }
    }

    List<String> subscribedFolders() {
        try {
            List<String> out = new ArrayList<>();
            for (IMAPFolder imf : once(conn.store().getDefaultFolder().listSubscribed("*"))) {
                List<String> attrs = List.of(imf.getAttributes()); // a list: Set.of throws on an attribute given twice
                if (!attrs.contains("\\Noselect") && !attrs.contains("\\NonExistent")) out.add(Folder.canonical(imf.getFullName()));
            }
            // INBOX is always there to sync, subscribed or not.
            if (out.stream().noneMatch(n -> n.equalsIgnoreCase("INBOX"))) out.add(0, "INBOX");
            return out;
        } catch (MessagingException | RuntimeException e) {
            throw ConnectionErrors.translate(account, e);
        }
    }

    List<Folder> folderNames() {
        try {
            List<Folder> out = new ArrayList<>();
            CappedProtocol.listUnread.remove();
            jakarta.mail.Folder[] all = conn.store().getDefaultFolder().list("*");
            listedWhole = CappedProtocol.listUnread.get() == null; // sync says so: a folder on that line was not synced
            CappedProtocol.listUnread.remove();
            for (IMAPFolder imf : once(all)) {
                out.add(new Folder(account.name(), Folder.canonical(imf.getFullName()), imf.getSeparator(), 0, 0,
                        new LinkedHashSet<>(List.of(imf.getAttributes()))));
            }
            out.sort(Comparator.comparing((Folder f) -> !f.name().equalsIgnoreCase("INBOX")).thenComparing(Folder::name));
            return out;
        } catch (MessagingException | RuntimeException e) {
            throw ConnectionErrors.translate(account, e);
        }
    }

    static final List<String> SPECIAL_USES = List.of("\\Sent", "\\Drafts", "\\Trash", "\\Archive", "\\Junk");

    /** Role attribute to folder, by {@link dev.postern.model.SpecialFolders}: the server's marks, else well-known names. */
    Map<String, String> specialUse() {
        List<Folder> all = folderNames();
        String prefix = personalPrefix();
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (dev.postern.model.SpecialFolders.Role r : dev.postern.model.SpecialFolders.Role.values()) {
            String name = dev.postern.model.SpecialFolders.find(r, all, prefix);
            if (name != null) out.put(r.attribute(), name);
        }
        return out;
    }

    private String prefix;

    /** The personal namespace's prefix ("INBOX." on Courier and Cyrus; NAMESPACE when offered), "" when none. */
    String personalPrefix() {
        if (prefix == null) prefix = personalPrefix(conn.store());
        return prefix;
    }

    /** {@link #personalPrefix()} of {@code store}: "" when the server has no NAMESPACE or refuses it. */
    static String personalPrefix(org.eclipse.angus.mail.imap.IMAPStore store) {
        try {
            jakarta.mail.Folder[] ns = store.getPersonalNamespaces();
            if (ns == null || ns.length == 0) return "";
            String name = ns[0].getFullName();
            char sep = ns[0].getSeparator();
            if (name == null || name.isEmpty() || sep == 0) return "";
            return name.charAt(name.length() - 1) == sep ? name : name + sep;
        } catch (MessagingException | RuntimeException e) {
            log.debug("NAMESPACE", e);
            return "";
        }
    }

    /**
     * CREATE {@code name} and SUBSCRIBE it, for a special folder (Trash, Sent, Drafts) or an import's target: a
     * refusal quotes the server ({@link #folderCommand}), with {@code hint} added to the sentence.
     */
    static void create(IMAPFolder f, AccountConfig account, java.util.function.Supplier<String> hint) throws MessagingException {
        try {
            folderCommand(f, account, "create folder '" + f.getFullName() + "'", p -> p.create(f.getFullName()));
        } catch (PosternException e) {
            String m = e.getMessage();
            throw new PosternException(e.exitCode(), (m.endsWith(".") ? m.substring(0, m.length() - 1) : m) + hint.get() + ".", e);
        }
        try {
            f.setSubscribed(true);
        } catch (MessagingException e) {
            log.info("account {}: SUBSCRIBE {} refused ({}); the folder is made all the same", account.name(),
                    f.getFullName(), e.getMessage());
        }
    }
}
