package dev.postern.backend.pop3;

import dev.postern.backend.BodySource;
import dev.postern.backend.ConnectionErrors;
import dev.postern.backend.FlagWriter;
import dev.postern.backend.FolderLister;
import dev.postern.backend.MailSession;
import dev.postern.backend.SessionProperties;
import dev.postern.config.AccountConfig;
import dev.postern.model.ExitCode;
import dev.postern.model.Flag;
import dev.postern.model.Folder;
import dev.postern.model.MessageRef;
import dev.postern.model.PosternException;
import dev.postern.model.Security;
import jakarta.mail.FetchProfile;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.UIDFolder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import org.eclipse.angus.mail.pop3.POP3Folder;
import org.eclipse.angus.mail.pop3.POP3Message;
import org.eclipse.angus.mail.pop3.POP3Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A POP3 connection over Angus Mail, with the same transport rules as IMAP: time-outs on every socket,
 * certificates and host names checked, STARTTLS required when configured.
 *
 * <p>Deletion is two-phase and only ever happens in {@link #quit()}: {@link #markForDeletion} only
 * remembers a number; {@code quit()} sends DELE for each and then QUIT, and a POP3 server applies DELE
 * only when QUIT ends the session. {@link #close()} never sends DELE, so a session that is aborted, times
 * out or is killed deletes nothing.
 *
 * <p>As a {@link BodySource} it finds a stored message by its UIDL, which {@code uidlOf} looks up from
 * the local UID (the store's ledger).
 */
public final class Pop3Session implements MailSession, BodySource, FolderLister, FlagWriter, dev.postern.backend.Maildrop {
    private static final Logger log = LoggerFactory.getLogger(Pop3Session.class);
    public static final String INBOX = "INBOX";
    /**
     * A longer UIDL is kept as its hash: RFC 1939 allows 70 characters, and the ledger keeps one for every message
     * ever fetched, so a server sending 60 KiB ones would fill the store with them.
     */
    static final int MAX_UIDL_CHARS = 1000;
    /** The most messages a maildrop may claim (STAT): each costs Angus an object while the session lasts. */
    static final int MAX_MESSAGES = 5_000_000;

    private final AccountConfig account;
    private final Supplier<String> password;
    private final LongFunction<Optional<String>> uidlOf;
    private POP3Store store;
    private POP3Folder inbox;
    private List<Pop3Listing> listing;
    private final Set<Integer> toDelete = new TreeSet<>();
    /** LIST's octets of each message by number (index number - 1), from {@link #list()}; null before it. */
    private int[] listedSizes;
    /** What the last {@link #list()} left out, one sentence each. */
    private List<String> listingErrors = List.of();

    public Pop3Session(AccountConfig account, Supplier<String> password, LongFunction<Optional<String>> uidlOf) {
        this.account = account;
        this.password = password;
        this.uidlOf = uidlOf;
        this.faults = new Pop3Faults(account, links, this::close);
    }

    /** A POP3 session's properties, the connections it makes kept in {@code links}. */
    static Properties properties(AccountConfig a, dev.postern.backend.link.Links links) {
        String p = "mail." + SessionProperties.protocol(a, "pop3") + ".";
        Properties props = SessionProperties.common(a, SessionProperties.protocol(a, "pop3"), links);
        // An aborted session un-marks anything on the server side too (we never send DELE before quit()).
        props.put(p + "rsetbeforequit", "true");
        // RETR streams straight into our buffer; nothing is cached in temp files or kept in memory.
        props.put(p + "filecache.enable", "false");
        props.put(p + "keepmessagecontent", "false");
        return props;
    }

    /**
     * An OAuth2 account's properties: Angus speaks plain "pop3" over sockets from {@code oauth}, which have done
     * TLS (or STLS) and the SASL sign-in already; Angus's USER and PASS (a placeholder) are answered by them.
     */
    static Properties properties(AccountConfig a, Properties props, Pop3OAuth oauth) {
        String tls = "mail." + SessionProperties.protocol(a, "pop3") + ".";
        String p = "mail.pop3.";
        Properties out = new Properties();
        props.forEach((k, v) -> out.put(k.toString().replace(tls, p), v));
        for (String k : List.of("starttls.enable", "starttls.required", "ssl.socketFactory")) out.remove(p + k);
        out.put(p + "socketFactory", oauth.socketFactory());
        out.put(p + "socketFactory.fallback", "false");
        out.put(p + "auth.mechanisms", "LOGIN");
        return out;
    }

    /** The account's OAuth2 sign-in over POP3, with its transport made as for any POP3 session. */
    static Pop3OAuth oauth(AccountConfig a, Properties common) {
        String p = "mail." + SessionProperties.protocol(a, "pop3") + ".";
        return new Pop3OAuth(a.host(), a.port(), a.user(), (javax.net.SocketFactory) common.get(p + "socketFactory"),
                (javax.net.ssl.SSLSocketFactory) common.get(p + "ssl.socketFactory"), a.security() == Security.STARTTLS);
    }

    /** Built by {@link #prepare}, not connected yet; taken by {@link #connect}. */
    private POP3Store prepared;
    /** Every connection this session's stores make, for {@link #abort}; once cut, for good. */
    private final dev.postern.backend.link.Links links = new dev.postern.backend.link.Links();
    private final Pop3Faults faults;
    /** The prepared store's OAuth2 sign-in, for an OAuth2 account. */
    private Pop3OAuth preparedOAuth;

    @Override
    public void prepare() {
        if (prepared != null || isConnected()) return;
        String proto = account.security() == Security.TLS ? "pop3s" : "pop3";
        try {
            Properties props = properties(account, links);
            if (account.oauth2() != null) {
                Pop3OAuth oauth = oauth(account, props);
                prepared = (POP3Store) Session.getInstance(properties(account, props, oauth)).getStore("pop3");
                preparedOAuth = oauth;
                return;
            }
            prepared = (POP3Store) Session.getInstance(props).getStore(proto);
        } catch (MessagingException | RuntimeException e) {
            throw translate(e);
        }
    }

    @Override
    public void connect() {
        if (links.isCut()) throw translate(dev.postern.backend.link.LinkLostException.cut());
        if (isConnected()) return;
        POP3Store tried = null;
        try {
            prepare();
            POP3Store s = prepared;
            tried = s;
            Pop3OAuth oauth = preparedOAuth;
            prepared = null;
            preparedOAuth = null;
            if (oauth == null) {
                s.connect(account.host(), account.port(), account.user(), password.get());
            } else {
                dev.postern.backend.OAuthSasl.login(account, password, pw -> {
                    oauth.token(pw::toCharArray);
                    try {
                        s.connect(account.host(), account.port(), account.user(), Pop3OAuth.PLACEHOLDER);
                    } finally {
                        oauth.token(null);
                    }
                });
            }
            store = s;
            POP3Folder f = (POP3Folder) s.getFolder(INBOX);
            try {
                f.open(jakarta.mail.Folder.READ_WRITE);
            } catch (OutOfMemoryError e) {
                // Angus makes room for as many messages as STAT says there are, at once: one allocation, which a
                // server claiming billions makes fail (and nothing else with it). Left alone it ended the account's
                // worker, and the command waiting on it waited for ever.
                throw faults.tooMany("more messages than fit in memory");
            } catch (NegativeArraySizeException e) {
                // STAT "+OK -5 100": Angus sizes its table of messages by it.
                throw faults.tooMany("a negative number of messages");
            }
            if (f.getMessageCount() == 0) faults.checkEmpty(links.lastStatus());
            inbox = f;
            answered();
            log.info("account {}: POP3 session opened on {}:{}", account.name(), account.host(), account.port());
        } catch (MessagingException | RuntimeException e) {
            close();
            PosternException way = refusedWay(tried, e);
            throw way != null ? way : refusedGreeting(e);
        }
    }

    /**
     * A refusal of USER and PASS themselves rather than of the password (hunt37-I I4: a server that takes CRAM-MD5
     * only, or a login only after STLS), from its CAPA and words ({@link dev.postern.backend.NoLoginMethod#pop3}); null
     * for any other failure.
     */
    private PosternException refusedWay(POP3Store s, Exception e) {
        if (!(e instanceof jakarta.mail.AuthenticationFailedException) || s == null || account.oauth2() != null) return null;
        // The login's own refusal only: Angus's failure carries the words of the -ERR that answered USER or PASS.
        String refusal = links.lastRefusal();
        if (refusal.length() <= 4 || !refusal.substring(4).strip().equals(String.valueOf(e.getMessage()).strip())) return null;
        try {
            return dev.postern.backend.NoLoginMethod.pop3(account, s.capabilities(), e.getMessage(),
                    account.security() != Security.PLAIN, e);
        } catch (MessagingException notKnown) {
            return null;
        }
    }

    /**
     * The failure of a connect: when the server greeted with -ERR (RFC 1939: it will not serve now), said as its
     * refusal in its own words, which Angus drops ("Connect failed"); else as any failure.
     */
    private PosternException refusedGreeting(Exception e) {
        String refusal = links.lastRefusal();
        for (Throwable t = e; t != null && refusal.length() > 4; t = t.getCause()) {
            if (!String.valueOf(t.getMessage()).contains("STLS required but failed")) continue;
            // STLS answered -ERR: said in its words, and for now when its code says so ([SYS/TEMP], RFC 3206).
            return translate(new MessagingException(dev.postern.backend.LoginRefusals.STARTTLS_REFUSED + refusal.substring(4).strip(), e));
        }
        String greeting = links.lastGreeting();
        boolean atGreeting = false;
        for (Throwable t = e; t != null && !atGreeting; t = t.getCause()) {
            atGreeting = String.valueOf(t.getMessage()).contains("Connect failed");
        }
        if (!atGreeting || !greeting.regionMatches(true, 0, "-ERR", 0, 4)) return translate(e);
        String words = greeting.substring(4).strip().replaceAll("[\\p{Cntrl}]", "?");
        if (words.length() > 200) words = words.substring(0, 200) + "...";
        return new PosternException(ExitCode.TEMPFAIL, "account " + account.name() + ": the server at " + account.host() + ":"
                + account.port() + " refused the connection" + (words.isEmpty() ? "" : " (server said: " + words + ")")
                + "; try again later.", e);
    }

    @Override
    public boolean isConnected() {
        checkedAt = 0;
        if (store == null || inbox == null) return false;
        if (fresh()) return true;
        long asked = System.nanoTime();
        boolean open = inbox.isOpen(); // a NOOP
        if (open) answered();
        else checkedAt = asked;
        return open;
    }

    /**
     * A NOOP that timed out in {@link #isConnected} (Angus's isOpen keeps only "closed"): the account's thread counts it
     * as the task's first try, and its sentence says "twice" when the fresh connection waits as long (hunt36-K K4).
     */
    @Override
    public PosternException checkFailure() {
        return checkedAt == 0 ? null : timedOutSince(checkedAt);
    }

    /** When {@link #isConnected} last asked the server and found the link gone; 0 when it did not. */
    private long checkedAt;

    @Override
    public PosternException timedOutSince(long sinceNanos) {
        java.io.IOException t = links.timedOutSince(sinceNanos);
        return t == null ? null : translate(t);
    }

    /** Whether the server answered within {@link #FRESH_NS} and the link was not cut since. */
    private boolean fresh() {
        long at = answeredAt;
        return at != 0 && !links.isCut() && System.nanoTime() - at < FRESH_NS;
    }

    /**
     * Cuts the connection at once, from any thread: no QUIT is sent, so the server deletes nothing marked in this
     * session (RFC 1939: deletions take effect only at QUIT).
     */
    @Override
    public void abort() {
        links.cut();
    }

    /** Ends the session without deleting anything. */
    @Override
    public void close() {
        answeredAt = 0;
        toDelete.clear();
        listing = null;
        listedSizes = null;
        listingErrors = List.of();
        try {
            if (inbox != null && inbox.isOpen()) inbox.close(false);
        } catch (MessagingException | RuntimeException e) {
            log.debug("closing POP3 folder", e);
        }
        inbox = null;
        try {
            if (store != null) store.close();
        } catch (MessagingException | RuntimeException e) {
            log.debug("closing POP3 store", e);
        }
        store = null;
    }

    /**
     * When the server last answered on this session (System.nanoTime), 0 after a failure or none yet: a link that
     * answered within {@link #FRESH_NS} is taken as open. Angus's isOpen asks the server (a NOOP) at every call, and
     * every message fetched asked it once before its RETR: a round trip per message (hunt34-A's aside).
     */
    private volatile long answeredAt;
    private static final long FRESH_NS = 5_000_000_000L;

    private POP3Folder inbox() {
        if (!isConnected()) connect();
        return inbox;
    }

    /** The server just answered: the link is open for the next {@link #FRESH_NS}. */
    private void answered() {
        answeredAt = System.nanoTime();
    }

    /**
     * A POP3 session sees the maildrop as it was at login: a run that must see new mail starts from a
     * fresh session unless this one has not listed anything yet.
     */
    public java.util.Set<dev.postern.model.Capability> capabilities() { return dev.postern.model.Capability.pop3(); }

    @Override
    public void freshView() {
        if (listing != null || !isConnected()) {
            close();
            connect();
        }
    }

    @Override
    public List<String> listingErrors() {
        return listingErrors;
    }

    /**
     * Every message in the maildrop with its UIDL and size: one UIDL and one LIST command. One whose UIDL holds bytes
     * RFC 1939 forbids is left out and named in {@link #listingErrors()}: taken as it came, the next run (its bytes
     * back as they should be) took the message for a new one and stored it twice.
     */
    @Override
    public List<Pop3Listing> list() {
        if (listing != null) return listing;
        try {
            POP3Folder f = inbox();
            int n = f.getMessageCount();
            if (n > MAX_MESSAGES) throw faults.tooMany(n + " messages, more than the " + MAX_MESSAGES + " postern lists from one maildrop");
            List<Pop3Listing> out = new ArrayList<>(n);
            List<String> unlawful = new ArrayList<>();
            if (n > 0) {
                Message[] msgs = f.getMessages();
                FetchProfile fp = new FetchProfile();
                fp.add(UIDFolder.FetchProfileItem.UID);
                f.fetch(msgs, fp);
                int[] sizes = f.getSizes();
                listedSizes = sizes;
                String[] uids = new String[n];
                for (int i = 0; i < n; i++) {
                    String uid = f.getUID(msgs[i]);
                    if (uid == null || uid.isBlank()) {
                        byte[] h = identifyingHeader(i + 1);
                        uid = h == null ? null : "sha256:" + Pop3Keys.sha256(h);
                    } else if (!Pop3Faults.lawfulUidl(uid)) {
                        unlawful.add(faults.unlawfulUidl(i + 1, uid));
                        uid = null;
                    } else if (uid.length() > MAX_UIDL_CHARS) uid = Pop3Keys.longUidl(uid);
                    uids[i] = uid;
                }
                Pop3Keys.distinct(uids, this::identifyingHeader);
                for (int i = 0; i < n; i++) {
                    if (uids[i] == null) continue; // gone from the maildrop while it was listed
                    long size = sizes != null && i < sizes.length ? Math.max(0, sizes[i]) : 0;
                    out.add(new Pop3Listing(i + 1, uids[i], size));
                }
            }
            listing = List.copyOf(out);
            listingErrors = List.copyOf(unlawful);
            return listing;
        } catch (MessagingException | RuntimeException e) {
            throw translate(e);
        }
    }

    /**
     * The exact bytes of message {@code number} (RETR), or a failure: never a truncated message. Angus's reader throws
     * on a link that ends before the terminating "."; a "." that came too early (a line the server did not dot-stuff)
     * ends its read as well, and then only what follows tells: a message not as long as LIST said is taken only when
     * the server's next answer is an answer (NOOP, which Angus's isOpen sends and hears), not the rest of the message.
     */
    @Override
    public byte[] retrieve(int number) {
        byte[] got;
        try {
            POP3Message m = (POP3Message) inbox().getMessage(number);
            ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
            m.writeTo(out, null);
            m.invalidate(true);
            got = out.toByteArray();
        } catch (jakarta.mail.MessageRemovedException e) {
            throw faults.gone(number);
        } catch (MessagingException | IOException | RuntimeException e) {
            throw faults.messageFault(number, translate(e), e);
        }
        ended(number, () -> faults.checkEnd(inbox, number, got, listed(number)));
        return got;
    }

    /** LIST's size of message {@code number}, -1 when not listed. */
    private long listed(int number) {
        int[] sizes = listedSizes;
        return sizes != null && number <= sizes.length ? sizes[number - 1] : -1;
    }

    /** After a message's answer: {@code check} (Pop3Faults.checkEnd) tells whether the link is known to be there. */
    private void ended(int number, java.util.function.BooleanSupplier check) {
        boolean there;
        try {
            there = check.getAsBoolean();
        } finally {
            answeredAt = 0;
        }
        if (there) answered(); // else the link may be gone: the next command asks (and logs in again if so)
    }

    /**
     * The header that names message {@code number} when the server gives it no usable UIDL: {@link #headers}, the same
     * bytes from TOP or from the head of RETR. Null when the message is gone from the maildrop meanwhile.
     */
    private byte[] identifyingHeader(int number) {
        try {
            return headers(number);
        } catch (PosternException e) {
            if (e.exitCode() == ExitCode.NOINPUT) return null;
            throw e;
        }
    }

    /**
     * The header of message {@code number}, ending with its empty line: TOP n 0, or, from a server without TOP (optional
     * in RFC 1939), the head of RETR up to and with that line, the same bytes TOP sends ({@link Pop3Head}: the rest of
     * the message is read and dropped, never held). Once RETR has stood in for a TOP the server refused, the session
     * asks RETR at once, and says so in the log once.
     */
    @Override
    public byte[] headers(int number) {
        if (!noTop) {
            try {
                POP3Message m = (POP3Message) inbox().getMessage(number);
                try (InputStream in = m.top(0)) {
                    if (in != null) return in.readAllBytes();
                }
            } catch (jakarta.mail.MessageRemovedException e) {
                throw faults.gone(number);
            } catch (MessagingException | IOException | RuntimeException e) {
                throw translate(e);
            }
        }
        Pop3Head head = new Pop3Head();
        try {
            POP3Message m = (POP3Message) inbox().getMessage(number);
            m.writeTo(head, null);
            m.invalidate(true);
        } catch (jakarta.mail.MessageRemovedException e) {
            throw faults.gone(number);
        } catch (MessagingException | IOException | RuntimeException e) {
            throw faults.messageFault(number, translate(e), e);
        }
        if (!noTop) {
            noTop = true; // TOP refused for a message RETR then sent: the server has no TOP
            log.info("account {}: the server at {}:{} has no TOP, so a header is read from the head of RETR (the whole"
                    + " message crosses the wire, only its header is kept)", account.name(), account.host(), account.port());
        }
        ended(number, () -> faults.checkEnd(inbox, number, head.length(), head.crlf(), head.dots(), listed(number)));
        return head.head();
    }

    /** Whether the server answered TOP with -ERR for a message that RETR then sent (its TOP is not asked again). */
    private boolean noTop;

    /** Remembers that message {@code number} is to be deleted when {@link #quit()} ends the session. */
    @Override
    public void markForDeletion(int number) {
        toDelete.add(number);
    }

    /**
     * Sends DELE for every marked message, then QUIT, and closes the connection. Callers mark only
     * messages already committed to the store. Returns the numbers the server accepted DELE for.
     */
    @Override
    public java.util.Set<Integer> quit() {
        int marked = toDelete.size();
        try {
            POP3Folder f = inbox;
            if (f == null || !f.isOpen()) {
                if (marked > 0) {
                    throw new PosternException(ExitCode.TEMPFAIL, "account " + account.name()
                            + ": the connection was lost before QUIT, so nothing was deleted on the server; try again later.");
                }
                return java.util.Set.of();
            }
            java.util.Set<Integer> accepted;
            if (marked > 0 && Pop3Deletions.heard()) {
                try {
                    accepted = Pop3Deletions.deleteAndQuit(f, toDelete); // close() below finds the connection closed
                } catch (java.io.IOException e) {
                    throw new MessagingException("DELE failed", e);
                }
                return accepted;
            } else {
                for (int n : toDelete) f.getMessage(n).setFlag(jakarta.mail.Flags.Flag.DELETED, true);
                // Angus sends the DELE commands here (their answers unheard), then QUIT.
                f.close(marked > 0);
                accepted = new java.util.TreeSet<>(toDelete);
            }
            inbox = null;
            return accepted;
        } catch (MessagingException | RuntimeException e) {
            throw translate(e);
        } finally {
            close();
        }
    }

    // ---- BodySource ----------------------------------------------------------------------------

    @Override
    public byte[] raw(MessageRef ref) {
        String uidl = uidlOf.apply(ref.uid()).orElseThrow(() -> new PosternException(ExitCode.NOINPUT,
                "account " + account.name() + ": message " + ref.uid() + " is not known to the store; run `postern fetch`."));
        for (Pop3Listing l : list()) {
            if (!l.uidl().equals(uidl)) continue;
            if (l.size() > dev.postern.backend.SessionProperties.largestPop3Message()) {
                // Postern's own limit, said as such: asked for, the answer would pass the cap and read as the server's fault.
                throw new PosternException(ExitCode.DATAERR, "account " + account.name() + ": message " + ref.uid() + " is "
                        + dev.postern.render.Sizes.human(l.size()) + "B, more than postern reads from a POP3 server in one"
                        + " answer (" + dev.postern.render.Sizes.human(dev.postern.backend.SessionProperties.largestPop3Message())
                        + "B); only its header is stored. Read it with another client, or over IMAP if the server offers it.");
            }
            return retrieve(l.number());
        }
        throw new PosternException(ExitCode.NOINPUT, "account " + account.name() + ": message " + ref.uid()
                + " is no longer on the server and only its header was fetched.");
    }

    /** POP3 cannot fetch parts of a message: the whole message stands in for its text. */
    @Override
    public byte[] textOnly(MessageRef ref) {
        return raw(ref);
    }

    // ---- FolderLister, FlagWriter --------------------------------------------------------------

    /** A POP3 maildrop is one folder, INBOX. */
    @Override
    public List<Folder> listFolders() {
        return List.of(new Folder(account.name(), INBOX, '/', list().size(), 0, Set.of()));
    }

    /** POP3 servers keep no flags: flags of a POP3 message live in the local store only. */
    @Override
    public void setFlag(MessageRef ref, Flag flag, boolean on) {
        // Nothing to tell the server; the controller records the flag in the store.
    }

    private PosternException translate(Exception e) {
        answeredAt = 0; // the next command asks whether the link is still there
        return ConnectionErrors.translate(account, e);
    }
}
