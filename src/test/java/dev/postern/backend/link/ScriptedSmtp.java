package dev.postern.backend.link;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A scripted SMTP server on {@link ScriptedServer}: the greeting, AUTH offered and 235 to it, 250 to every other
 * command, 354 at DATA and the
 * message's lines up to the final dot (then END), 221 at QUIT; the test's {@link Answers} say otherwise where it
 * means to refuse, stay silent or hang up.
 */
public final class ScriptedSmtp {
    /** Returned by {@link Answers#answer} to end the connection without a word. */
    public static final String HANG_UP = "\0hang up";

    /** The test's part: for a verb (upper case; END after the final dot, with the message's lines), the reply
     *  line, {@link #HANG_UP}, or null for the usual one (a refusal at DATA skips the message). */
    public interface Answers {
        String answer(String verb, List<String> message) throws Exception;
    }

    public static ScriptedServer start(Answers answers) throws IOException {
        return new ScriptedServer((s, in, out) -> {
            ScriptedServer.say(out, "220 test ESMTP");
            for (String line; (line = ScriptedServer.line(in)) != null; ) {
                String verb = line.split("[ :]")[0].toUpperCase(Locale.ROOT);
                List<String> message = new ArrayList<>();
                String reply = answers.answer(verb, message);
                if (verb.equals("DATA") && reply == null) {
                    ScriptedServer.say(out, "354 go");
                    while (!".".equals(line = ScriptedServer.line(in))) {
                        if (line == null) return;
                        message.add(line);
                    }
                    reply = answers.answer(verb = "END", message);
                }
                if (HANG_UP.equals(reply)) return;
                ScriptedServer.say(out, reply != null ? reply : switch (verb) {
                    case "EHLO" -> "250-test\r\n250 AUTH PLAIN LOGIN"; // postern sends nothing without logging in
                    case "AUTH" -> "235 2.7.0 ok";
                    case "END" -> "250 queued";
                    case "QUIT" -> "221 bye";
                    default -> "250 ok";
                });
                if (verb.equals("QUIT")) return;
            }
        });
    }

    /** Answers {@code reply} to {@code verb} (END for the final dot), as usual to the rest. */
    public static ScriptedServer refusing(String verb, String reply) throws IOException {
        return start((v, message) -> v.equals(verb) ? reply : null);
    }

    /** The message's subject, "" when it has none. */
    public static String subject(List<String> message) {
        return message.stream().filter(l -> l.startsWith("Subject: ")).map(l -> l.substring(9)).findFirst().orElse("");
    }
}
