package dev.postern.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bytes one IMAP or POP3 session moved, as Dovecot itself counted them when the session ended.
 *
 * <p>A neutral meter for tests and benchmarks: it measures what crossed the wire (after TLS is
 * removed, before COMPRESS inflates) without trusting the client's own accounting. {@code in} is
 * what the client sent, {@code out} what the server sent. {@code reason} is why the session ended
 * ("Logged out" for a clean LOGOUT/QUIT, "Connection closed (...)" when the client just hung up).
 */
public record SessionBytes(String protocol, String user, String session, String reason, long in, long out,
                           String line) {

    // Dovecot 2.3: "<time> imap(alice)<pid><session>: Info: Disconnected: Logged out in=61 out=979 ..."
    // (older releases omit "Disconnected: "). POP3 prints in=/out= only because the fixture sets
    // pop3_logout_format to include them.
    private static final Pattern END = Pattern.compile(
            "\\b(imap|pop3)\\(([^)]*)\\)<\\d+><([^>]*)>: Info: (?:Disconnected: )?(.*?) in=(\\d+) out=(\\d+)");

    public boolean loggedOut() {
        return reason.equals("Logged out");
    }

    /** Every ended session in the log lines, in log order; other lines are ignored. */
    public static List<SessionBytes> parse(List<String> logLines) {
        List<SessionBytes> sessions = new ArrayList<>();
        for (String line : logLines) {
            Matcher m = END.matcher(line);
            if (m.find()) {
                sessions.add(new SessionBytes(m.group(1), m.group(2), m.group(3), m.group(4),
                        Long.parseLong(m.group(5)), Long.parseLong(m.group(6)), line));
            }
        }
        return sessions;
    }
}
