package dev.postern.controller;

import dev.postern.auth.OAuth2Config;
import dev.postern.auth.TokenService;
import dev.postern.auth.TokenSet;
import dev.postern.config.AccountConfig;
import dev.postern.config.Config;
import dev.postern.config.PasswordResolver;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The saved side of {@link SigningIn}: each OAuth2 account's sign-in and forgetting it, over the process's one
 * token service. It needs no store: {@code postern auth status|logout} use one on its own while another postern
 * holds the store, and the controller delegates to one.
 */
public final class SignIns implements SigningIn {
    private final Supplier<Config> config;
    private final Map<String, String> env;

    public SignIns(Supplier<Config> config, Map<String, String> env) {
        this.config = config;
        this.env = env;
    }

    private TokenService tokens() { return PasswordResolver.tokens(env); }

    @Override
    public List<SignInState> signInStates() {
        List<SignInState> out = new ArrayList<>();
        for (AccountConfig a : config.get().accounts()) {
            OAuth2Config c = a.oauth2();
            if (c == null) continue;
            String provider = c.provider().name().toLowerCase(Locale.ROOT);
            String store = c.tokenStoreCommand() != null ? "token_store_command" : c.tokenFile().toString();
            if (c.external()) {
                out.add(new SignInState(a.name(), provider, true, store, null, null, null));
                continue;
            }
            try {
                Optional<TokenSet> saved = tokens().saved(a.name(), c);
                out.add(new SignInState(a.name(), provider, false, store, saved.orElse(null), null, null,
                        tokens().unsavedRefresh(a.name(), c).orElse(null)));
            } catch (PosternException e) {
                out.add(new SignInState(a.name(), provider, false, store, null, e.getMessage(), e.exitCode()));
            }
        }
        return out;
    }

    @Override
    public void signOut(String account) {
        AccountConfig a = config.get().account(account).orElseThrow(() -> new PosternException(ExitCode.USAGE,
                "there is no account '" + account + "' in " + config.get().source() + "."));
        if (a.oauth2() == null) {
            throw new PosternException(ExitCode.USAGE, "account " + account + " signs in with a password, not OAuth2; set"
                    + " auth = \"oauth2\" and an [accounts." + dev.postern.model.Names.tomlKey(account) + ".oauth2] table to use OAuth2.");
        }
        tokens().logout(account, a.oauth2());
    }
}
