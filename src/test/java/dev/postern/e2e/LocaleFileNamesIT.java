package dev.postern.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Flags;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * File names under a single-byte locale (de_DE.ISO-8859-1, which the launchers keep: the terminal types in it), through
 * the launcher against GreenMail (hunt 39-I).
 */
@Timeout(300)
class LocaleFileNamesIT {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());
    /** Dovecot, for a password that is not ASCII (GreenMail's LOGIN refuses one). */
    @RegisterExtension
    static final DovecotServer DOVECOT = new DovecotServer().withUser("carol", "pässwörd");

    @TempDir Path dir;

    /** A message whose first attachment has a Japanese name (no letter of it in Latin-1), its second a German one. */
    static final String TWO_NAMES = """
            From: amy@example.org
            To: zed@localhost
            Subject: two attachments
            Message-ID: <two@example.org>
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="b"

            --b
            Content-Type: text/plain; charset=utf-8

            see attached
            --b
            Content-Type: application/pdf
            Content-Disposition: attachment; filename*=utf-8''%E6%97%A5%E6%9C%AC%E8%AA%9E%E3%81%AE%E5%A0%B1%E5%91%8A%E6%9B%B8.pdf
            Content-Transfer-Encoding: base64

            JVBERi0xLjQK
            --b
            Content-Type: text/plain
            Content-Disposition: attachment; filename*=iso-8859-1'de'Gr%FC%DFe.txt

            hallo
            --b--
            """.replace("\n", "\r\n");

    /**
     * I4: a name the locale's charset cannot hold stopped the whole save (78, "run postern with a UTF-8 locale ... as its
     * launcher does", which it does not for this locale), Grüße.txt not saved either. Now each is saved, the Japanese
     * one as _______.pdf, and the line says which name it had.
     */
    @Test
    void anAttachmentNameTheLocaleCannotHoldIsSavedUnderASafeOneAndSaid() throws Exception {
        Path home = home();
        Path out = Files.createDirectories(dir.resolve("out"));
        PosternProcess.Result saved = latin1(home, "attachment save -o \"$1\" INBOX 1", out.toString()).run();
        saved.assertExitCode(0).assertNoStackTrace();
        List<Path> files;
        try (Stream<Path> s = Files.list(out)) {
            files = s.sorted().toList(); // a listed path keeps its name's bytes, which this JVM's strings cannot
        }
        List<String> names = files.stream().map(p -> p.getFileName().toString()).toList();
        // This JVM names files in UTF-8: the Latin-1 bytes of Grüße.txt read as two U+FFFD.
        assertEquals(List.of("Gr\uFFFD\uFFFDe.txt", "_______.pdf"), names, saved.describe());
        assertTrue(saved.stdout().contains("_______.pdf") && saved.stdout().contains("'日本語の報告書.pdf'")
                && saved.stdout().contains("ISO-8859-1"), saved.describe());
        assertEquals("hallo", Files.readString(files.get(0), StandardCharsets.US_ASCII).strip());
    }

    /**
     * I13: a daemon started under a UTF-8 locale (cron, a unit) opened a Latin-1 user's path as UTF-8 spells its letters,
     * another name: "'.../L1-Grüße' is not a directory; create it first" (64) for a directory that is there. It cannot
     * name those bytes; it now says so, naming both charsets (78). A daemon under Latin-1, which can, opens a UTF-8
     * user's path as the bytes typed (it had opened "Grüße" as Latin-1 bytes, another name again).
     */
    @Test
    void aServedCommandOpensThePathItsUserTypedOrSaysWhyItCannot() throws Exception {
        Path home = home();
        PosternProcess.command("sh", "-c", "mkdir \"$0/out-$(printf 'Gr\\374\\337e')\"", dir.toString()).run().assertExitCode(0);
        Path utf8Dir = Files.createDirectories(dir.resolve("out-Grüße"));
        try {
            utf8(home, "daemon start").run().assertExitCode(0);
            PosternProcess.Result refused = latin1(home, "attachment save -o \"$1/out-$(printf 'Gr\\374\\337e')\" INBOX 1 2",
                    dir.toString()).run();
            refused.assertExitCode(78).assertNoStackTrace();
            assertTrue(refused.stderr().contains("its name is ISO-8859-1 bytes") && refused.stderr().contains("in UTF-8"),
                    refused.describe());
        } finally {
            utf8(home, "daemon stop").run();
        }
        try {
            latin1(home, "daemon start").run().assertExitCode(0);
            PosternProcess.Result saved = utf8(home, "attachment save -o \"$1\" INBOX 1 2", utf8Dir.toString()).run();
            saved.assertExitCode(0).assertNoStackTrace();
            // Into the directory typed (the name the daemon gives the file is in its own charset: Latin-1 bytes).
            try (Stream<Path> in = Files.list(utf8Dir)) {
                assertEquals(1, in.count(), saved.describe());
            }
        } finally {
            latin1(home, "daemon stop").run();
        }
    }

    /**
     * I11: under de_DE.ISO-8859-1 a password_command printing the password in the locale's charset (as `pass` over a
     * Latin-1 file does) was read as UTF-8, and the login refused, while password_env was read in the locale. Both now
     * read UTF-8 when it is UTF-8, else the locale's charset; under a UTF-8 locale, bytes that are not UTF-8 are said.
     */
    @Test
    void passwordCommandAndPasswordEnvReadTheSameWayUnderALatin1Locale() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        String account = PosternConfig.account("t", "imap", "localhost", DOVECOT.imapPort(), "starttls", "carol", null, 30,
                DOVECOT.certPem());
        PosternConfig.write(Files.createDirectories(home.resolve(".config/postern")).resolve("config.toml"), home.resolve("data"),
                account + "password_command = \"printf 'p\\\\344ssw\\\\366rd'\"\n",
                account.replace("[accounts.t]", "[accounts.utf8cmd]") + "password_command = \"printf 'p\\\\303\\\\244ssw\\\\303\\\\266rd'\"\n",
                account.replace("[accounts.t]", "[accounts.env]") + "password_env = \"CAROL_PW\"\n");
        latin1(home, "-a t folders").run().assertExitCode(0).assertNoStackTrace();
        latin1(home, "-a utf8cmd folders").run().assertExitCode(0).assertNoStackTrace();
        latin1(home, "-a env folders").env("CAROL_PW", "pässwörd").run().assertExitCode(0).assertNoStackTrace(); // UTF-8 bytes
        PosternProcess.Result l1 = PosternProcess.command("sh", "-c", "CAROL_PW=$(printf 'p\\344ssw\\366rd') exec \"$0\" -a env folders",
                tree().launcher().toString()).env("HOME", home.toString()).env("LANG", "C.UTF-8").env("LC_ALL", null)
                .env("LC_CTYPE", null).env("POSTERN_CLIENT", null).env("XDG_CONFIG_HOME", null).env("XDG_STATE_HOME", null)
                .env("XDG_DATA_HOME", null).env("XDG_RUNTIME_DIR", null).env("XDG_CACHE_HOME", null).run();
        l1.assertExitCode(78).assertNoStackTrace();
        assertTrue(l1.stderr().contains("CAROL_PW (password_env) holds bytes that are not UTF-8"), l1.describe());
        PosternProcess.Result cmd = utf8(home, "-a t folders").run().assertExitCode(78).assertNoStackTrace();
        assertTrue(cmd.stderr().contains("password_command 'printf") && cmd.stderr().contains("printed bytes that are not UTF-8"),
                cmd.describe());
    }

    /**
     * I6: a folder the server keeps decomposed (NFD, as Apple Mail makes them) is listed composed, and typed so; `list
     * Résumé` said "there is no folder 'Résumé'" (66), as did a decomposed name typed for a folder kept composed, and
     * `copy --to`. The name typed is now the folder whose name is the same text, sent as the server spells it.
     */
    @Test
    void aFolderNameTypedComposedOrDecomposedIsTheFolderOfThatName() throws Exception {
        String nfd = "Re\u0301sume\u0301";
        byte[] mail = TWO_NAMES.replace("two attachments", "kept decomposed").getBytes(StandardCharsets.UTF_8);
        DOVECOT.deliver("carol", "INBOX", mail);
        DOVECOT.createFolder("carol", nfd);
        DOVECOT.deliver("carol", nfd, mail);
        DOVECOT.createFolder("carol", "Türkçe");
        Path home = Files.createDirectories(dir.resolve("home"));
        PosternConfig.write(Files.createDirectories(home.resolve(".config/postern")).resolve("config.toml"), home.resolve("data"),
                PosternConfig.dovecot(DOVECOT, "\"ağ-hesabı\"", "carol", DOVECOT.imapPort(), 30));
        utf8(home, "folders").run().assertExitCode(0);
        PosternProcess.Result listed = utf8(home, "list Résumé").run();
        listed.assertExitCode(0).assertNoStackTrace();
        assertTrue(listed.stdout().contains("kept decomposed"), listed.describe());
        utf8(home, "copy --to Résumé INBOX 1").run().assertExitCode(0).assertNoStackTrace();
        assertEquals(2, utf8(home, "list Résumé").run().assertExitCode(0).stdout().lines()
                .filter(l -> l.contains("kept decomposed")).count());
        utf8(home, "move --to \"$1\" INBOX 1", "Tu\u0308rkc\u0327e").run().assertExitCode(0);
        assertTrue(utf8(home, "list Türkçe").run().assertExitCode(0).stdout().contains("kept decomposed"));
        // The account's name typed decomposed: the account (it was "there is no account 'ağ-hesabı' ...; known: ağ-hesabı").
        utf8(home, "-a \"$1\" list Résumé", "ag\u0306-hesabı").run().assertExitCode(0).assertNoStackTrace();
        utf8(home, "-a \"$1\" copy --to Résumé Türkçe 1", "ag\u0306-hesabı").run().assertExitCode(0).assertNoStackTrace();
        PosternProcess.Result folders = utf8(home, "folders --json").run().assertExitCode(0);
        assertTrue(!folders.stdout().contains("\"Résumé\"") && !folders.stdout().contains("\"Tu\u0308rkc\u0327e\""),
                "no second folder of either name in the store: " + folders.describe());
    }

    /** A home with a config for GreenMail's zed, whose INBOX has {@link #TWO_NAMES}. */
    private Path home() throws Exception {
        var zed = greenMail.setUser("zed@localhost", "zed", "pw");
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(TWO_NAMES.getBytes(StandardCharsets.UTF_8)));
        greenMail.getManagers().getImapHostManager().getInbox(zed).appendMessage(m, new Flags(), new Date());
        Path home = Files.createDirectories(dir.resolve("home"));
        PosternConfig.write(Files.createDirectories(home.resolve(".config/postern")).resolve("config.toml"), home.resolve("data"),
                PosternConfig.account("t", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "zed", "pw", 30, null),
                "poll_seconds = 3600\n");
        return home;
    }

    /** {@code postern SCRIPT} (sh words after the launcher; $1... are {@code args}) under de_DE.ISO-8859-1. */
    private PosternProcess latin1(Path home, String script, String... args) throws Exception {
        return under("de_DE.ISO-8859-1", home, script, args);
    }

    /** As {@link #latin1}, under C.UTF-8. */
    private PosternProcess utf8(Path home, String script, String... args) throws Exception {
        return under("C.UTF-8", home, script, args);
    }

    private PosternProcess under(String lang, Path home, String script, String... args) throws Exception {
        String[] argv = new String[4 + args.length];
        argv[0] = "sh";
        argv[1] = "-c";
        argv[2] = "exec \"$0\" " + script;
        argv[3] = tree().launcher().toString();
        System.arraycopy(args, 0, argv, 4, args.length);
        return PosternProcess.command(argv).env("HOME", home.toString()).env("LANG", lang)
                .env("LOCPATH", locales()).env("LC_ALL", null).env("LC_CTYPE", null).env("POSTERN_TERMINAL_CHARSET", null)
                .env("POSTERN_CLIENT", null).env("XDG_CONFIG_HOME", null).env("XDG_STATE_HOME", null)
                .env("XDG_DATA_HOME", null).env("XDG_RUNTIME_DIR", null).env("XDG_CACHE_HOME", null);
    }

    private PerlTree tree;

    private PerlTree tree() throws Exception {
        if (tree == null) tree = PerlTree.in(dir);
        return tree;
    }

    private String locales;

    /** de_DE in ISO-8859-1, compiled into a directory of this test's for LOCPATH (no root, nothing installed). */
    private String locales() {
        if (locales != null) return locales;
        Path l = dir.resolve("locales");
        PosternProcess.command("sh", "-c", "mkdir -p \"$0\" && localedef -i de_DE -f ISO-8859-1 \"$0/de_DE.ISO-8859-1\"",
                l.toString()).run().assertExitCode(0);
        return locales = l.toString();
    }
}
