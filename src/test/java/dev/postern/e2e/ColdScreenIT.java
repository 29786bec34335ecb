package dev.postern.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, the cold first screen: the reader on an empty store (a first run) at a Dovecot INBOX of 4,000
 * messages. Its account logs in while the store is still being opened (the start-up marks of
 * {@code POSTERN_TRACE_STARTUP}) and the folder's listing is asked before the first (empty) frame; the first screen with rows already shows the newest message (before, the first
 * rows were the folder's 500 oldest); {@code q} ends it at once while the rest of the folder is still being listed;
 * and a reader killed in the middle of that listing leaves a store that the next sync completes, every message once.
 */
@org.junit.jupiter.api.Tag("quiet") // its 200 ms answers are measured alone, after the other classes (pom.xml)
class ColdScreenIT {
    @RegisterExtension
    static final DovecotServer DOVECOT = new DovecotServer();

    private static final int MESSAGES = 4_000;
    private static final Pattern ROW_NUMBER = Pattern.compile("#(\\d+)");
    /** As ReaderTmuxIT: a key answered within this, plus what tmux itself costs. */
    private static final long ANSWER_MS = 200;

    @TempDir Path dir;

    @Test
    void anEmptyStoreShowsTheNewestFirstAndCatchesUpAfterAKill() throws Exception {
        Assumptions.assumeTrue(Tmux.available(), "tmux is not installed");
        DovecotServer.Seeded seeded = DOVECOT.seedBulk("alice", "INBOX", MESSAGES);

        // 1. First rows, q while the rest is listed, and the login's start against the store's open.
        Path config = config("first");
        Path stderr = dir.resolve("first.log");
        try (Tmux tmux = Tmux.start("postern-cold-it", 80, 24, reader(config, stderr)).poll(Duration.ofMillis(10))) {
            String first = tmux.waitFor("15 index rows", s -> numbers(s).size() >= 15, Duration.ofSeconds(90));
            List<Long> shown = numbers(first);
            assertTrue(shown.contains(seeded.last()), "the first screen with rows does not show the newest message #"
                    + seeded.last() + ":\n" + first);
            String log = Files.readString(stderr);
            assertTrue(log.contains("listing: the newest"), "the rows came before the newest were stored:\n" + log);
            long overhead = tmux.allowanceMillis();
            int marks = TraceMarks.count(stderr);
            long sent = System.currentTimeMillis();
            long start = System.nanoTime();
            tmux.keys("q");
            // send-keys's own time is tmux's (a client's start: 100-400 ms at a load of 10-16), not the reader's.
            long delivery = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            tmux.waitFor("the terminal back", s -> numbers(s).isEmpty(), Duration.ofSeconds(10));
            long q = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) - delivery;
            overhead = Math.max(overhead, tmux.allowanceMillis()); // tmux's cost around the answer, before and after
            System.out.println("first rows " + shown + "; q -> terminal back: " + q + " ms after the key's delivery ("
                    + delivery + " ms), tmux overhead " + overhead + " ms");
            tmux.waitFor("EXIT=0", Duration.ofSeconds(30));
            long own = TraceMarks.between(stderr, marks, "quit: key read", "quit: screen gone");
            long whole = TraceMarks.epochOf(stderr, marks, "quit: screen gone") - sent;
            System.out.println("q -> terminal back by the reader's own clock: " + own + " ms; from the key's sending: "
                    + whole + " ms");
            assertTrue(own <= ANSWER_MS, "q took " + own + " ms by the reader's own clock while the folder was listed");
            // The key's whole way on two clocks with different noise (ReaderTmuxIT says why): slow on both is slow.
            assertTrue(whole <= ANSWER_MS + delivery || q <= ANSWER_MS + overhead, "the terminal was given back " + whole
                    + " ms after q was sent while the folder was listed (send-keys itself " + delivery + " ms), and tmux"
                    + " showed it after " + q + " ms (tmux's own round trips " + overhead + " ms)");
        }
        String log = Files.readString(stderr);
        int ahead = log.indexOf("reader: logging in ahead");
        int opened = log.indexOf("store opened");
        assertTrue(ahead > 0, "the account did not log in ahead:\n" + log);
        assertTrue(opened > 0 && ahead < opened, "the login started only after the store was open:\n" + log);
        assertTrue(log.indexOf("imap logged in") > 0, "no login:\n" + log);
        // Nothing of INBOX is stored, so its listing is asked before the first (empty) screen is built, not behind it.
        int asked = log.indexOf("reader: listing asked ahead");
        int frame = log.indexOf("first frame");
        assertTrue(asked > 0 && frame > 0 && asked < frame, "the empty INBOX's listing was not asked before the first frame:\n" + log);

        // 2. Killed in the middle of the listing: the next sync completes the store, every message once.
        Path killed = config("killed");
        Path killedLog = dir.resolve("killed.log");
        try (Tmux tmux = Tmux.start("postern-cold-kill-it", 80, 24, reader(killed, killedLog)).poll(Duration.ofMillis(10))) {
            tmux.waitFor("15 index rows", s -> numbers(s).size() >= 15, Duration.ofSeconds(90));
            ProcessHandle java = tmux.child().orElseThrow();
            ProcessHandle target = java.children().findFirst().orElse(java); // the shell's env, then java
            while (target.children().findFirst().isPresent()) target = target.children().findFirst().get();
            assertTrue(target.info().command().orElse("").contains("java"), "not the reader: " + target.info());
            assertTrue(target.destroyForcibly());
            tmux.waitFor("EXIT=", Duration.ofSeconds(30));
        }
        PosternProcess.Result list = PosternProcess.withConfig(dir, killed, "list", "--cached", "--json", "INBOX")
                .timeout(Duration.ofMinutes(2)).run().assertNoStackTrace().assertExitCode(0);
        int before = list.stdout().split("\n").length;
        System.out.println("killed mid-way: " + before + " rows stored");
        assertTrue(before >= 100 && before < MESSAGES, "killed mid-way, the store held " + before + " rows");
        PosternProcess.withConfig(dir, killed, "sync", "--headers-only", "--folder", "INBOX").timeout(Duration.ofMinutes(3))
                .run().assertNoStackTrace().assertExitCode(0);
        list = PosternProcess.withConfig(dir, killed, "list", "--cached", "--json", "INBOX").timeout(Duration.ofMinutes(2))
                .run().assertNoStackTrace().assertExitCode(0);
        Set<String> uids = new HashSet<>();
        List<String> twice = new ArrayList<>();
        Matcher m = Pattern.compile("\"uid\":(\\d+)").matcher(list.stdout());
        while (m.find()) {
            if (!uids.add(m.group(1))) twice.add(m.group(1));
        }
        assertEquals(List.of(), twice, "listed twice");
        assertEquals(MESSAGES, uids.size(), "after the sync the store has " + uids.size() + " of " + MESSAGES);
    }

    private Path config(String name) throws Exception {
        return PosternConfig.write(dir.resolve(name + ".toml"), dir.resolve("data-" + name),
                PosternConfig.account("cold", "imap", "localhost", DOVECOT.imapsPort(), "tls", "alice", DOVECOT.user("alice"), 30,
                        DOVECOT.certPem()));
    }

    private String reader(Path config, Path stderr) {
        return "env HOME=" + dir + " XDG_STATE_HOME=" + dir.resolve("state") + " XDG_CONFIG_HOME=" + dir.resolve("cfg")
                + " POSTERN_TRACE_STARTUP=1 " + PosternProcess.javaBinary() + " -jar " + PosternProcess.jar() + " --config "
                + config + " 2>" + stderr + "; echo EXIT=$?; sleep 60";
    }

    /** The "#N" of every index row on the pane. */
    private static List<Long> numbers(String pane) {
        List<Long> out = new ArrayList<>();
        for (String line : pane.split("\n")) {
            Matcher m = ROW_NUMBER.matcher(line);
            if (m.find()) out.add(Long.parseLong(m.group(1)));
        }
        return out;
    }
}
