package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.postern.app.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Runs postern in-process with a config file and a private HOME; fails on any stack trace. */
final class CliRun {
    record Result(int code, String out, String err) {}

    private CliRun() {}

    static Result run(Path home, Path cfg, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("XDG_STATE_HOME", home.resolve("state").toString());
        String[] full = new String[args.length + 2];
        full[0] = "--config";
        full[1] = cfg.toString();
        System.arraycopy(args, 0, full, 2, args.length);
        int code = Main.run(full, env, out, new PrintStream(err, true, StandardCharsets.UTF_8),
                (c, a, f) -> { throw new AssertionError("no UI in batch tests"); });
        Result r = new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        assertFalse(r.err.contains("\tat ") || r.err.contains("Exception"), "stack trace on stderr: " + r.err);
        return r;
    }
}
