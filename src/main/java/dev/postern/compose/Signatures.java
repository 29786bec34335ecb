package dev.postern.compose;

import dev.postern.config.IdentityConfig;
import dev.postern.config.UserCommand;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Signatures as mutt writes them: "-- " on a line of its own, then the text, at the end of the body (below the
 * quoted or forwarded text), or above it with {@code sig_on_top}. A signature is added once, when a draft is
 * made; editing the draft again never adds another, and changing identity replaces the block it added.
 */
public final class Signatures {
    /** The separator line (RFC 3676 4.3): dash, dash, space. */
    public static final String DASHES = "-- \n";
    private static final int MAX_CHARS = 8192;

    private Signatures() {}

    /**
     * The signature's text (file or command output), ending in one newline, without the "-- " line; "" for none.
     * Blocking (a command runs with a deadline): never on the UI thread.
     */
    public static String text(IdentityConfig.Signature s, Map<String, String> env) {
        if (s == null || s.none()) return "";
        String t;
        if (s.file() != null) {
            String f = s.file();
            if (f.equals("~") || f.startsWith("~/")) f = env.getOrDefault("HOME", System.getProperty("user.home")) + f.substring(1);
            try {
                t = Files.readString(Path.of(f), StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                // The config's matter (78), not a missing message's (66): hunt 38-M, M10.
                throw new PosternException(ExitCode.CONFIG, "signature_file " + s.file() + " cannot be read ("
                        + dev.postern.model.ReadFailure.why(e) + "); fix the path in the config, or leave the signature out"
                        + " (--no-signature).");
            }
        } else {
            t = UserCommand.shell("signature_command", s.command(), List.of(), UserCommand.DEFAULT_DEADLINE);
        }
        t = t.replace("\r\n", "\n");
        if (t.startsWith("-- \n") || t.startsWith("--\n")) t = t.substring(t.indexOf('\n') + 1); // already has dashes
        t = t.stripTrailing();
        if (t.length() > MAX_CHARS) t = t.substring(0, MAX_CHARS);
        return t.isEmpty() ? "" : t + "\n";
    }

    /**
     * {@code body} with the signature block added: at the end, or (onTop) above the quoted/forwarded text that a
     * template put after two empty lines. An empty signature leaves the body alone.
     */
    public static String add(String body, String signature, boolean onTop) {
        if (signature == null || signature.isEmpty()) return body;
        String block = DASHES + signature;
        String b = body == null ? "" : body;
        if (onTop && b.startsWith("\n\n") && !b.isBlank()) {
            return "\n\n" + block + "\n" + b.substring(2);
        }
        String kept = b.stripTrailing();
        return kept.isEmpty() ? "\n\n" + block : (b.startsWith("\n\n") ? "\n\n" : "") + kept.stripLeading() + "\n\n" + block;
    }

    /**
     * Replaces the block {@link #add} made for {@code old} with one for {@code replacement} (removes it when the
     * replacement is empty); when {@code old}'s block is not in the body (the user removed it), adds the new one.
     */
    public static String replace(String body, String old, String replacement, boolean onTop) {
        if (old != null && !old.isEmpty()) {
            String block = DASHES + old;
            int at = body.lastIndexOf(block);
            if (at >= 0) {
                if (replacement == null || replacement.isEmpty()) {
                    String before = body.substring(0, at);
                    String after = body.substring(at + block.length());
                    return after.isBlank() ? before.stripTrailing() + "\n" : before + after.replaceFirst("^\n", "");
                }
                return body.substring(0, at) + DASHES + replacement + body.substring(at + block.length());
            }
        }
        return add(body, replacement, onTop);
    }
}
