package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.postern.app.Main;
import dev.postern.e2e.PosternConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Runs postern in-process with a config file and a private HOME; fails on any stack trace. Also writes
 * the config files the CLI tests run against (one owner-only file, a data_dir under the test's dir).
 */
final class CliRun {
    /**
     * What one run printed. Fields and record-style accessors both work, so tests may write
     * {@code r.out} or {@code r.out()}.
     */
    static final class Result {
        final int code;
        final String out;
        final String err;
        final byte[] rawOut;

        Result(int code, String out, String err, byte[] rawOut) {
            this.code = code;
            this.out = out;
            this.err = err;
            this.rawOut = rawOut;
        }

        int code() { return code; }
        String out() { return out; }
        String err() { return err; }
        byte[] rawOut() { return rawOut; }

        @Override
        public String toString() {
            return "Result[code=" + code + ", out=" + out + ", err=" + err + "]";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Result r && r.code == code && r.out.equals(out) && r.err.equals(err);
        }

        @Override
        public int hashCode() {
            return Objects.hash(code, out, err);
        }
    }

    private CliRun() {}

    /** HOME and XDG_STATE_HOME under {@code home}, in a mutable map. */
    static Map<String, String> env(Path home) {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("XDG_STATE_HOME", home.resolve("state").toString());
        return env;
    }

    static Result run(Path home, Path cfg, String... args) {
        return run(home, cfg, Map.of(), args);
    }

    /** As {@link #run(Path, Path, String...)} with more environment variables. */
    static Result run(Path home, Path cfg, Map<String, String> extraEnv, String... args) {
        return run(home, cfg, extraEnv, new byte[0], args);
    }

    /**
     * The command's stdin is its own stream, never the test JVM's: that is the build tool's command channel,
     * whose reader thread holds the stream's lock while it waits, so a command polling stdin (the browser
     * sign-in watches for a pasted address) would stall until the build tool next wrote to it.
     */
    private static Result run(Path home, Path cfg, Map<String, String> extraEnv, byte[] stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = env(home);
        env.putAll(extraEnv);
        int code = Main.run(dev.postern.e2e.PosternConfig.argv(cfg, args), env, new ByteArrayInputStream(stdin), false, out,
                new PrintStream(err, true, StandardCharsets.UTF_8),
                (c, a, f) -> { throw new AssertionError("no UI in batch tests"); });
        return checked(code, out, err);
    }

    /** As {@link #run(Path, Path, String...)} with {@code stdin} (null = empty) as the command's stdin. */
    static Result runWithStdin(Path home, Path cfg, byte[] stdin, String... args) {
        return run(home, cfg, Map.of(), stdin == null ? new byte[0] : stdin, args);
    }

    /** As {@link #run(Path, Path, String...)} with {@code stdin} standing for a terminal's keys (y/N questions). */
    static Result runOnTerminal(Path home, Path cfg, String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(dev.postern.e2e.PosternConfig.argv(cfg, args), env(home), new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                true, out, new PrintStream(err, true, StandardCharsets.UTF_8),
                (c, a, f) -> { throw new AssertionError("no UI in batch tests"); });
        return checked(code, out, err);
    }

    /** Runs {@code postern shell} with {@code script} as its (non-terminal) stdin. */
    static Result shell(Path home, Path cfg, String script) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"--config", cfg.toString(), "shell"}, env(home),
                new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)), false, out,
                new PrintStream(err, true, StandardCharsets.UTF_8),
                (c, a, f) -> { throw new AssertionError("no full screen from the shell"); });
        return checked(code, out, err);
    }

    private static Result checked(int code, ByteArrayOutputStream out, ByteArrayOutputStream err) {
        Result r = new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                out.toByteArray());
        assertFalse(r.err.contains("\tat ") || r.err.contains("Exception"), "stack trace on stderr: " + r.err);
        return r;
    }

    /**
     * Writes {@code file} (owner-only) as {@code data_dir = "<dataDir>"} followed by {@code parts}
     * (top-level keys first, then tables such as {@link #account}).
     */
    static Path writeConfig(Path file, Path dataDir, String... parts) throws IOException {
        return PosternConfig.write(file, dataDir, parts);
    }

    /**
     * An {@code [accounts.<name>]} table for a plain-text server on 127.0.0.1 with a five-second
     * time-out; {@code password} null leaves the password source out.
     */
    static String account(String name, String protocol, int port, String user, String password) {
        return PosternConfig.account(name, protocol, "127.0.0.1", port, "plain", user, password, 5, null);
    }
}
