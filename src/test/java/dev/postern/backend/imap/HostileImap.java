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
 * it got is kept in {@link #got} (for tests that check what postern asked). Public for the controller's tests of quitting.
 */
public final class HostileImap implements AutoCloseable {
    static final String RAW = "From: a@localhost\r\nTo: b@localhost\r\nSubject: hello\r\nMessage-ID: <m7@x>\r\n"
            + "Date: Mon, 1 Jan 2024 10:00:00 +0000\r\n\r\nbody\r\n";

    /** Answers one command: {@code tag} and {@code args} (the command line after the verb). */
    public interface Answer {
        void answer(Conn c, String tag, String args) throws Exception;
    }

    /** One connection: the streams and the helpers to answer on them. */
    public record Conn(InputStream in, OutputStream out) {
        public void say(String line) throws IOException {
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
    /**
     * The folder's UIDs, in sequence order: by default the one message, UID 7. A test that sets several gets each
     * the same message (its Message-ID made the UID's) and FETCH answered for the UIDs or numbers asked.
     */
    volatile long[] uids = {7};
    /** The message's Date, in its header and its ENVELOPE alike (the header as written, RFC 3501). */
    volatile String date = "Mon, 1 Jan 2024 10:00:00 +0000";
    /**
     * A server gone silent (a blackhole): from now on nothing is answered, on the connections open and on new ones (no
     * greeting); what postern sends is read and kept in {@link #got}. Each command or greeting postern waits on is one
     * time-out of its own.
     */
    volatile boolean silent;
    final Map<String, Answer> overrides = new ConcurrentHashMap<>();
    public final List<String> got = new CopyOnWriteArrayList<>();
    /** Connections that opened with a TLS hello to a silent server: postern's probes for a TLS port (not in {@link #got}). */
    final java.util.concurrent.atomic.AtomicInteger tlsProbes = new java.util.concurrent.atomic.AtomicInteger();
    private final ScriptedServer server;

    public HostileImap() throws IOException {
        server = new ScriptedServer((s, in, out) -> play(new Conn(in, out)));
    }

    public int port() {
        return server.port();
    }

    public HostileImap on(String verb, Answer a) {
        overrides.put(verb.toUpperCase(Locale.ROOT), a);
        return this;
    }

    /** The connections open now, for {@link #die}. */
    private final List<Conn> open = new CopyOnWriteArrayList<>();

    /**
     * The server goes away: every open connection is closed and no new one is taken (refused, as by a server stopped).
     */
    void die() throws IOException {
        server.close();
        for (Conn c : open) c.out().close();
    }

    private void play(Conn c) throws Exception {
        open.add(c);
        try {
            converse(c);
        } finally {
            open.remove(c);
        }
    }

    private void converse(Conn c) throws Exception {
        if (silent) {
            got.add("(connected, no greeting)");
            // A connection whose first byte is a TLS handshake record is postern's probe for a port that speaks TLS from
            // the start (after a greeting that never came: ConnectionErrors), not a try of the silent server's: kept apart.
            if (c.in().read() == 0x16) {
                got.remove("(connected, no greeting)");
                tlsProbes.incrementAndGet();
            }
            while (ScriptedServer.line(c.in()) != null) { } // read, never answered
            return;
        }
        Answer g = overrides.get("GREETING");
        if (g != null) g.answer(c, "", "");
        else c.say(greeting);
        for (String line; (line = ScriptedServer.line(c.in())) != null; ) {
            got.add(line);
            if (silent) continue;
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

    /** What this server answers when no override is set: for an override that misbehaves only now and then. */
    boolean plainly(Conn c, String tag, String verb, String args) throws Exception {
        return plain(c, tag, verb.toUpperCase(Locale.ROOT), args);
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
                long[] u = uids;
                c.say("* STATUS INBOX (MESSAGES " + u.length + " UIDNEXT " + (u[u.length - 1] + 1)
                        + " UIDVALIDITY 42 UNSEEN " + u.length + " RECENT 0)");
                c.say(tag + " OK done");
            }
            case "SELECT", "EXAMINE" -> {
                c.say("* " + uids.length + " EXISTS");
                c.say("* 0 RECENT");
                c.say("* FLAGS (\\Seen \\Answered \\Flagged \\Deleted \\Draft)");
                c.say("* OK [UIDVALIDITY 42] ok");
                c.say("* OK [UIDNEXT " + (uids[uids.length - 1] + 1) + "] ok");
                c.say(tag + " OK [READ-WRITE] done");
            }
            case "UID FETCH", "FETCH" -> {
                if (uids.length == 1 && uids[0] == 7) {
                    fetch(c, args, flags, 1, 7, date);
                } else {
                    String set = args.split(" ", 2)[0];
                    for (int i = 0; i < uids.length; i++) {
                        if (in(set, verb.startsWith("UID") ? uids[i] : i + 1, verb.startsWith("UID") ? uids[uids.length - 1]
                                : uids.length)) fetch(c, args, flags, i + 1, uids[i], date);
                    }
                }
                c.say(tag + " OK done");
            }
            case "UID SEARCH", "SEARCH" -> {
                StringBuilder all = new StringBuilder("* SEARCH");
                for (long u : uids) all.append(' ').append(u);
                c.say(all.toString());
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
        fetch(c, args, flags, 1, 7);
    }

    /** Whether {@code n} is in the IMAP set {@code set} ("1:*", "3,5:7"), {@code last} standing for "*". */
    static boolean in(String set, long n, long last) {
        for (String r : set.split(",")) {
            String[] ends = r.split(":");
            long a = ends[0].equals("*") ? last : Long.parseLong(ends[0]);
            long b = ends.length < 2 ? a : ends[1].equals("*") ? last : Long.parseLong(ends[1]);
            if (n >= Math.min(a, b) && n <= Math.max(a, b)) return true;
        }
        return false;
    }

    /** Message {@code seq}, UID {@code uid}: the one message with its Message-ID made the UID's. */
    static void fetch(Conn c, String args, String flags, int seq, long uid) throws IOException {
        fetch(c, args, flags, seq, uid, "Mon, 1 Jan 2024 10:00:00 +0000");
    }

    /** As above, the message's Date header (and the ENVELOPE's date) being {@code date}. */
    static void fetch(Conn c, String args, String flags, int seq, long uid, String date) throws IOException {
        fetch(c, args, flags, seq, uid, date, "01-Jan-2024 10:00:00 +0000");
    }

    /** As above, the message having arrived at {@code internalDate} (an IMAP date-time: "01-Jan-2024 10:00:00 +0000"). */
    static void fetch(Conn c, String args, String flags, int seq, long uid, String date, String internalDate) throws IOException {
        String raw = RAW.replace("<m7@x>", "<m" + uid + "@x>").replace("Mon, 1 Jan 2024 10:00:00 +0000", date);
        String a = args.toUpperCase(Locale.ROOT);
        StringBuilder items = new StringBuilder("UID " + uid + " FLAGS " + flags + " RFC822.SIZE " + raw.length());
        // A real server answers INTERNALDATE wherever it is asked: with the listing's ENVELOPE and in the header fall-back.
        if (a.contains("ENVELOPE") || a.contains("INTERNALDATE")) items.append(" INTERNALDATE \"" + internalDate + "\"");
        if (a.contains("ENVELOPE")) {
            items.append(" ENVELOPE (\"" + date + "\""
                    + " \"hello\" ((NIL NIL \"a\" \"localhost\")) ((NIL NIL \"a\" \"localhost\"))"
                    + " ((NIL NIL \"a\" \"localhost\")) ((NIL NIL \"b\" \"localhost\")) NIL NIL NIL \"<m" + uid + "@x>\")");
        }
        if (a.contains("BODYSTRUCTURE")) {
            items.append(" BODYSTRUCTURE (\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 6 1 NIL NIL NIL)");
        }
        if (a.contains("BODY.PEEK[HEADER]") || a.contains("BODY[HEADER]")) {
            String h = raw.substring(0, raw.indexOf("\r\n\r\n") + 4);
            items.append(" BODY[HEADER] {").append(h.length()).append("}\r\n").append(h);
        } else if (a.contains("BODY.PEEK[]") || a.contains("BODY[]") || a.contains("RFC822")) {
            items.append(" BODY[] {").append(raw.length()).append("}\r\n").append(raw);
        }
        c.raw(("* " + seq + " FETCH (" + items + ")\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
