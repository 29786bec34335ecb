package dev.postern.command;

import dev.postern.auth.TokenSet;
import dev.postern.controller.MailController;
import dev.postern.controller.SignInState;
import dev.postern.controller.SigningIn;
import dev.postern.model.ExitCode;
import dev.postern.render.Sanitizer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code auth status | logout ACCOUNT | login ACCOUNT}: each OAuth2 account's sign-in (expiry, scopes, last refresh;
 * never a token), or one forgotten. Signing in talks with the person at a terminal (an address and a code, a browser):
 * the batch door's {@code auth login} does it itself, the reader's {@code :sign-in}; as a typed line it says so.
 */
public final class AuthCommand implements Command<AuthCommand.Args, AuthCommand.SignIns> {
    public enum Action { STATUS, LOGOUT, LOGIN }

    public record Args(Action action, String account) {
        public Args {
            if (action == null) throw Words.usage("say what to do: auth login ACCOUNT | status | logout ACCOUNT.");
            if (action != Action.STATUS && (account == null || account.isEmpty())) {
                throw Words.usage("auth " + action.name().toLowerCase(java.util.Locale.ROOT) + ": name the account: auth "
                        + action.name().toLowerCase(java.util.Locale.ROOT) + " ACCOUNT.");
            }
        }
    }

    /** The sign-ins shown ({@code status}), or the account forgotten ({@code logout}). */
    public record SignIns(Args args, List<SignInState> states, String forgotten, Instant at) implements Result {
        public SignIns {
            states = List.copyOf(states);
        }

        /** 0, or the worst exit code of a sign-in that could not be read. */
        public int exitCode() {
            int code = 0;
            for (SignInState s : states) if (s.error() != null) code = Math.max(code, s.errorCode().code());
            return code;
        }

        /** Seconds the saved access token is still good for (0: expired or none). */
        public long expiresIn(TokenSet t) {
            return t.expiresAt() == null || t.accessToken() == null ? 0 : Math.max(0, Duration.between(at, t.expiresAt()).toSeconds());
        }

        /** One line per account, as the batch door prints them. */
        public List<String> lines() {
            if (forgotten != null) return List.of(Sanitizer.oneLine("forgot the sign-in of " + forgotten + "."));
            if (states.isEmpty()) return List.of("no account uses OAuth2 (auth = \"oauth2\").");
            List<String> out = new ArrayList<>();
            for (SignInState s : states) out.add(Sanitizer.oneLine(line(s)));
            return out;
        }

        private String line(SignInState s) {
            String unsaved = s.unsaved() == null ? "" : "; WARNING: a renewed sign-in could not be saved " + s.unsaved()
                    + ", so the saved one may be refused: if it is, run `postern auth login " + s.account() + "`";
            return stateLine(s) + unsaved;
        }

        private String stateLine(SignInState s) {
            if (s.external()) return s.account() + ": tokens from token_command";
            if (s.error() != null) return s.account() + ": " + s.error();
            TokenSet t = s.saved();
            if (t == null) return s.account() + ": not signed in; run `postern auth login " + s.account() + "`";
            if (t.refusedAt() != null) {
                return s.account() + ": the provider refused the saved sign-in at " + t.refusedAt() + " (it expired or was"
                        + " revoked); run `postern auth login " + s.account() + "`";
            }
            long expiresIn = expiresIn(t);
            return s.account() + ": signed in; access token "
                    + (expiresIn > 0 ? "expires in " + human(Duration.ofSeconds(expiresIn)) : "expired")
                    + (t.refreshToken() != null ? ", renewed when needed" : ", no refresh token")
                    + "; scopes " + String.join(" ", t.scopes())
                    + (t.lastRefresh() != null ? "; last refresh " + t.lastRefresh() : "");
        }

        @Override
        public String text() { return String.join("; ", lines()); }
    }

    static final Option BROWSER = Option.flagSwitch("--browser");
    static final Option PORT = Option.of("--port", Option.Value.TEXT);
    static final Option NO_QR = Option.flagSwitch("--no-qr");

    @Override public String name() { return "auth"; }

    @Override public String summary() { return "Show OAuth2 sign-ins, or forget one"; }

    /** login's: the batch door signs in itself (a terminal), so a typed login refuses them with the rest. */
    @Override public List<Option> options() { return List.of(BROWSER, PORT, NO_QR); }

    @Override public boolean takesMessages() { return false; }

    @Override public String doing() { return "sign in"; }

    @Override
    public Args arguments(Words w, Messages targets) {
        List<String> p = w.positionals();
        if (p.isEmpty()) return new Args(null, null);
        Action action = switch (p.get(0)) {
            case "status" -> Action.STATUS;
            case "logout" -> Action.LOGOUT;
            case "login" -> Action.LOGIN;
            default -> throw Words.usage("auth: '" + Sanitizer.oneLine(p.get(0)) + "' is not login, status or logout.");
        };
        if (p.size() > 2 || (action == Action.STATUS && p.size() > 1)) throw Words.usage("auth: too many words.");
        return new Args(action, p.size() > 1 ? p.get(1) : null);
    }

    @Override
    public CompletableFuture<SignIns> run(MailController c, Args a) {
        return run((SigningIn) c, a);
    }

    /** What {@link #run(MailController, Args)} does, with sign-ins alone (the store is not needed). */
    public CompletableFuture<SignIns> run(SigningIn c, Args a) {
        if (a.action() == Action.LOGIN) {
            return CompletableFuture.failedFuture(Words.usage("auth login talks with you at a terminal: run `postern auth login "
                    + Sanitizer.oneLine(a.account()) + "`, or :sign-in in the reader."));
        }
        // A token_store_command may run: off the caller's thread.
        return CompletableFuture.supplyAsync(() -> {
            if (a.action() == Action.LOGOUT) {
                c.signOut(a.account());
                return new SignIns(a, List.of(), a.account(), Instant.now());
            }
            return new SignIns(a, c.signInStates(), null, Instant.now());
        });
    }

    /** "59 minutes", "2 hours", "3 days". */
    public static String human(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 120) return s + " seconds";
        if (s < 7200) return (s / 60) + " minutes";
        if (s < 172_800) return (s / 3600) + " hours";
        return (s / 86_400) + " days";
    }
}
