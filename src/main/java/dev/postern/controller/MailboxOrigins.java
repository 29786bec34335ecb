package dev.postern.controller;

import dev.postern.config.AccountConfig;
import dev.postern.render.Sanitizer;
import dev.postern.store.MailStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which mailbox an account's stored data came from (hunt38-M, M1 and M2): its host and user (its protocol recorded too). A POP3 UIDL, an
 * IMAP UID and UIDVALIDITY name a message only within one mailbox (RFC 1939 7, RFC 3501 2.3.1.1; Dovecot's UIDVALIDITY
 * is the second the mailbox was made, so users made together share it): an account re-pointed at another mailbox
 * under the same name took the old mailbox's ledger for the new one's, and a POP3 fetch with keep_on_server=false
 * DELEted the new mailbox's mail unstored, an IMAP delete hit another message than the one shown.
 *
 * <p>So every session of an account is made through {@link #check}, before it connects: a config that names another
 * mailbox than the one recorded is refused (78) before anything reaches the server, naming what changed and the ways
 * on. The record is made at the account's first login ({@link #connected}: a new account, or a store an older postern
 * wrote). A port, security or protocol change alone is the same mailbox. Reading the store offline goes on as before.
 */
public final class MailboxOrigins {
    private static final String VERSION = "1";

    private final MailStore store;

    public MailboxOrigins(MailStore store) {
        this.store = store;
    }

    /** The mailbox {@code a} names, as recorded: protocol, host (lower case, no trailing dot) and user. */
    static String of(AccountConfig a) {
        String host = a.host() == null ? "" : a.host().toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) host = host.substring(0, host.length() - 1);
        return String.join("\t", VERSION, a.protocol().name(), host, a.user() == null ? "" : a.user());
    }

    /**
     * Before a session of {@code a} is made: throws 78 when the store's data of the account came from another mailbox
     * than the one the config now names. An account with no record yet passes (see {@link #connected}).
     */
    public synchronized void check(AccountConfig a) {
        Optional<String> was = store.origin(a.name());
        if (was.isPresent() && !same(was.get(), of(a))) throw changed(a, was.get(), of(a));
    }

    /**
     * Whether two records name one mailbox: the same host and user. The protocol is recorded but not compared: POP3
     * and IMAP of one login on one server reach the same INBOX, and an account moved from one to the other goes on
     * with its stored mail as before (the IMAP sync meets the POP3 store's folder as a new UIDVALIDITY).
     */
    static boolean same(String was, String now) {
        String[] w = was.split("\t", -1);
        String[] n = now.split("\t", -1);
        if (w.length < 4 || n.length < 4) return was.equals(now);
        return w[0].equals(n[0]) && w[2].equals(n[2]) && w[3].equals(n[3]);
    }

    /**
     * After a session of {@code a} logged in, before its task: the first time (a new account, or a store an older postern
     * wrote), records the mailbox the config names. Only a login that went through records it, so a host or user
     * mistyped and then put right is not taken for the account's mailbox.
     */
    synchronized void connected(AccountConfig a) {
        if (store.origin(a.name()).isEmpty()) record(a.name(), of(a));
    }

    /** {@code postern store adopt}: the account's stored data is of the mailbox its config names now. */
    synchronized String adopt(AccountConfig a) {
        String now = of(a);
        Optional<String> was = store.origin(a.name());
        String name = Sanitizer.oneLine(a.name());
        if (was.isPresent() && same(was.get(), now)) return "account " + name + ": its stored mail is already of this mailbox; nothing changed.";
        record(a.name(), now);
        return "account " + name + ": its stored mail is now taken as of " + describe(now)
                + (was.isEmpty() ? "" : " (was " + describe(was.get()) + ")") + ".";
    }

    private void record(String account, String origin) {
        try {
            store.putOrigin(account, origin);
            store.commit();
        } catch (RuntimeException e) {
            store.rollback();
            throw e;
        }
    }

    /** The refusal: what changed, and the ways on. */
    static MailboxChanged changed(AccountConfig a, String was, String now) {
        String[] w = was.split("\t", -1);
        String[] n = now.split("\t", -1);
        List<String> what = new ArrayList<>();
        String[] names = {"", "protocol", "host", "user"};
        for (int i = 2; i < names.length; i++) { // the protocol alone makes no other mailbox (see same)
            String before = i < w.length ? w[i] : "";
            String after = i < n.length ? n[i] : "";
            if (!before.equals(after)) {
                what.add(names[i] + " " + Sanitizer.oneLine(i == 1 ? before.toLowerCase(Locale.ROOT) : before) + " -> "
                        + Sanitizer.oneLine(i == 1 ? after.toLowerCase(Locale.ROOT) : after));
            }
        }
        String name = Sanitizer.oneLine(a.name());
        return new MailboxChanged("account " + name + " now names another mailbox ("
                + String.join(", ", what) + ") than the one its stored mail came from, so postern does nothing on its"
                + " server: give the new mailbox an account name of its own in the config (the stored mail stays under "
                + name + " and `--cached` reads it), or, only if it is the same mailbox under a new name, run `"
                + Sanitizer.oneLine(dev.postern.model.Names.command("store adopt", a.name())) + "`.");
    }

    /** A recorded origin in words: "pop3 mailbox of carol at mail.example.org". */
    static String describe(String origin) {
        String[] o = origin.split("\t", -1);
        if (o.length < 4) return "an unknown mailbox";
        return o[1].toLowerCase(Locale.ROOT) + " mailbox of " + Sanitizer.oneLine(o[3]) + " at " + Sanitizer.oneLine(o[2]);
    }
}
