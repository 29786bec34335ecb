package dev.postern.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The environment variables that hold an account's password ({@code password_env}), kept out of the programs postern
 * runs on mail or for its reader: mailcap viewers, auto_view converters, the Tika worker, gpg, $BROWSER, $EDITOR
 * (the draft quotes the mail), a pipe's command. Those parse what a stranger sent, and an exploit in one found the
 * IMAP/SMTP password in its environment without reading a file (hunt 36-S, S7). Each launch site passes its
 * ProcessBuilder through {@link #scrub}; a served reader's client drops {@link #names} itself (resident.Wire's RUN
 * carries them). The commands of the config (password_command, token_command, new_mail_command...) and a daemon
 * postern starts keep them: they are the user's own, and the daemon needs the password. postern's own POSTERN_*
 * variables hold no secret.
 */
public final class SecretEnv {
    private static final Set<String> NAMES = ConcurrentHashMap.newKeySet();

    private SecretEnv() {}

    /** {@code name} holds a password (a config's password_env): programs run on mail do not get it. */
    public static void holds(String name) {
        if (name != null && !name.isEmpty() && name.indexOf('=') < 0 && name.indexOf('\0') < 0) NAMES.add(name);
    }

    /** A test's {@link #holds}, undone once it has run (a variable of the test JVM's own environment). */
    public static void forget(String name) {
        NAMES.remove(name);
    }

    /** The names {@link #holds} was told, sorted. */
    public static List<String> names() {
        List<String> out = new ArrayList<>(NAMES);
        Collections.sort(out);
        return out;
    }

    /** {@code pb} with the variables that hold a password taken out of the environment it starts with. */
    public static ProcessBuilder scrub(ProcessBuilder pb) {
        if (!NAMES.isEmpty()) pb.environment().keySet().removeAll(NAMES);
        return pb;
    }

    /**
     * As {@link #scrub(ProcessBuilder)}, for the names a served reader's owner sent (resident.ReaderClient): joined by
     * '=', which no variable's name holds; "" for none.
     */
    public static ProcessBuilder scrub(ProcessBuilder pb, String joined) {
        if (!joined.isEmpty()) pb.environment().keySet().removeAll(java.util.Arrays.asList(joined.split("=")));
        return pb;
    }
}
