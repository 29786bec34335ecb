package dev.postern.auth;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small OAuth 2.0 authorization server on loopback, for tests: the device authorization endpoint (RFC 8628), the
 * authorization endpoint (approving at once, with PKCE S256 checked at the token endpoint), the token endpoint
 * (device_code, authorization_code and refresh_token grants, with real expiry and refresh token rotation), and
 * token introspection (RFC 7662) for Dovecot's oauth2 passdb. Every token it ever issued is kept, so a test can
 * look for any of them where none may be. No secret here is real.
 */
public final class TestAuthServer implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * How the token endpoint behaves: as a provider should, too slowly, with an HTML 502 page (a proxy's outage), or
     * with the answer {@link #canned} gave.
     */
    public enum Mode { NORMAL, SLOW, GARBAGE, CANNED }

    private final HttpServer http;
    private final String username;
    private volatile long accessTtlSeconds = 3600;
    private volatile boolean rotate = true;
    private volatile Mode tokenMode = Mode.NORMAL;
    private volatile long slowMillis = 10_000;
    /** The status, content type and body of every token answer in {@link Mode#CANNED}. */
    private volatile String[] canned = {"200", "application/json", "{}"};
    /** What the token endpoint answers to device_code polls before it issues tokens (then "approved"). */
    private final Deque<String> devicePolls = new ArrayDeque<>();

    private final Map<String, Instant> access = new ConcurrentHashMap<>();
    private final Map<String, Boolean> refresh = new ConcurrentHashMap<>(); // token -> still valid
    private final Map<String, String[]> codes = new ConcurrentHashMap<>(); // code -> {challenge, redirect}
    private final Map<String, Boolean> deviceCodes = new ConcurrentHashMap<>();
    private final List<String> issued = new CopyOnWriteArrayList<>();
    private final AtomicInteger refreshes = new AtomicInteger();
    private final AtomicInteger introspections = new AtomicInteger();
    private final List<String> grants = new CopyOnWriteArrayList<>();

    public TestAuthServer(String username) throws IOException {
        this.username = username;
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        http.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "test-auth-server");
            t.setDaemon(true);
            return t;
        }));
        http.createContext("/device", this::device);
        http.createContext("/authorize", this::authorize);
        http.createContext("/token", this::token);
        http.createContext("/introspect", this::introspect);
        http.start();
    }

    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + path);
    }

    public TestAuthServer accessTtl(long seconds) { accessTtlSeconds = seconds; return this; }

    public TestAuthServer rotate(boolean on) { rotate = on; return this; }

    public TestAuthServer tokenMode(Mode mode) { tokenMode = mode; return this; }

    public TestAuthServer slowMillis(long ms) { slowMillis = ms; return this; }

    /** Every token request is answered with this status, content type and body. */
    public TestAuthServer canned(int status, String contentType, String body) {
        canned = new String[] {String.valueOf(status), contentType, body};
        tokenMode = Mode.CANNED;
        return this;
    }

    /**
     * The answers to device polls before approval: an OAuth error code ("authorization_pending", "slow_down",
     * "access_denied"), "http NNN" for an HTML error page with that status, or "drop" to close the link unanswered.
     */
    public synchronized TestAuthServer devicePolls(String... errors) {
        devicePolls.clear();
        devicePolls.addAll(List.of(errors));
        return this;
    }

    /** Every refresh token stops working (the user revoked the app's access). */
    public void revokeAll() {
        refresh.replaceAll((k, v) -> false);
        access.clear();
    }

    /** Every access token stops working before its time; refresh tokens still work. */
    public void forgetAccessTokens() {
        access.clear();
    }

    public int refreshes() { return refreshes.get(); }

    public int introspections() { return introspections.get(); }

    /** The grant types the token endpoint served, in order. */
    public List<String> grants() { return List.copyOf(grants); }

    /** Every token, code and device code issued so far. */
    public List<String> issued() { return List.copyOf(issued); }

    /** True when {@code token} is an access token this server issued that has not expired. */
    public boolean active(String token) {
        Instant until = access.get(token);
        return until != null && Instant.now().isBefore(until);
    }

    private String mint(String prefix) {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        String t = prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        issued.add(t);
        return t;
    }

    private void device(HttpExchange ex) throws IOException {
        Map<String, String> form = form(ex);
        if (!"postern-test".equals(form.get("client_id"))) {
            json(ex, 400, Map.of("error", "invalid_client"));
            return;
        }
        String dc = mint("dc-");
        deviceCodes.put(dc, true);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("device_code", dc);
        m.put("user_code", "WDJB-MJHT");
        m.put("verification_uri", url("/activate").toString());
        m.put("verification_uri_complete", url("/activate").toString() + "?user_code=WDJB-MJHT");
        m.put("expires_in", 600);
        m.put("interval", 1);
        json(ex, 200, m);
    }

    private void authorize(HttpExchange ex) throws IOException {
        Map<String, String> q = query(ex.getRequestURI().getRawQuery());
        String code = mint("code-");
        codes.put(code, new String[] {q.get("code_challenge"), q.get("redirect_uri")});
        String to = q.get("redirect_uri") + "?code=" + enc(code) + "&state=" + enc(q.get("state"));
        ex.getResponseHeaders().add("Location", to);
        ex.sendResponseHeaders(302, -1);
        ex.close();
    }

    private void token(HttpExchange ex) throws IOException {
        Map<String, String> form = form(ex);
        if (tokenMode == Mode.SLOW) {
            try {
                Thread.sleep(slowMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (tokenMode == Mode.GARBAGE) {
            page(ex, 502);
            return;
        }
        if (tokenMode == Mode.CANNED) {
            String[] c = canned;
            byte[] b = c[2].getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", c[1]);
            if (c[0].startsWith("3")) ex.getResponseHeaders().add("Location", "https://login.example.net/new/token");
            ex.sendResponseHeaders(Integer.parseInt(c[0]), b.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(b);
            }
            return;
        }
        String grant = form.getOrDefault("grant_type", "");
        grants.add(grant);
        switch (grant) {
            case "urn:ietf:params:oauth:grant-type:device_code" -> {
                if (!deviceCodes.containsKey(form.getOrDefault("device_code", ""))) {
                    json(ex, 400, Map.of("error", "invalid_grant"));
                    return;
                }
                String next;
                synchronized (this) {
                    next = devicePolls.poll();
                }
                if (next != null && next.startsWith("http ")) {
                    page(ex, Integer.parseInt(next.substring(5)));
                    return;
                }
                if ("drop".equals(next)) {
                    ex.close(); // no status line: the client meets a link closed mid-exchange
                    return;
                }
                if (next != null) {
                    json(ex, 400, Map.of("error", next));
                    return;
                }
                deviceCodes.remove(form.get("device_code"));
                json(ex, 200, issue(true));
            }
            case "authorization_code" -> {
                String[] c = codes.remove(form.getOrDefault("code", ""));
                if (c == null || !c[1].equals(form.get("redirect_uri"))
                        || !c[0].equals(s256(form.getOrDefault("code_verifier", "")))) {
                    json(ex, 400, Map.of("error", "invalid_grant"));
                    return;
                }
                json(ex, 200, issue(true));
            }
            case "refresh_token" -> {
                String rt = form.getOrDefault("refresh_token", "");
                if (!Boolean.TRUE.equals(refresh.get(rt))) {
                    json(ex, 400, Map.of("error", "invalid_grant", "error_description", "AADSTS70008: the refresh token has expired or was revoked"));
                    return;
                }
                refreshes.incrementAndGet();
                if (rotate) refresh.put(rt, false);
                json(ex, 200, issue(rotate));
            }
            default -> json(ex, 400, Map.of("error", "unsupported_grant_type"));
        }
    }

    private Map<String, Object> issue(boolean withRefresh) {
        String at = mint("at-");
        access.put(at, Instant.now().plusSeconds(accessTtlSeconds));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("access_token", at);
        m.put("token_type", "Bearer");
        m.put("expires_in", accessTtlSeconds);
        m.put("scope", "mail offline_access");
        if (withRefresh) {
            String rt = mint("rt-");
            refresh.put(rt, true);
            m.put("refresh_token", rt);
        }
        return m;
    }

    private void introspect(HttpExchange ex) throws IOException {
        introspections.incrementAndGet();
        Map<String, String> form = form(ex);
        String t = form.getOrDefault("token", "");
        if (active(t)) json(ex, 200, Map.of("active", true, "username", username));
        else json(ex, 200, Map.of("active", false));
    }

    private static Map<String, String> form(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        return query(body);
    }

    private static Map<String, String> query(String q) {
        Map<String, String> m = new HashMap<>();
        if (q == null) return m;
        for (String kv : q.split("&")) {
            int eq = kv.indexOf('=');
            if (eq <= 0) continue;
            m.put(URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return m;
    }

    /** An HTML error page, as a provider's proxy answers when the service behind it is down. */
    private static void page(HttpExchange ex, int status) throws IOException {
        byte[] b = ("<html><body>" + status + " Service trouble</body></html>").getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "text/html");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(b);
        }
    }

    private static void json(HttpExchange ex, int status, Map<String, ?> m) throws IOException {
        byte[] b = Json.write(m).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(b);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }

    static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        http.stop(0);
    }

    /** The config table for an account that signs in here. */
    public String configTable(String account) {
        return "[accounts." + account + ".oauth2]\nprovider = \"custom\"\nclient_id = \"postern-test\"\n"
                + "device_authorization_url = \"" + url("/device") + "\"\n"
                + "authorization_url = \"" + url("/authorize") + "\"\n"
                + "token_url = \"" + url("/token") + "\"\nscopes = [\"mail\", \"offline_access\"]\n";
    }

}
