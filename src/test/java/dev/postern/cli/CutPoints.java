package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.cli.ImapCutRelay.Cut;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The loop the cut-anywhere tests share: a run of postern repeated with its link cut at its 1st, 2nd, 3rd … command
 * ({@link ImapCutRelay}), in each cut mode, until the run sends fewer commands than the cut's number.
 *
 * <p>With {@code afterOnlyWhereChanging}, {@link Cut#AFTER} (the server did the command, the client never heard) is
 * left out at a command that changes nothing on the server: there the server ends as if the command had never been
 * sent, which is what {@link Cut#BEFORE} at the same command already tried, and the client hears the same reset.
 * The command at each number is the one the {@link Cut#BEFORE} pass cut there (a run is the same up to its cut).
 * Any command not known to be read-only (a FETCH of a body that is not a PEEK, an unknown verb) is cut both ways.
 */
public final class CutPoints {
    private CutPoints() {}

    /** The most commands a run here may send; a test whose runs reach it fails. */
    private static final int LIMIT = 80;

    /** What a round saw: the line cut at ({@link ImapCutRelay#cutLine}) and the run's outcome in words. */
    public record Cutting(String line, String outcome) {}

    /** One round: the run cut as {@code how} at its {@code n}th command, or null when it sent fewer than n. */
    public interface Round {
        Cutting run(Cut how, int n) throws Exception;
    }

    private static final Set<String> READ_ONLY = Set.of(
            // IMAP
            "CAPABILITY", "LOGIN", "AUTHENTICATE", "STARTTLS", "NOOP", "SELECT", "EXAMINE", "STATUS", "LIST", "LSUB",
            "SEARCH", "ID", "ENABLE", "NAMESPACE", "LOGOUT", "COMPRESS", "GETQUOTAROOT", "CHECK", "UNSELECT",
            // POP3
            "USER", "PASS", "APOP", "AUTH", "CAPA", "STAT", "UIDL", "RETR", "TOP", "STLS");
    /** A FETCH that sets \Seen: BODY[…] without PEEK, RFC822, RFC822.TEXT. */
    private static final Pattern SETS_SEEN = Pattern.compile(".*(BODY\\[|RFC822(\\.TEXT)?([ )]|$)).*", Pattern.CASE_INSENSITIVE);

    /** Whether {@code line} (an IMAP command with its tag, or a POP3 command) may change what the server holds. */
    static boolean changesServer(String line) {
        String[] w = line.strip().toUpperCase(Locale.ROOT).split(" +");
        int i = READ_ONLY.contains(w[0]) || w.length == 1 ? 0 : 1; // else an IMAP tag first, or a POP3 DELE n
        if (i < w.length && w[i].equals("UID")) i++;
        if (i >= w.length) return true;
        if (w[i].equals("FETCH")) return SETS_SEEN.matcher(line).matches();
        return !READ_ONLY.contains(w[i]);
    }

    /**
     * Runs {@code round} at n = 1, 2, … for each of {@code modes} until it returns null; fails unless each mode
     * ended past {@code atLeast} commands and before {@link #LIMIT}. Returns one entry per round, printed too.
     */
    public static List<String> every(String what, List<Cut> modes, boolean afterOnlyWhereChanging, int atLeast,
            Round round) throws Exception {
        List<String> seen = new ArrayList<>();
        Map<Integer, String> lines = new HashMap<>();
        for (Cut how : modes) {
            int n = 1;
            for (; n < LIMIT; n++) {
                String known = lines.get(n);
                if (how == Cut.AFTER && afterOnlyWhereChanging && known != null && !changesServer(known)) continue;
                Cutting c = round.run(how, n);
                if (c == null) break;
                if (how == Cut.BEFORE) lines.put(n, c.line());
                seen.add(how + " " + n + " [" + c.line() + "]: " + c.outcome());
            }
            assertTrue(n > atLeast && n < LIMIT, what + " sends more than " + atLeast + " commands, and ends: " + seen);
        }
        System.out.println(what + ": " + seen);
        return seen;
    }
}
