package dev.postern.backend.imap;

import dev.postern.backend.link.ScriptedServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal IMAP server on {@link ScriptedServer}: one folder INBOX holding one message (UID 7), answering
 * what postern asks in its plain way, except for the commands a test overrides to misbehave. Every command
 * it got is kept in {@link #got} (for tests that check what postern asked).
 */
final class HostileImap implements AutoCloseable {
    static final String RAW = "From: a@localhost\r\nTo: b@localhost\r\nSubject: hello\r\nMessage-ID: <m7@x>\r\n"
            + "Date: Mon, 1 Jan 2024 10:00:00 +0000\r\n\r\nbody\r\n";

    /** Answers one command: {@code tag} and {@code args} (the command line after the verb). */
    interface Answer {
        void answer(Conn c, String tag, String args) throws Exception;
    }

    /** One connection: the streams and the helpers to answer on them. */
    record Conn(InputStream in, OutputStream out) {
        void say(String line) throws IOException {
            ScriptedServer.say(out, line);
        }

        void raw(byte[] b) throws IOException {
            out.write(b);
            out.flush();
        }
    }

    String capabilities = "IMAP4rev1 UIDPLUS";
    /** The message's flags, as FETCH gives them. */
    volatile String flags = "()";
    String greeting = "* OK ready";
    final Map<String, Answer> overrides = new ConcurrentHashMap<>();
    final List<String> got = new CopyOnWriteArrayList<>();
    private final ScriptedServer server;

    HostileImap() throws IOException {
        server = new ScriptedServer((s, in, out) -> play(new Conn(in, out)));
    }

    int port() {
        return server.port();
    }

    HostileImap on(String verb, Answer a) {
        overrides.put(verb.toUpperCase(Locale.ROOT), a);
        return this;
    }

    private void play(Conn c) throws Exception {
        Answer g = overrides.get("GREETING");
        if (g != null) g.answer(c, "", "");
        else c.say(greeting);
        for (String line; (line = ScriptedServer.line(c.in())) != null; ) {
            got.add(line);
            String[] p = line.split(" ", 3);
            if (p.length < 2) continue;
            String tag = p[0];
            String verb = p[1].toUpperCase(Locale.ROOT);
            String args = p.length > 2 ? p[2] : "";
            if (verb.equals("UID")) {
                String[] q = args.split(" ", 2);
                verb = "UID " + q[0].toUpperCase(Locale.ROOT);
                args = q.length > 1 ? q[1] : "";
            }
            Answer a = overrides.get(verb);
            if (a != null) {
                a.answer(c, tag, args);
                continue;
            }
            if (!plain(c, tag, verb, args)) return;
        }
    }

    /** The well-behaved answer; false after LOGOUT. */
    private boolean plain(Conn c, String tag, String verb, String args) throws Exception {
        switch (verb) {
            case "CAPABILITY" -> {
                c.say("* CAPABILITY " + capabilities);
                c.say(tag + " OK done");
            }
            case "LOGIN", "NOOP", "CLOSE", "UNSELECT", "CHECK", "EXPUNGE", "ENABLE", "SUBSCRIBE" -> c.say(tag + " OK done");
            case "LOGOUT" -> {
                c.say("* BYE bye");
                c.say(tag + " OK done");
                return false;
            }
            case "LIST", "LSUB" -> {
                if (args.contains("\"\" \"\"")) c.say("* " + verb + " (\\Noselect) \"/\" \"\"");
                else c.say("* " + verb + " () \"/\" INBOX");
                c.say(tag + " OK done");
            }
            case "NAMESPACE" -> {
                c.say("* NAMESPACE ((\"\" \"/\")) NIL NIL");
                c.say(tag + " OK done");
            }
            case "STATUS" -> {
                c.say("* STATUS INBOX (MESSAGES 1 UIDNEXT 8 UIDVALIDITY 42 UNSEEN 1 RECENT 0)");
                c.say(tag + " OK done");
            }
            case "SELECT", "EXAMINE" -> {
                c.say("* 1 EXISTS");
                c.say("* 0 RECENT");
                c.say("* FLAGS (\\Seen \\Answered \\Flagged \\Deleted \\Draft)");
                c.say("* OK [UIDVALIDITY 42] ok");
                c.say("* OK [UIDNEXT 8] ok");
                c.say(tag + " OK [READ-WRITE] done");
            }
            case "UID FETCH", "FETCH" -> {
                fetch(c, args, flags);
                c.say(tag + " OK done");
            }
            case "UID SEARCH", "SEARCH" -> {
                c.say("* SEARCH 7");
                c.say(tag + " OK done");
            }
            default -> c.say(tag + " BAD unknown command");
        }
        return true;
    }

    /** The one message's FETCH answer, with what was asked for roughly. */
    static void fetch(Conn c, String args) throws IOException {
        fetch(c, args, "()");
    }

    static void fetch(Conn c, String args, String flags) throws IOException {
        String a = args.toUpperCase(Locale.ROOT);
        StringBuilder items = new StringBuilder("UID 7 FLAGS " + flags + " RFC822.SIZE " + RAW.length());
        if (a.contains("ENVELOPE")) {
            items.append(" INTERNALDATE \"01-Jan-2024 10:00:00 +0000\" ENVELOPE (\"Mon, 1 Jan 2024 10:00:00 +0000\""
                    + " \"hello\" ((NIL NIL \"a\" \"localhost\")) ((NIL NIL \"a\" \"localhost\"))"
                    + " ((NIL NIL \"a\" \"localhost\")) ((NIL NIL \"b\" \"localhost\")) NIL NIL NIL \"<m7@x>\")");
        }
        if (a.contains("BODYSTRUCTURE")) {
            items.append(" BODYSTRUCTURE (\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 6 1 NIL NIL NIL)");
        }
        if (a.contains("BODY.PEEK[HEADER]") || a.contains("BODY[HEADER]")) {
            String h = RAW.substring(0, RAW.indexOf("\r\n\r\n") + 4);
            items.append(" BODY[HEADER] {").append(h.length()).append("}\r\n").append(h);
        } else if (a.contains("BODY.PEEK[]") || a.contains("BODY[]") || a.contains("RFC822")) {
            items.append(" BODY[] {").append(RAW.length()).append("}\r\n").append(RAW);
        }
        c.raw(("* 1 FETCH (" + items + ")\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
