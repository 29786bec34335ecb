package dev.postern.auth;

import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * The OAuth 2.0 Device Authorization Grant (RFC 8628): asks the provider for a user code, prints where to enter it
 * (any device with a browser will do: the phone of someone logged in over SSH), and polls the token endpoint at the
 * interval the provider asks for, slowing down by 5 s whenever it says {@code slow_down}, until the user approves,
 * declines, or the code expires. A poll that meets the provider's or the link's temporary trouble (HTTP 5xx, a
 * dropped link, no answer in time) does not end the sign-in: polling goes on, at twice the interval each time,
 * until the code expires.
 */
public final class DeviceFlow {
    /** How polling waits; tests need not wait for real. */
    public interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    private final String account;
    private final OAuth2Config config;
    private final OAuthClient client;
    private final Clock clock;
    private final Sleeper sleeper;

    public DeviceFlow(String account, OAuth2Config config, OAuthClient client, Clock clock, Sleeper sleeper) {
        this.account = account;
        this.config = config;
        this.client = client;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    public TokenSet run(PrintWriter out) {
        return run(out, 0);
    }

    /**
     * As {@link #run(PrintWriter)}; on a terminal {@code columns} wide (0: not a terminal) that fits it, the
     * address is also drawn as a QR code, so a phone's camera opens it.
     */
    public TokenSet run(PrintWriter out, int columns) {
        Map<String, String> form = client.client();
        form.put("scope", String.join(" ", config.scopes()));
        Map<String, Object> start;
        try {
            start = client.post(config.deviceUrl(), form);
        } catch (OAuthClient.Refused r) {
            throw client.refused(r);
        }
        String deviceCode = str(start, "device_code");
        String userCode = str(start, "user_code");
        // RFC 8628 says verification_uri; Google's older answer says verification_url.
        String uri = start.get("verification_uri") instanceof String s ? s : str(start, "verification_url");
        // Bounded, whatever the server says: an interval of an hour would leave the user waiting for nothing, a
        // lifetime past a day (or a number too big for a long) is no device code's.
        Long askedInterval = Json.seconds(start.get("interval"), 0, 60);
        long interval = askedInterval == null ? 5 : Math.max(1, askedInterval);
        Long askedLifetime = Json.seconds(start.get("expires_in"), 1, 86_400);
        long lifetime = askedLifetime == null ? 900 : askedLifetime;
        Instant deadline = clock.instant().plusSeconds(lifetime);

        out.println("To sign in account " + account + ", open " + Terminal.safe(uri) + " on any device and enter the code "
                + Terminal.safe(userCode) + ".");
        if (start.get("verification_uri_complete") instanceof String complete) {
            out.println("(or open " + Terminal.safe(complete) + ", which carries the code)");
        }
        String scan = start.get("verification_uri_complete") instanceof String c ? c : uri;
        java.util.List<String> qr = columns > 0 ? QrText.lines(Terminal.safe(scan)) : java.util.List.of();
        if (!qr.isEmpty() && qr.get(0).length() <= columns) {
            out.println("Or scan this with a phone:");
            qr.forEach(out::println);
        }
        out.println("Waiting for the approval (the code is good for " + (lifetime / 60) + " minutes; Ctrl-C gives up)...");
        out.flush();

        Map<String, String> poll = client.client();
        poll.put("grant_type", "urn:ietf:params:oauth:grant-type:device_code");
        poll.put("device_code", deviceCode);
        PosternException lastTrouble = null;
        while (true) {
            // Never past the code's expiry: the last wait is cut to what is left of it (hunt34-B B10).
            long left = java.time.Duration.between(clock.instant(), deadline).toMillis();
            if (left <= 0) throw expired(lastTrouble);
            try {
                sleeper.sleep(Math.min(interval * 1000, left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PosternException(ExitCode.TEMPFAIL, "account " + account + ": sign-in was interrupted; run"
                        + " `postern auth login " + account + "` again.");
            }
            if (clock.instant().isAfter(deadline)) throw expired(lastTrouble);
            try {
                return client.tokens(client.post(config.tokenUrl(), poll), null);
            } catch (OAuthClient.Refused r) {
                switch (r.error) {
                    case "authorization_pending" -> { }
                    case "slow_down" -> interval = Math.min(60, interval + 5); // RFC 8628 3.5, at most a minute as backOff
                    case "expired_token" -> throw expired(null);
                    case "access_denied" -> throw new PosternException(ExitCode.CONFIG, "account " + account
                            + ": the sign-in was declined on the provider's page; nothing was saved.");
                    default -> {
                        PosternException p = client.refused(r);
                        if (!passing(p)) throw p;
                        lastTrouble = p;
                        interval = backOff(interval);
                    }
                }
            } catch (PosternException e) {
                // The provider down for a while, a link dropped, an answer late: the code is good until it expires
                // and the user may be approving it right now, so poll on, less often (RFC 8628 3.5).
                if (!passing(e)) throw e;
                lastTrouble = e;
                interval = backOff(interval);
            }
        }
    }

    /** A failure that a later poll may not meet: the provider's or the link's trouble, not the interrupted process. */
    private static boolean passing(PosternException e) {
        return (e.exitCode() == ExitCode.TEMPFAIL || e.exitCode() == ExitCode.UNAVAILABLE)
                && !Thread.currentThread().isInterrupted();
    }

    /** The interval doubled after a failed poll (RFC 8628 3.5's exponential backoff), at most a minute. */
    private static long backOff(long interval) {
        return Math.min(60, interval * 2);
    }

    /** The code ran out; {@code trouble}, the last failed poll's, says why the approval may not have come through. */
    private PosternException expired(PosternException trouble) {
        String why = trouble == null ? "" : " (the last poll failed: "
                + OAuthClient.oneLine(trouble.getMessage().replaceFirst("^account \\S+: ", "")
                        .replaceFirst("(; try again later)?[.]$", "")) + ")";
        return new PosternException(ExitCode.TEMPFAIL, "account " + account + ": the code expired before it was"
                + " approved" + why + "; run `postern auth login " + account + "` again.");
    }

    private String str(Map<String, Object> m, String key) {
        if (m.get(key) instanceof String s && !s.isEmpty()) return s;
        throw new PosternException(ExitCode.DATAERR, "account " + account + ": the device authorization answer has no "
                + key + "; check device_authorization_url in the config.");
    }
}
