package dev.postern.cli;

import dev.postern.auth.OAuth2Config;
import dev.postern.auth.TokenService;
import dev.postern.auth.TokenSet;
import dev.postern.config.AccountConfig;
import dev.postern.config.PasswordResolver;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.render.Sanitizer;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code postern auth login|status|logout}: OAuth2 sign-in of accounts with {@code auth = "oauth2"}. */
@Command(name = "auth", description = "Sign in accounts that use OAuth2 (Microsoft 365, Gmail), show or forget it.",
        subcommands = {AuthCommand.Login.class, AuthCommand.Status.class, AuthCommand.Logout.class})
final class AuthCommand implements Callable<Integer> {
    @ParentCommand PosternCommand root;

    @Override
    public Integer call() {
        throw new PosternException(ExitCode.USAGE, "say what to do: postern auth login ACCOUNT | status | logout ACCOUNT.");
    }

    TokenService tokens() {
        return PasswordResolver.tokens(root.context().env());
    }

    OAuth2Config oauth2(String account) {
        String name = root.account(account);
        AccountConfig a = root.config().account(name).orElseThrow();
        if (a.oauth2() == null) {
            throw new PosternException(ExitCode.USAGE, "account " + name + " signs in with a password, not OAuth2; set"
                    + " auth = \"oauth2\" and an [accounts." + name + ".oauth2] table to use OAuth2.");
        }
        return a.oauth2();
    }

    @Command(name = "login", description = {"Sign in ACCOUNT and save its tokens.",
            "By default by the device flow: postern prints an address and a code to enter on any device (a phone "
                    + "will do, so it works over SSH). --browser uses a browser on this machine instead."})
    static final class Login implements Callable<Integer> {
        @ParentCommand AuthCommand parent;

        @Parameters(index = "0", paramLabel = "ACCOUNT") String account;

        @Option(names = "--browser", description = "Sign in with a browser (authorization code with PKCE and a "
                + "redirect to 127.0.0.1); the address is printed when no browser can be opened. A browser on "
                + "another device: paste the address it ends on at the terminal.")
        boolean browser;

        @Option(names = "--port", paramLabel = "N", description = "With --browser: listen for the redirect on this "
                + "port (so that `ssh -L N:127.0.0.1:N` can carry it); default: any free port.")
        int port;

        @Option(names = "--no-qr", description = "Do not draw the sign-in address as a QR code (drawn by default when "
                + "stdout is a terminal wide enough for it).")
        boolean noQr;

        @Override
        public Integer call() {
            OAuth2Config c = parent.oauth2(account);
            if (port < 0 || port > 65535) throw new PosternException(ExitCode.USAGE, "--port must be 1 to 65535.");
            PrintWriter out = parent.root.out();
            TokenSet t = parent.tokens().login(account, c, browser, port, out, parent.root.context().env(),
                    noQr ? 0 : parent.root.outColumns(), parent.root.in());
            out.println("signed in " + Sanitizer.oneLine(account) + "; the access token is good for "
                    + human(Duration.between(Instant.now(), t.expiresAt())) + (t.refreshToken() != null
                    ? " and is renewed without asking." : "; the provider gave no refresh token, so sign in again then."));
            out.flush();
            return 0;
        }
    }

    @Command(name = "status", description = {"Show each OAuth2 account's sign-in: token expiry, scopes, last refresh.",
            "Never prints a token."})
    static final class Status implements Callable<Integer> {
        @ParentCommand AuthCommand parent;

        @Option(names = "--json", description = "One JSON object per account.")
        boolean json;

        @Override
        public Integer call() {
            PrintWriter out = parent.root.out();
            List<AccountConfig> accounts = parent.root.config().accounts().stream()
                    .filter(a -> a.oauth2() != null).toList();
            if (accounts.isEmpty() && !json) out.println("no account uses OAuth2 (auth = \"oauth2\").");
            int code = 0;
            for (AccountConfig a : accounts) {
                OAuth2Config c = a.oauth2();
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("account", a.name());
                o.put("provider", c.provider().name().toLowerCase(java.util.Locale.ROOT));
                if (c.external()) {
                    o.put("source", "token_command");
                    print(out, o, a.name() + ": tokens from token_command");
                    continue;
                }
                Optional<TokenSet> saved;
                try {
                    saved = parent.tokens().saved(a.name(), c);
                } catch (PosternException e) {
                    o.put("error", e.getMessage());
                    print(out, o, a.name() + ": " + e.getMessage());
                    code = Math.max(code, e.exitCode().code());
                    continue;
                }
                o.put("signed_in", saved.isPresent() && saved.get().refreshToken() != null
                        || saved.isPresent() && saved.get().accessToken() != null);
                o.put("store", TokenStoreName.of(c));
                if (saved.isEmpty()) {
                    print(out, o, a.name() + ": not signed in; run `postern auth login " + a.name() + "`");
                    continue;
                }
                TokenSet t = saved.get();
                Instant now = Instant.now();
                long expiresIn = t.expiresAt() == null || t.accessToken() == null ? 0
                        : Math.max(0, Duration.between(now, t.expiresAt()).toSeconds());
                o.put("access_token_expires_in", expiresIn);
                o.put("refresh_token", t.refreshToken() != null);
                o.put("scopes", t.scopes());
                o.put("last_refresh", t.lastRefresh() == null ? null : t.lastRefresh().toString());
                print(out, o, a.name() + ": signed in; access token "
                        + (expiresIn > 0 ? "expires in " + human(Duration.ofSeconds(expiresIn)) : "expired")
                        + (t.refreshToken() != null ? ", renewed when needed" : ", no refresh token")
                        + "; scopes " + String.join(" ", t.scopes())
                        + (t.lastRefresh() != null ? "; last refresh " + t.lastRefresh() : ""));
            }
            out.flush();
            return code;
        }

        private void print(PrintWriter out, Map<String, Object> o, String line) {
            out.println(json ? Json.write(o) : Sanitizer.oneLine(line));
        }
    }

    @Command(name = "logout", description = {"Forget ACCOUNT's saved tokens.",
            "The provider's own sign-in page can revoke the app's access as well."})
    static final class Logout implements Callable<Integer> {
        @ParentCommand AuthCommand parent;

        @Parameters(index = "0", paramLabel = "ACCOUNT") String account;

        @Override
        public Integer call() {
            OAuth2Config c = parent.oauth2(account);
            parent.tokens().logout(account, c);
            parent.root.out().println("forgot the sign-in of " + Sanitizer.oneLine(account) + ".");
            parent.root.out().flush();
            return 0;
        }
    }

    /** "59 minutes", "2 hours", "3 days". */
    static String human(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 120) return s + " seconds";
        if (s < 7200) return (s / 60) + " minutes";
        if (s < 172_800) return (s / 3600) + " hours";
        return (s / 86_400) + " days";
    }

    private static final class TokenStoreName {
        static String of(OAuth2Config c) {
            return c.tokenStoreCommand() != null ? "token_store_command" : c.tokenFile().toString();
        }
    }
}
