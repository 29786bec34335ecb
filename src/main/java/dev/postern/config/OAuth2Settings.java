package dev.postern.config;

import dev.postern.auth.OAuth2Config;
import dev.postern.auth.OAuth2Config.Provider;
import dev.postern.config.toml.TomlArray;
import dev.postern.config.toml.TomlTable;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads one {@code [accounts.NAME.oauth2]} table; every mistake is one sentence, as the rest of the config. */
final class OAuth2Settings {
    private OAuth2Settings() {}

    private static final List<String> ENDPOINT_KEYS = List.of("device_authorization_url", "authorization_url", "token_url");

    static OAuth2Config parse(Path file, String account, String name, TomlTable t, Path dataDir, Duration timeout) {
        String where = account.substring(0, account.length() - 1) + ".oauth2]";
        ConfigLoader.checkKeys(file, where, t, ConfigLoader.oauth2Keys());
        Path tokenFile = dataDir.resolve("oauth2").resolve(fileName(name) + ".json");
        if (t.contains("token_command")) {
            for (String k : t.keySet()) {
                if (!k.equals("token_command") && !k.equals("provider")) {
                    throw ConfigLoader.error(file, where + " sets token_command and " + k + "; token_command supplies"
                            + " the access tokens itself, so remove " + k);
                }
            }
            return new OAuth2Config(t.contains("provider") ? provider(file, where, t) : Provider.CUSTOM, null, null, null,
                    null, null, List.of(), ConfigLoader.stringValue(file, where, t, "token_command"), null, tokenFile,
                    timeout);
        }
        if (!t.contains("provider")) {
            throw ConfigLoader.error(file, where + " needs provider (microsoft | google | custom), or token_command");
        }
        Provider provider = provider(file, where, t);
        String clientId = ConfigLoader.stringValue(file, where, t, "client_id");
        String secret = t.contains("client_secret_command")
                ? ConfigLoader.stringValue(file, where, t, "client_secret_command") : null;
        String store = t.contains("token_store_command")
                ? ConfigLoader.stringValue(file, where, t, "token_store_command") : null;
        if (t.contains("tenant") && provider != Provider.MICROSOFT) {
            throw ConfigLoader.error(file, where + " sets tenant, which only provider = \"microsoft\" uses; remove it");
        }
        List<String> scopes = t.contains("scopes") ? scopes(file, where, t) : null;
        URI device;
        URI authorize;
        URI token;
        switch (provider) {
            case MICROSOFT -> {
                noEndpoints(file, where, t);
                String tenant = t.contains("tenant") ? ConfigLoader.stringValue(file, where, t, "tenant").strip() : "common";
                if (!tenant.matches("[A-Za-z0-9.-]+")) {
                    throw ConfigLoader.error(file, where + " tenant = \"" + tenant + "\" is not a tenant name or id;"
                            + " write common, organizations, consumers, a domain or a tenant id");
                }
                device = Provider.microsoft(tenant, "devicecode");
                authorize = Provider.microsoft(tenant, "authorize");
                token = Provider.microsoft(tenant, "token");
                if (scopes == null) scopes = Provider.MICROSOFT_SCOPES;
            }
            case GOOGLE -> {
                noEndpoints(file, where, t);
                device = null; // Google's device flow refuses the mail scope
                authorize = Provider.GOOGLE_AUTHORIZE;
                token = Provider.GOOGLE_TOKEN;
                if (scopes == null) scopes = Provider.GOOGLE_SCOPES;
            }
            default -> {
                device = t.contains("device_authorization_url") ? url(file, where, t, "device_authorization_url") : null;
                authorize = t.contains("authorization_url") ? url(file, where, t, "authorization_url") : null;
                if (!t.contains("token_url")) {
                    throw ConfigLoader.error(file, where + " sets provider = \"custom\" and needs token_url");
                }
                token = url(file, where, t, "token_url");
                if (device == null && authorize == null) {
                    throw ConfigLoader.error(file, where + " sets provider = \"custom\" and needs"
                            + " device_authorization_url or authorization_url (or both)");
                }
                if (scopes == null) {
                    throw ConfigLoader.error(file, where + " sets provider = \"custom\" and needs scopes, e.g."
                            + " scopes = [\"mail\"]");
                }
            }
        }
        return new OAuth2Config(provider, clientId, secret, device, authorize, token, scopes, null, store, tokenFile,
                timeout);
    }

    private static Provider provider(Path file, String where, TomlTable t) {
        String v = ConfigLoader.stringValue(file, where, t, "provider");
        for (Provider p : Provider.values()) if (p.name().equalsIgnoreCase(v)) return p;
        throw ConfigLoader.error(file, where + " provider = \"" + v + "\" is not one of microsoft | google | custom");
    }

    private static void noEndpoints(Path file, String where, TomlTable t) {
        for (String k : ENDPOINT_KEYS) {
            if (t.contains(k)) {
                throw ConfigLoader.error(file, where + " sets " + k + " with a preset provider, which has its own; use"
                        + " provider = \"custom\" to give endpoints");
            }
        }
    }

    /** https, or http to this machine only (a test server, a local proxy): tokens never cross a link in clear. */
    private static URI url(Path file, String where, TomlTable t, String key) {
        String v = ConfigLoader.stringValue(file, where, t, key).strip();
        URI u;
        try {
            u = new URI(v);
        } catch (java.net.URISyntaxException e) {
            throw ConfigLoader.error(file, where + " " + key + " = \"" + v + "\" is not a URL");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (u.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw ConfigLoader.error(file, where + " " + key + " = \"" + v + "\" is not an https:// URL");
        }
        if (scheme.equals("http") && !ConfigLoader.isLoopback(u.getHost())) {
            throw ConfigLoader.error(file, where + " " + key + " = \"" + v + "\" is plain http to another machine, which"
                    + " would carry tokens unencrypted; use https");
        }
        return u;
    }

    private static List<String> scopes(Path file, String where, TomlTable t) {
        if (!(t.get("scopes") instanceof TomlArray arr) || arr.isEmpty()) {
            throw ConfigLoader.error(file, where + " scopes must be a non-empty list of strings, e.g. scopes = [\"mail\"]");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < arr.size(); i++) {
            if (!(arr.get(i) instanceof String s) || s.isBlank() || s.matches(".*\\s.*")) {
                throw ConfigLoader.error(file, where + " scopes holds " + arr.get(i) + ", which is not one scope (a"
                        + " string without spaces)");
            }
            out.add(s);
        }
        return out;
    }

    /** The account name as a file name: as it is when it is plain, else hex (names are TOML keys, anything goes). */
    static String fileName(String name) {
        if (name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,100}")) return name;
        StringBuilder b = new StringBuilder("x-");
        for (byte c : name.getBytes(java.nio.charset.StandardCharsets.UTF_8)) b.append(String.format(java.util.Locale.ROOT, "%02x", c));
        return b.toString();
    }
}
