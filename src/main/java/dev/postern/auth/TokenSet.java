package dev.postern.auth;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an account's sign-in holds: the access token and when it expires, the refresh token, the scopes granted,
 * when the tokens were last refreshed, and when the provider refused the refresh token ({@code invalid_grant}: the
 * sign-in expired or was revoked), or null. {@link #toString} never shows a token.
 */
public record TokenSet(String accessToken, Instant expiresAt, String refreshToken, List<String> scopes,
        Instant lastRefresh, Instant refusedAt) {

    public TokenSet {
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
    }

    public TokenSet(String accessToken, Instant expiresAt, String refreshToken, List<String> scopes, Instant lastRefresh) {
        this(accessToken, expiresAt, refreshToken, scopes, lastRefresh, null);
    }

    /** The same sign-in, marked as refused by the provider at {@code at}: only a new sign-in makes it usable. */
    public TokenSet refused(Instant at) {
        return new TokenSet(null, null, refreshToken, scopes, lastRefresh, at);
    }

    /** The access token can still be used for at least {@code margin} seconds from {@code now}. */
    public boolean fresh(Instant now, long marginSeconds) {
        return accessToken != null && expiresAt != null && now.plusSeconds(marginSeconds).isBefore(expiresAt);
    }

    String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", 1);
        m.put("access_token", accessToken);
        m.put("expires_at", expiresAt == null ? null : expiresAt.getEpochSecond());
        m.put("refresh_token", refreshToken);
        m.put("scopes", scopes);
        m.put("last_refresh", lastRefresh == null ? null : lastRefresh.getEpochSecond());
        if (refusedAt != null) m.put("refused_at", refusedAt.getEpochSecond());
        return Json.write(m) + "\n";
    }

    static TokenSet fromJson(String text) throws Json.Malformed {
        Map<String, Object> m = Json.object(text.strip());
        List<String> scopes = new ArrayList<>();
        if (m.get("scopes") instanceof List<?> l) for (Object o : l) if (o instanceof String s) scopes.add(s);
        return new TokenSet(str(m, "access_token"), instant(m, "expires_at"), str(m, "refresh_token"), scopes,
                instant(m, "last_refresh"), instant(m, "refused_at"));
    }

    private static String str(Map<String, Object> m, String k) {
        return m.get(k) instanceof String s && !s.isEmpty() ? s : null;
    }

    private static Instant instant(Map<String, Object> m, String k) {
        // Epoch seconds up to the year 9999: the file may come from token_store_command, and a number past
        // Instant's range made a DateTimeException where an unreadable sign-in is meant.
        Long sec = Json.seconds(m.get(k), 0, 253_402_300_799L);
        return sec == null ? null : Instant.ofEpochSecond(sec);
    }

    @Override
    public String toString() {
        return "TokenSet[access=" + (accessToken == null ? "none" : "****") + ", expiresAt=" + expiresAt
                + ", refresh=" + (refreshToken == null ? "none" : "****") + ", scopes=" + scopes
                + (refusedAt == null ? "" : ", refusedAt=" + refusedAt) + "]";
    }
}
