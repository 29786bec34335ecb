package dev.postern.auth;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One account's {@code [accounts.NAME.oauth2]} table, validated, with the provider's preset filled in.
 *
 * @param provider            which preset the endpoints and scopes came from
 * @param clientId            the user's registered application (null only with {@code tokenCommand})
 * @param clientSecretCommand prints the client secret where a provider needs one (Google's desktop clients), or null
 * @param deviceUrl           RFC 8628 device authorization endpoint, or null where the provider allows no device flow
 *                            for mail (Google)
 * @param authorizationUrl    authorization endpoint for the browser flow (RFC 8252), or null
 * @param tokenUrl            token endpoint (null only with {@code tokenCommand})
 * @param scopes              scopes asked for
 * @param tokenCommand        prints a fresh access token; instead of everything above, or null
 * @param tokenStoreCommand   holds the saved tokens instead of the token file, or null
 * @param tokenFile           where the tokens live when no {@code tokenStoreCommand} is set (0600)
 * @param timeout             the deadline of every HTTP exchange and command: connect plus the whole answer
 */
public record OAuth2Config(
        Provider provider,
        String clientId,
        String clientSecretCommand,
        URI deviceUrl,
        URI authorizationUrl,
        URI tokenUrl,
        List<String> scopes,
        String tokenCommand,
        String tokenStoreCommand,
        Path tokenFile,
        Duration timeout) {

    public OAuth2Config {
        scopes = List.copyOf(scopes);
    }

    /** The presets: endpoints and the scopes mail needs. */
    public enum Provider {
        MICROSOFT, GOOGLE, CUSTOM;

        /** Microsoft identity platform v2.0; {@code tenant} is "common", "organizations", "consumers" or a tenant id. */
        public static URI microsoft(String tenant, String what) {
            return URI.create("https://login.microsoftonline.com/" + tenant + "/oauth2/v2.0/" + what);
        }

        /** IMAP, POP3 and SMTP on Exchange Online, and a refresh token (offline_access). */
        public static final List<String> MICROSOFT_SCOPES = List.of("https://outlook.office.com/IMAP.AccessAsUser.All",
                "https://outlook.office.com/POP.AccessAsUser.All", "https://outlook.office.com/SMTP.Send",
                "offline_access");

        public static final URI GOOGLE_AUTHORIZE = URI.create("https://accounts.google.com/o/oauth2/v2/auth");
        public static final URI GOOGLE_TOKEN = URI.create("https://oauth2.googleapis.com/token");
        /** Full mail access: the one scope Gmail's IMAP, POP3 and SMTP accept. */
        public static final List<String> GOOGLE_SCOPES = List.of("https://mail.google.com/");
    }

    /** True when an external program supplies access tokens and postern keeps none. */
    public boolean external() {
        return tokenCommand != null;
    }
}
