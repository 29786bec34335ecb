package dev.postern.resident;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The --json objects of a served {@code sync} or {@code fetch} whose owner died before the command ended (kill -9, a
 * crash): the command alone, busy or interrupted, prints each account's object with ok false (cli/SyncCommand,
 * cli/FetchCommand "unreported"; hunt 37-J, J10), and a script reading --json got nothing here (hunt 39-Y, Y3). The
 * client knows only its command line: each account it names ({@code -a}, fetch's ACCOUNT words) whose object the owner
 * did not send gets one (ok false, exit 75, the sentence said on stderr); with no account named, one object with
 * {@code "account":null} stands for the accounts without an object of their own. Written in {@link Client}'s style (no
 * lambdas, no string concatenation), for the client jar.
 */
final class ClientJson {
    private final boolean sync;
    private final List<String> accounts;
    private final List<String> reported = new ArrayList<>();
    private final StringBuilder line = new StringBuilder();

    private ClientJson(boolean sync, List<String> accounts) {
        this.sync = sync;
        this.accounts = accounts;
    }

    /** For {@code args}, a sync or fetch with --json; else null. */
    static ClientJson of(String[] args) {
        if (args == null) return null;
        String word = dev.postern.cli.CommandNames.firstWord(args);
        if (!"sync".equals(word) && !"fetch".equals(word)) return null;
        boolean json = false;
        boolean after = false; // past the command word: fetch's ACCOUNT words
        List<String> accounts = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                if ("fetch".equals(word)) for (int j = i + 1; j < args.length; j++) add(accounts, args[j]);
                break;
            }
            if (a.equals("--json")) json = true;
            else if ((a.equals("-a") || a.equals("--account")) && i + 1 < args.length) add(accounts, args[++i]);
            else if (a.startsWith("--account=")) add(accounts, a.substring("--account=".length()));
            else if (a.startsWith("-a") && a.length() > 2 && !a.startsWith("--")) add(accounts, a.substring(2));
            else if (a.equals("--config") || a.equals("-f") || a.equals("--folder")) i++;
            else if (a.startsWith("-")) continue;
            else if (!after && a.equals(word)) after = true;
            else if (after && "fetch".equals(word)) add(accounts, a);
        }
        return json ? new ClientJson("sync".equals(word), accounts) : null;
    }

    private static void add(List<String> to, String names) {
        for (String n : names.split(",")) {
            String s = n.strip();
            if (!s.isEmpty() && !to.contains(s)) to.add(s);
        }
    }

    /** What the owner's command printed: an account's own object, once seen, is not printed again. */
    void relayed(byte[] b) {
        String s = new String(b, StandardCharsets.UTF_8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\n') {
                if (line.length() < 4096) line.append(c);
                continue;
            }
            for (String a : accounts) {
                String head = new StringBuilder("{\"account\":").append(quoted(a)).append(sync ? ",\"ok\":" : ",\"protocol\":").toString();
                if (line.indexOf(head) == 0 && !reported.contains(a)) reported.add(a);
            }
            line.setLength(0);
        }
    }

    /**
     * The owner died before the command's EXIT ({@link ClientSilence#ownerGone}, which says so on stderr): a sync or fetch
     * --json still prints the object of each account not reported (ok false, exit 75), as the command alone does when it is
     * stopped. Not when the client gave a stopped owner up (its sentence is said later, by Client.send).
     */
    static int ownerGone(ClientSilence silence, ClientStdout stdout) {
        boolean gaveUp = silence.gaveUp();
        int code = silence.ownerGone();
        if (stdout.json == null || gaveUp || code != Client.TEMPFAIL) return code;
        int failed = stdout.relay(stdout.json.unreported(silence.goneSentence()).getBytes(StandardCharsets.UTF_8));
        return failed != 0 ? failed : code;
    }

    /** The objects of the accounts not reported, each with {@code sentence} (said on stderr too) and exit 75. */
    String unreported(String sentence) {
        StringBuilder out = new StringBuilder();
        if (accounts.isEmpty()) object(out, null, sentence);
        for (String a : accounts) if (!reported.contains(a)) object(out, a, sentence);
        return out.toString();
    }

    private void object(StringBuilder out, String account, String sentence) {
        out.append("{\"account\":").append(account == null ? "null" : quoted(account));
        if (!sync) out.append(",\"protocol\":null");
        out.append(",\"ok\":false");
        if (sync) out.append(",\"left_out\":[]");
        else out.append(",\"new\":0,\"header_only\":0,\"bodies\":0,\"skipped\":0,\"deleted\":0,\"delete_refused\":0,\"bytes\":0");
        out.append(",\"error\":").append(quoted(sentence));
        if (!sync) out.append(",\"message_errors\":[]");
        out.append(",\"exit\":").append(Client.TEMPFAIL).append("}\n");
    }

    /** {@code s} as a JSON string, as cli.Json writes one (which the client jar does not hold). */
    static String quoted(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') b.append('\\').append(c);
            else if (c == '\n') b.append("\\n");
            else if (c == '\r') b.append("\\r");
            else if (c == '\t') b.append("\\t");
            else if (c < 0x20 || c == 0x7f) b.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
            else b.append(c);
        }
        return b.append('"').toString();
    }
}
