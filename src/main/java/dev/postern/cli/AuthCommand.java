package dev.postern.cli;

import dev.postern.auth.OAuth2Config;
import dev.postern.auth.TokenService;
import dev.postern.auth.TokenSet;
import dev.postern.command.AuthCommand.SignIns;
import dev.postern.command.Commands;
import dev.postern.controller.SignInState;
import dev.postern.config.AccountConfig;
import dev.postern.config.PasswordResolver;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.render.Sanitizer;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code postern auth login|status|logout}: OAuth2 sign-in of accounts with {@code auth = "oauth2"}; status and logout
 * are the argv adapters of {@link Commands#AUTH}, login signs in at this terminal itself.
 */
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
                    + " auth = \"oauth2\" and an [accounts." + dev.postern.model.Names.tomlKey(name) + ".oauth2] table to use OAuth2.");
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
            // The typed command, with the saved sign-ins alone: it works while another postern holds the store.
            SignIns r = Futures.await(Commands.AUTH.run(parent.root.context().signIns(),
                    new dev.postern.command.AuthCommand.Args(dev.postern.command.AuthCommand.Action.STATUS, null)));
            if (!json) {
                for (String line : r.lines()) out.println(line);
            } else {
                for (SignInState s : r.states()) out.println(Json.write(json(r, s)));
            }
            out.flush();
            return r.exitCode();
        }

        private static Map<String, Object> json(SignIns r, SignInState s) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("account", s.account());
            o.put("provider", s.provider());
            if (s.external()) {
                o.put("source", "token_command");
                return o;
            }
            if (s.error() != null) {
                o.put("error", s.error());
                return o;
            }
            TokenSet t = s.saved();
            o.put("signed_in", t != null && t.refusedAt() == null && (t.refreshToken() != null || t.accessToken() != null));
            o.put("store", s.store());
            if (t == null) return o;
            if (t.refusedAt() != null) o.put("refused_at", t.refusedAt().toString());
            if (s.unsaved() != null) o.put("unsaved_refresh", s.unsaved());
            o.put("access_token_expires_in", r.expiresIn(t));
            o.put("refresh_token", t.refreshToken() != null);
            o.put("scopes", t.scopes());
            o.put("last_refresh", t.lastRefresh() == null ? null : t.lastRefresh().toString());
            return o;
        }
    }

    @Command(name = "logout", description = {"Forget ACCOUNT's saved tokens.",
            "The provider's own sign-in page can revoke the app's access as well."})
    static final class Logout implements Callable<Integer> {
        @ParentCommand AuthCommand parent;

        @Parameters(index = "0", paramLabel = "ACCOUNT") String account;

        @Override
        public Integer call() {
            SignIns r = Futures.await(Commands.AUTH.run(parent.root.context().signIns(),
                    new dev.postern.command.AuthCommand.Args(dev.postern.command.AuthCommand.Action.LOGOUT,
                            parent.root.account(account))));
            for (String line : r.lines()) parent.root.out().println(line);
            parent.root.out().flush();
            return r.exitCode();
        }
    }

    /** "59 minutes", "2 hours", "3 days". */
    static String human(Duration d) {
        return dev.postern.command.AuthCommand.human(d);
    }
}
