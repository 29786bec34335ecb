package dev.postern.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Flags;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batch output on a real pseudo-terminal of 80 columns (script(1)) under LANG=C and a Latin-1 locale, through the
 * launcher, in its own process and served by a daemon through the Perl and the Java client: each row keeps the
 * columns it was laid out in. The charset's own '?' a char gave a CJK name one '?' for its two columns, each Thai or
 * Zalgo mark a '?' more (the rows ran past 80 and wrapped), and the cut mark a '?' that read as data (hunt 39-I, I2).
 */
@Timeout(300)
class TerminalCharsetIT {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir
    Path dir;

    private static final String[][] MAIL = {
        {"\u5c71\u7530 \u592a\u90ce <taro@example.jp>", "\u4f1a\u8b70\u306e\u8b70\u4e8b\u9332 (meeting minutes)"},
        {"\u0e2a\u0e21\u0e0a\u0e32\u0e22 \u0e43\u0e08\u0e14\u0e35 <somchai@example.th>",
            "\u0e2a\u0e27\u0e31\u0e2a\u0e14\u0e35\u0e04\u0e23\u0e31\u0e1a \u0e1b\u0e23\u0e30\u0e0a\u0e38\u0e21"},
        {"Zalgo <z@example.org>", "Z\u0351\u0352\u0353a\u0354\u0355l\u0356g\u0357o text"},
        {"J\u00fcrgen Gro\u00df <j@example.de>", "Gr\u00fc\u00dfe aus M\u00fcnchen \ud83c\udf89 party"},
        {"Bob <bob@example.org>", "A very long subject line that goes on and on past the edge of an eighty column terminal"},
    };

    /** `list --cached` as an 80-column ASCII terminal shows it (and a Latin-1 one, its letters kept: {@link #latin1}). */
    private static final String ASCII = String.join("\n",
            "      5 N    2024-12-01 00:53 Bob <bob@example.org>    A very long subject line>",
            "      4 N    2024-11-30 23:53 J?rgen Gro? <j@example.d Gr??e aus M?nchen ?? par>",
            "      3 N    2024-11-30 22:53 Zalgo <z@example.org>    Zalgo text (NNN)",
            "      2 N    2024-11-30 21:53 ????? ??? <somchai@examp ??????? ????? (NNN)",
            "      1 N    2024-11-30 20:53 ???? ???? <taro@example. ???????????? (meeting mi>", "");

    private static String latin1(String ascii) {
        return ascii.replace("J?rgen Gro?", "J\u00fcrgen Gro\u00df").replace("Gr??e aus M?nchen", "Gr\u00fc\u00dfe aus M\u00fcnchen");
    }

    @Test
    void rowsKeepTheirColumnsOnAnAsciiAndALatin1Terminal() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "script(1) is not installed");
        MailFolder inbox = greenMail.getManagers().getImapHostManager().getInbox(greenMail.setUser("alice@localhost", "alice", "pw"));
        for (int i = 0; i < MAIL.length; i++) {
            MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
            m.setFrom(MAIL[i][0]);
            m.setRecipients(MimeMessage.RecipientType.TO, "alice@localhost");
            m.setSubject(MAIL[i][1], "UTF-8");
            m.setSentDate(new Date((1733000000L + i * 3600L) * 1000));
            m.setText("hello " + i + "\n", "UTF-8");
            m.saveChanges();
            inbox.appendMessage(m, new Flags(), new Date());
        }
        Path config = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("a", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "alice", "pw", 30, null));
        Path locales = dir.resolve("locales");
        PosternProcess.command("sh", "-c", "mkdir -p \"$0\" && localedef -i en_US -f ISO-8859-1 \"$0/en_US.ISO-8859-1\"",
                locales.toString()).run().assertExitCode(0);
        String launcher = PerlTree.SOURCE.resolve("postern") + " --config " + config;
        run("sh", "-c", launcher + " sync", "C", locales, "none").assertExitCode(0);

        List<String[]> terminals = List.of(new String[] {"C", ASCII}, new String[] {"en_US.ISO-8859-1", latin1(ASCII)});
        for (String[] t : terminals) assertEquals(t[1], onTerminal(launcher, t[0], locales, "none"), "own process, LANG=" + t[0]);
        run("sh", "-c", launcher + " daemon start", "C.UTF-8", locales, "none").assertExitCode(0);
        try {
            for (String client : new String[] {null, "jvm"}) {
                for (String[] t : terminals) {
                    assertEquals(t[1], onTerminal(launcher, t[0], locales, client), "served (client " + client + "), LANG=" + t[0]);
                }
            }
        } finally {
            run("sh", "-c", launcher + " daemon stop", "C.UTF-8", locales, "none");
        }
    }

    /** `list --cached` on an 80-column pseudo-terminal under LANG={@code lang}: the rows, sizes as NNN, no CR. */
    private String onTerminal(String launcher, String lang, Path locales, String client) {
        String inPty = "stty cols 80 rows 24; exec " + launcher + " list --cached";
        PosternProcess.Result r = run("sh", "-c", "script -q -e -c \"$0\" /dev/null | iconv -f ISO-8859-1 -t UTF-8", inPty,
                lang, locales, client).assertExitCode(0);
        String rows = r.stdout().replace("\r", "");
        for (String row : rows.lines().toList()) assertTrue(row.length() <= 80, "wider than the terminal: " + row);
        return rows.replaceAll("\\(\\d{3}\\)", "(NNN)");
    }

    private PosternProcess.Result run(String a, String b, String c, String lang, Path locales, String client) {
        return run(a, b, c, null, lang, locales, client);
    }

    private PosternProcess.Result run(String a, String b, String c, String d, String lang, Path locales, String client) {
        PosternProcess p = PosternProcess.command(d == null ? new String[] {a, b, c} : new String[] {a, b, c, d})
                .env("HOME", dir.toString()).env("LANG", lang).env("LOCPATH", locales.toString()).env("LC_ALL", null)
                .env("LC_CTYPE", null).env("POSTERN_TERMINAL_CHARSET", null).env("POSTERN_CLIENT", client).env("TZ", "UTC")
                .env("XDG_RUNTIME_DIR", null).env("XDG_CACHE_HOME", null).env("XDG_CONFIG_HOME", null).env("XDG_DATA_HOME", null)
                .env("XDG_STATE_HOME", dir.resolve("state").toString()).timeout(Duration.ofSeconds(120));
        return p.run().assertNoStackTrace();
    }
}
