package dev.postern.auth;

import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The HTTP side of OAuth 2.0 for one account: form POSTs to the provider's endpoints, each with one deadline for
 * connecting and the whole answer ({@code timeout}); the answer parsed as JSON and checked. A failure is one
 * sentence with a sysexits code: no answer in time 75, unreachable 69, the provider's own trouble (HTTP 5xx or
 * 429 whatever the body, or the codes temporarily_unavailable, server_error, slow_down) 75, a 2xx answer that is not
 * a token response 65, a refusal by the provider (its other {@code error} codes) 78. No sentence or log line ever
 * holds a token or a code.
 */
public final class OAuthClient {
    private final String account;
    private final OAuth2Config config;
    /** The most of a sign-in server's answer kept: a token answer is a few KB (Microsoft's, the largest, ~5 KB). */
    static final int MAX_ANSWER = 1 << 20;

    private final HttpClient http;
    private final Clock clock;

    public OAuthClient(String account, OAuth2Config config, Clock clock) {
        this.account = account;
        this.config = config;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(config.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The provider refused with an OAuth error code (RFC 6749 5.2, RFC 8628 3.5). */
    public static final class Refused extends RuntimeException {
        public final String error;
        public final String description;
        public final int status;

        Refused(String error, String description, int status) {
            super(error);
            this.error = error;
            this.description = description;
            this.status = status;
        }
    }

    /** Sends the form and returns the JSON object of a 2xx answer; throws {@link Refused} for an OAuth error. */
    Map<String, Object> post(URI endpoint, Map<String, String> form) {
        StringJoiner body = new StringJoiner("&");
        form.forEach((k, v) -> {
            if (v != null) body.add(enc(k) + "=" + enc(v));
        });
        HttpRequest req = HttpRequest.newBuilder(endpoint).timeout(config.timeout())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        String host = endpoint.getHost() + (endpoint.getPort() > 0 ? ":" + endpoint.getPort() : "");
        CompletableFuture<HttpResponse<byte[]>> f = http.sendAsync(req, CappedBody.handler(MAX_ANSWER));
        HttpResponse<byte[]> resp;
        try {
            // The request time-out covers only the headers; this covers the whole body too.
            resp = f.get(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw late(host, e);
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new PosternException(ExitCode.TEMPFAIL, "account " + account + ": interrupted while waiting for "
                    + host + ".");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof HttpConnectTimeoutException || c instanceof HttpTimeoutException) throw late(host, c);
            for (Throwable t = c; t != null; t = t.getCause()) {
                if (t instanceof UnknownHostException) {
                    throw new PosternException(ExitCode.UNAVAILABLE, "account " + account + ": cannot resolve "
                            + endpoint.getHost() + " (the sign-in server); check your network.", c);
                }
                if (t instanceof ConnectException) {
                    throw new PosternException(ExitCode.UNAVAILABLE, "account " + account + ": the sign-in server "
                            + host + " refused the connection; try again later.", c);
                }
            }
            if (c instanceof CappedBody.TooLarge) {
                throw new PosternException(ExitCode.DATAERR, "account " + account + ": the sign-in server " + host
                        + " sent an answer of more than " + (MAX_ANSWER >> 20) + " MiB, which no OAuth answer is;"
                        + " check the provider's endpoints in the config.");
            }
            if (c instanceof javax.net.ssl.SSLException) {
                throw new PosternException(ExitCode.CONFIG, "account " + account + ": TLS with the sign-in server "
                        + host + " failed (" + oneLine(c.getMessage()) + ").", c);
            }
            if (c instanceof IOException) {
                throw new PosternException(ExitCode.TEMPFAIL, "account " + account + ": the connection to the sign-in"
                        + " server " + host + " was lost (" + oneLine(c.getMessage()) + "); try again later.", c);
            }
            throw new PosternException(ExitCode.SOFTWARE, "account " + account + ": talking to " + host
                    + " failed unexpectedly (" + c + "); see the log file.", c);
        }
        String text = new String(resp.body(), StandardCharsets.UTF_8);
        int status = resp.statusCode();
        // 5xx and 429 are the provider's own trouble (an outage page from its proxy, a rate limit), whatever the body.
        boolean providerFault = status / 100 == 5 || status == 429;
        if (status / 100 == 3) {
            // Not followed (a form with the client's secret and a refresh token is not posted on to another address),
            // and named: "not a JSON object (unexpected end at character 0)" sent people looking at the answer (B12).
            String to = resp.headers().firstValue("Location").map(l -> oneLine(l.length() > 200 ? l.substring(0, 200) + "..." : l))
                    .orElse("nowhere named");
            throw new PosternException(ExitCode.DATAERR, "account " + account + ": the sign-in server " + host
                    + " answered HTTP " + status + ", a redirect to " + to + ", which postern does not follow with your"
                    + " sign-in; check " + endpoint + " in the config (token_url, device_authorization_url).");
        }
        Map<String, Object> json;
        try {
            json = Json.object(text);
        } catch (Json.Malformed e) {
            if (providerFault) throw outage(host, status);
            throw new PosternException(ExitCode.DATAERR, "account " + account + ": the sign-in server " + host
                    + " answered HTTP " + status + " with something that is not a JSON object ("
                    + e.getMessage() + "); check the provider's endpoints in the config.");
        }
        if (json.get("error") instanceof String err) {
            String desc = json.get("error_description") instanceof String d ? d : null;
            throw new Refused(err, desc, status);
        }
        if (status / 100 != 2) {
            if (providerFault) throw outage(host, status);
            throw new PosternException(ExitCode.DATAERR, "account " + account + ": the sign-in server " + host
                    + " answered HTTP " + status + " without an OAuth error code; check the provider's endpoints.");
        }
        return json;
    }

    private PosternException outage(String host, int status) {
        return new PosternException(ExitCode.TEMPFAIL, "account " + account + ": the sign-in server " + host
                + " answered HTTP " + status + (status == 429 ? " (too many requests)" : " (a fault on the provider's side)")
                + "; try again later.");
    }

    private PosternException late(String host, Throwable e) {
        return new PosternException(ExitCode.TEMPFAIL, "account " + account + ": the sign-in server " + host
                + " did not answer within " + config.timeout().toSeconds() + " s; try again later.", e);
    }

    /** A successful token answer as a TokenSet; {@code previous} supplies a refresh token the answer did not rotate. */
    TokenSet tokens(Map<String, Object> json, TokenSet previous) {
        if (!(json.get("access_token") instanceof String access) || access.isEmpty()) {
            throw new PosternException(ExitCode.DATAERR, "account " + account + ": the sign-in server's answer holds no"
                    + " access_token; check token_url in the config.");
        }
        if (json.get("token_type") instanceof String type && !type.equalsIgnoreCase("bearer")) {
            throw new PosternException(ExitCode.DATAERR, "account " + account + ": the sign-in server issued a token of"
                    + " type '" + oneLine(type) + "', not a bearer token postern can use.");
        }
        long lifetime = 3600; // RFC 6749 leaves expires_in optional; an hour is what Microsoft and Google issue
        if (json.containsKey("expires_in")) {
            // Up to ten years: past that (or past a long, or 1e999999999) it is no token lifetime.
            Long n = Json.seconds(json.get("expires_in"), 0, 315_360_000L);
            if (n == null) {
                // Named, with what it sent and what to do (hunt31-R R8): the saved sign-in is left as it was.
                java.net.URI u = config.tokenUrl();
                String host = u == null || u.getHost() == null ? "" : " " + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "");
                throw new PosternException(ExitCode.DATAERR, "account " + account + ": the sign-in server" + host
                        + " sent expires_in " + oneLine(String.valueOf(json.get("expires_in")))
                        + ", which is not a number of seconds from 0 to ten years, so its token was not used (the saved"
                        + " sign-in is kept); check token_url in the config, or try again later.");
            }
            lifetime = n;
        }
        String refresh = json.get("refresh_token") instanceof String r && !r.isEmpty() ? r
                : previous == null ? null : previous.refreshToken();
        List<String> scopes = json.get("scope") instanceof String s ? Arrays.asList(s.trim().split("\\s+"))
                : previous != null ? previous.scopes() : config.scopes();
        Instant now = clock.instant();
        return new TokenSet(access, now.plusSeconds(lifetime), refresh, scopes, now);
    }

    /** client_id, and client_secret when the config has a command for it. */
    Map<String, String> client() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("client_id", config.clientId());
        if (config.clientSecretCommand() != null) {
            m.put("client_secret", ExternalCommand.firstLine(account, "client_secret_command",
                    config.clientSecretCommand(), config.timeout()));
        }
        return m;
    }

    /** Uses the refresh token; a rotated one replaces it. */
    public TokenSet refresh(TokenSet current) {
        Map<String, String> form = client();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", current.refreshToken());
        if (config.provider() == OAuth2Config.Provider.MICROSOFT) form.put("scope", String.join(" ", config.scopes()));
        try {
            return tokens(post(config.tokenUrl(), form), current);
        } catch (Refused r) {
            if (r.error.equals("invalid_grant")) {
                throw new dev.postern.model.SignInNeeded("account " + account + ": the provider no longer accepts the"
                        + " saved sign-in (it expired or was revoked); run `postern auth login " + account + "`.");
            }
            throw refused(r);
        }
    }

    /**
     * The provider's error codes that say it cannot serve now (RFC 6749 5.2 and 4.1.2.1, RFC 8628 3.5), not that the
     * request or the sign-in is wrong: they call for a later try, not a change of config or a new sign-in.
     */
    static final java.util.Set<String> TEMPORARY = java.util.Set.of("temporarily_unavailable", "server_error", "slow_down");

    /** The error codes of the request itself (RFC 6749 5.2, RFC 8628 3.5): wrong whatever the HTTP status says. */
    private static final java.util.Set<String> OF_THE_REQUEST = java.util.Set.of("invalid_request", "invalid_client",
            "invalid_grant", "unauthorized_client", "unsupported_grant_type", "invalid_scope", "access_denied",
            "expired_token", "authorization_pending", "unsupported_response_type");

    /** Whether the provider's refusal is its temporary trouble rather than an answer about the request. */
    static boolean temporary(Refused r) {
        return TEMPORARY.contains(r.error)
                || (r.status / 100 == 5 || r.status == 429) && !OF_THE_REQUEST.contains(r.error);
    }

    PosternException refused(Refused r) {
        String said = r.description == null ? r.error : r.error + ": " + r.description;
        if (temporary(r)) {
            return new PosternException(ExitCode.TEMPFAIL, "account " + account + ": the sign-in server cannot serve"
                    + " now (server said: " + oneLine(said) + "); try again later.");
        }
        String hint = switch (r.error) {
            case "invalid_client", "unauthorized_client" -> "; check client_id (and client_secret_command) in the config";
            case "invalid_scope" -> "; check scopes in the config";
            default -> "";
        };
        return new PosternException(ExitCode.CONFIG, "account " + account + ": the sign-in server refused (server said: "
                + oneLine(said) + ")" + hint + ".");
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String oneLine(String s) {
        if (s == null) return "";
        String t = s.replaceAll("[\\p{Cntrl}\\p{Cf}]+", " ").strip();
        return t.length() > 160 ? t.substring(0, 160) + "…" : t;
    }
}
