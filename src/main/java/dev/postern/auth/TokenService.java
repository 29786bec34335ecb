package dev.postern.auth;

import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Access tokens for OAuth2 accounts, as a connection is about to log in: the one in memory while it has a minute
 * left, else the saved one, else a refresh with the saved refresh token (whose rotated successor is saved before
 * the new access token is used). Refreshing holds a lock file beside the token file, and the saved tokens are read
 * again under it, so cron and the reader refreshing at once use one refresh, not two (with rotation, the second
 * would spend a refresh token the first had already replaced).
 */
public final class TokenService {
    /** An access token with less than this left is refreshed rather than sent. */
    static final long MARGIN_SECONDS = 60;

    private final Map<String, String> env;
    private final Clock clock;
    private final Map<String, TokenSet> cache = new ConcurrentHashMap<>();
    /**
     * Tokens a refresh gave that the token store would not take: the provider has replaced the saved refresh token,
     * so this is the only copy; used, and offered to the store again, before the saved one.
     */
    private final Map<String, TokenSet> unsaved = new ConcurrentHashMap<>();
    /** Sign-ins this process completed, per account: a failure read before the latest one is stale. */
    private final Map<String, java.util.concurrent.atomic.AtomicLong> signIns = new ConcurrentHashMap<>();

    public TokenService(Map<String, String> env, Clock clock) {
        this.env = env;
        this.clock = clock;
    }

    /** A fresh access token for {@code account}; 78 with "run postern auth login" when there is no sign-in. */
    public String accessToken(String account, OAuth2Config c) {
        if (c.external()) return ExternalCommand.firstLine(account, "token_command", c.tokenCommand(), c.timeout());
        TokenSet known = cache.get(account);
        if (known != null && known.fresh(clock.instant(), MARGIN_SECONDS)) return known.accessToken();
        return locked(account, c, () -> {
            TokenStore store = TokenStore.of(account, c);
            java.util.function.BooleanSupplier superseded = supersededLater(account, store);
            TokenSet pending = unsaved.get(account);
            if (pending != null && saveRefreshed(account, c, store, pending)) unsaved.remove(account, pending);
            TokenSet saved = pending != null ? pending : store.load().orElseThrow(() -> new dev.postern.model.SignInNeeded(
                    "account " + account + " is not signed in; run `postern auth login " + account + "`.", superseded));
            if (saved.fresh(clock.instant(), MARGIN_SECONDS)) {
                cache.put(account, saved);
                return saved.accessToken();
            }
            if (saved.refreshToken() == null) {
                throw new dev.postern.model.SignInNeeded("account " + account + ": the access token expired and the"
                        + " provider gave no refresh token; run `postern auth login " + account + "`.", superseded);
            }
            TokenSet next;
            try {
                next = new OAuthClient(account, c, clock).refresh(saved);
            } catch (dev.postern.model.SignInNeeded e) {
                refused(account, store, saved);
                Optional<String> lost = UnsavedRefresh.noted(c);
                // The provider refuses a refresh token postern replaced but could not save the successor of: its fault
                // is not the provider's, and saying "expired or revoked" would send the person looking there.
                throw new dev.postern.model.SignInNeeded(lost.isEmpty() ? e.getMessage() : "account " + account
                        + ": the provider no longer accepts the saved sign-in, because postern could not save the renewed one "
                        + lost.get() + " and the provider had already replaced it; run `postern auth login " + account
                        + "`.", superseded);
            }
            cache.put(account, next);
            if (!saveRefreshed(account, c, store, next)) unsaved.put(account, next);
            else unsaved.remove(account);
            return next.accessToken();
        });
    }

    /**
     * Saves a refresh's tokens; when the store fails, the tokens stay in this process (the access token works for
     * this run) and a note beside the token file says when and why, which the log and `auth status` repeat.
     */
    private boolean saveRefreshed(String account, OAuth2Config c, TokenStore store, TokenSet next) {
        try {
            store.save(next);
            UnsavedRefresh.clear(c);
            return true;
        } catch (PosternException e) {
            String why = "not saved in " + store.where() + ": " + e.getMessage();
            UnsavedRefresh.note(c, account, clock.instant(), why);
            org.slf4j.LoggerFactory.getLogger(TokenService.class).warn("account {}: the renewed sign-in could not be"
                    + " saved ({}); this process goes on with it, and a later run may have to sign in again", account, why);
            return false;
        }
    }

    /** Why the renewed sign-in of {@code account} is not saved (when and why), or empty when nothing is waiting. */
    public Optional<String> unsavedRefresh(String account, OAuth2Config c) {
        return c.external() ? Optional.empty() : UnsavedRefresh.noted(c);
    }

    /**
     * Records that the provider refused the saved sign-in (invalid_grant), so that `auth status` says a new sign-in
     * is needed rather than "renewed when needed". The refusal's own sentence matters more than this note, so a
     * token store that cannot be written now is left as it was.
     */
    private void refused(String account, TokenStore store, TokenSet saved) {
        cache.remove(account);
        try {
            store.save(saved.refused(clock.instant()));
        } catch (PosternException e) {
            org.slf4j.LoggerFactory.getLogger(TokenService.class).warn("account {}: the refused sign-in was not recorded: {}",
                    account, e.getMessage());
        }
    }

    /** Forgets the token in memory: the server refused it, so the next login refreshes first. */
    public void distrust(String account) {
        cache.remove(account);
    }

    /** Marks the saved access token as used up, so that the next {@link #accessToken} refreshes. */
    public void expireSaved(String account, OAuth2Config c) {
        cache.remove(account);
        unsaved.computeIfPresent(account, (k, t) -> new TokenSet(null, null, t.refreshToken(), t.scopes(), t.lastRefresh()));
        if (c.external()) return;
        locked(account, c, () -> {
            TokenStore store = TokenStore.of(account, c);
            store.load().ifPresent(t -> store.save(new TokenSet(null, null, t.refreshToken(), t.scopes(), t.lastRefresh())));
            return null;
        });
    }

    /** Signs in by the device flow or, with {@code browser}, the authorization code flow, and saves the tokens. */
    public TokenSet login(String account, OAuth2Config c, boolean browser, int port, PrintWriter out) {
        return login(account, c, browser, port, out, env);
    }

    /** As above, with the environment of this command ($BROWSER), which a long-lived process may not share. */
    public TokenSet login(String account, OAuth2Config c, boolean browser, int port, PrintWriter out,
            Map<String, String> env) {
        return login(account, c, browser, port, out, env, 0);
    }

    /** As above; {@code columns} is the width of the terminal {@code out} goes to (0: not one), for the QR code. */
    public TokenSet login(String account, OAuth2Config c, boolean browser, int port, PrintWriter out,
            Map<String, String> env, int columns) {
        return login(account, c, browser, port, out, env, columns, null);
    }

    /**
     * As above; in the browser flow, {@code pasted} (the terminal, or null) may give the address the browser ended
     * on, for a browser on another device that the redirect to 127.0.0.1 cannot reach.
     */
    public TokenSet login(String account, OAuth2Config c, boolean browser, int port, PrintWriter out,
            Map<String, String> env, int columns, java.io.InputStream pasted) {
        if (c.external()) {
            throw new PosternException(ExitCode.USAGE, "account " + account + " gets its tokens from token_command;"
                    + " there is nothing for postern to sign in.");
        }
        OAuthClient client = new OAuthClient(account, c, clock);
        TokenSet tokens;
        if (browser || c.deviceUrl() == null) {
            if (!browser) {
                out.println("The provider allows no device sign-in for mail; using the browser sign-in instead.");
            }
            tokens = new BrowserFlow(account, c, client, env, Duration.ofMinutes(5)).run(out, port, pasted);
        } else {
            tokens = new DeviceFlow(account, c, client, clock, Thread::sleep).run(out, columns);
        }
        TokenSet result = tokens;
        locked(account, c, () -> {
            TokenStore.of(account, c).save(result);
            UnsavedRefresh.clear(c);
            unsaved.remove(account);
            return null;
        });
        cache.put(account, tokens);
        signIns.computeIfAbsent(account, k -> new java.util.concurrent.atomic.AtomicLong()).incrementAndGet();
        return tokens;
    }

    /**
     * Taken as an attempt is about to read the saved tokens: later, whether a sign-in has been completed since,
     * in this process (the reader's {@code :sign-in}) or by another one that saved the token file anew.
     */
    private java.util.function.BooleanSupplier supersededLater(String account, TokenStore store) {
        long generation = signIns(account);
        java.time.Instant readAt = java.time.Instant.now();
        return () -> {
            if (signIns(account) != generation) return true;
            if (!(store instanceof TokenStore.File f)) return false;
            try {
                if (!Files.getLastModifiedTime(f.file()).toInstant().isAfter(readAt)) return false;
                // Saved since: a sign-in, unless what was saved is only a refusal being recorded (this one's or
                // another process's), which leaves the account as much in want of a sign-in as before.
                return store.load().map(t -> t.refusedAt() == null).orElse(false);
            } catch (IOException | RuntimeException e) {
                return false; // no token file (or none readable): nothing usable has been saved since
            }
        };
    }

    private long signIns(String account) {
        java.util.concurrent.atomic.AtomicLong n = signIns.get(account);
        return n == null ? 0 : n.get();
    }

    public void logout(String account, OAuth2Config c) {
        cache.remove(account);
        unsaved.remove(account);
        if (c.external()) return;
        locked(account, c, () -> {
            TokenStore.of(account, c).erase();
            return null;
        });
    }

    /** The saved sign-in, if any (for `auth status`). */
    public Optional<TokenSet> saved(String account, OAuth2Config c) {
        if (c.external()) return Optional.empty();
        return TokenStore.of(account, c).load();
    }

    private interface Work<T> {
        T run();
    }

    /** One refresher per process at a time (a JVM may not take one file lock twice), then one per machine. */
    private static final Object PROCESS_LOCK = new Object();

    private <T> T locked(String account, OAuth2Config c, Work<T> work) {
        synchronized (PROCESS_LOCK) {
            return fileLocked(account, c, work);
        }
    }

    private <T> T fileLocked(String account, OAuth2Config c, Work<T> work) {
        Path lock = c.tokenFile().resolveSibling(c.tokenFile().getFileName() + ".lock");
        try {
            Files.createDirectories(lock.getParent(), PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            try (FileChannel ch = FileChannel.open(lock, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                 FileLock held = lockWithin(ch, c.timeout().plusSeconds(5), account)) {
                return work.run();
            }
        } catch (IOException e) {
            throw new PosternException(ExitCode.IOERR, "account " + account + ": the token lock " + lock
                    + " cannot be used (" + e.getMessage() + ").", e);
        }
    }

    /** Another postern may be refreshing: wait for it a little longer than one HTTP exchange may take. */
    private static FileLock lockWithin(FileChannel ch, Duration wait, String account) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            FileLock l = ch.tryLock();
            if (l != null) return l;
            if (System.nanoTime() > deadline) {
                throw new PosternException(ExitCode.TEMPFAIL, "account " + account + ": another postern has been"
                        + " refreshing the sign-in for " + wait.toSeconds() + " s; try again later.");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PosternException(ExitCode.TEMPFAIL, "account " + account + ": interrupted waiting for the"
                        + " token lock.");
            }
        }
    }
}
