package dev.postern.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, two readers open and the first quit: when the owner of the data directory stops cleanly (the owning
 * reader's q, SIGTERM, {@code postern daemon stop}) while it serves readers, they go on with no key pressed: one of them opens
 * the store in its own process and owns it, the others are served by that one (the {@code HANDOVER} frame of
 * resident/Wire). Nothing is lost: a delete in one shows in the other, a fetch from another shell reaches them, and
 * the store verifies after all quit. An owner killed with -9 is ServedReaderIT's (exit 75, the terminal back).
 */
@Timeout(300)
class ReaderHandoverIT {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(
            new com.icegreen.greenmail.util.ServerSetup[] {ServerSetupTest.IMAP.dynamicPort(), ServerSetupTest.SMTP.dynamicPort()});

    @TempDir Path dir;

    private MailFolder inbox() throws Exception {
        return greenMail.getManagers().getImapHostManager().getInbox(greenMail.setUser("zed@localhost", "zed", "pw"));
    }

    private Path config() throws Exception {
        Files.writeString(dir.resolve("editor.sh"), "#!/bin/sh\n");
        return ServedReaderIT.config(dir, greenMail.getImap().getPort(), greenMail.getSmtp().getPort());
    }

    private PosternProcess.Result postern(Path config, String... args) {
        return PosternProcess.withConfig(dir, config, args).timeout(Duration.ofSeconds(90)).run();
    }

    @Test
    void whenTheOwningReaderQuitsTheReadersItServedGoOnOneOwningTheOtherServedByIt() throws Exception {
        MailFolder inbox = inbox();
        ResidentOwnerIT.deliver(inbox, "alpha one");
        ResidentOwnerIT.deliver(inbox, "beta two");
        MailFolder archive = greenMail.getManagers().getImapHostManager()
                .createMailbox(greenMail.setUser("zed@localhost", "zed", "pw"), "Archive");
        ResidentOwnerIT.deliver(archive, "archived five");
        Path config = config();
        try (Tmux a = ServedReaderIT.reader(dir, "ha", config)) {
            a.waitFor("alpha one", Duration.ofSeconds(90));
            a.waitFor("the owner's socket", s -> Files.exists(dir.resolve("data").resolve("owner.sock")), Duration.ofSeconds(30));
            ProcessHandle owner = ServedReaderIT.process(a);
            try (Tmux b = ServedReaderIT.reader(dir, "hb", config); Tmux c = ServedReaderIT.reader(dir, "hc", config)) {
                b.waitFor("alpha one", Duration.ofSeconds(60));
                c.waitFor("alpha one", Duration.ofSeconds(60));
                ProcessHandle pb = ServedReaderIT.process(b);
                ProcessHandle pc = ServedReaderIT.process(c);
                assertTrue(postern(config, "daemon", "status").stdout().contains("serving 2 readers"));
                // B goes to another folder: it is there again after the handover; C stays in INBOX.
                b.keys("c");
                b.waitFor("the folder prompt", s -> s.contains("Open folder:"), Duration.ofSeconds(10));
                b.keys("Archive", "Enter");
                b.waitFor("the other folder", s -> s.contains("t: Archive") && s.contains("archived five"), Duration.ofSeconds(30));

                long q = System.nanoTime();
                a.keys("q");
                String endA = ServedReaderIT.ended(a, "A's end", 20);
                assertTrue(endA.contains("EXIT=0"), endA);
                ServedReaderIT.assertCooked(endA);
                owner.onExit().get(10, TimeUnit.SECONDS);
                long ownerGone = System.nanoTime();

                b.waitFor("B again, on the folder it showed", s -> s.contains("t: Archive") && s.contains("archived five"),
                        Duration.ofSeconds(60));
                c.waitFor("C again, on INBOX", s -> s.contains("t: INBOX") && s.contains("alpha one"), Duration.ofSeconds(60));
                System.out.println("owner's q to its exit: " + (ownerGone - q) / 1_000_000 + " ms; to both readers shown again: "
                        + (System.nanoTime() - q) / 1_000_000 + " ms (tmux polling included)");
                b.keys("c");
                b.waitFor("the folder prompt", s -> s.contains("Open folder:"), Duration.ofSeconds(10));
                b.keys("INBOX", "Enter");
                Taken taken = takenOver(dir, b, pb, c, pc);
                assertTrue(postern(config, "daemon", "status").stdout().startsWith("the reader (pid " + taken.owner.pid() + ")"));
                assertTrue(postern(config, "daemon", "status").stdout().contains("serving 1 reader"));

                goOnTogether(config, inbox, taken, "gamma three");
            }
        }
        postern(config, "store", "verify").assertNoStackTrace().assertExitCode(0);
    }

    @Test
    void whenTheDaemonStopsTheReadersItServedTakeTheDataDirectoryOver() throws Exception {
        MailFolder inbox = inbox();
        ResidentOwnerIT.deliver(inbox, "alpha one");
        ResidentOwnerIT.deliver(inbox, "beta two");
        Path config = config();
        postern(config, "daemon", "start").assertNoStackTrace().assertExitCode(0);
        try (Tmux b = ServedReaderIT.reader(dir, "db", config); Tmux c = ServedReaderIT.reader(dir, "dc", config)) {
            b.waitFor("alpha one", Duration.ofSeconds(90));
            c.waitFor("alpha one", Duration.ofSeconds(60));
            ProcessHandle pb = ServedReaderIT.process(b);
            ProcessHandle pc = ServedReaderIT.process(c);
            String status = postern(config, "daemon", "status").stdout();
            assertTrue(status.startsWith("postern daemon (pid ") && status.contains("serving 2 readers"), status);
            long daemonPid = Long.parseLong(status.replaceFirst("^postern daemon \\(pid (\\d+)\\).*", "$1").strip());
            ProcessHandle daemon = ProcessHandle.of(daemonPid).orElseThrow();

            postern(config, "daemon", "stop").assertNoStackTrace().assertExitCode(0);
            daemon.onExit().get(40, TimeUnit.SECONDS);

            Taken taken = takenOver(dir, b, pb, c, pc);
            assertTrue(postern(config, "daemon", "status").stdout().startsWith("the reader (pid " + taken.owner.pid() + ")"));
            goOnTogether(config, inbox, taken, "delta four");
        }
        postern(config, "store", "verify").assertNoStackTrace().assertExitCode(0);
    }

    /**
     * Hunt 39-Y, Y13: a served reader handed over at {@code postern daemon stop} came back at row 1 of its folder, the
     * message its pager showed closed and nothing said. It opens that message again, and says why the screen was drawn
     * anew and that it owns the mail now; q still ends it.
     */
    @Test
    void aReaderHandedOverAtDaemonStopOpensTheMessageItShowedAndSaysSo() throws Exception {
        MailFolder inbox = inbox();
        ResidentOwnerIT.deliver(inbox, "alpha one");
        ResidentOwnerIT.deliver(inbox, "beta two");
        ResidentOwnerIT.deliver(inbox, "gamma three");
        Path config = config();
        postern(config, "daemon", "start").assertNoStackTrace().assertExitCode(0);
        try (Tmux b = ServedReaderIT.reader(dir, "dm", config)) {
            b.waitFor("the folder", s -> s.contains("alpha one") && s.contains("beta two") && s.contains("gamma three"),
                    Duration.ofSeconds(90));
            ProcessHandle pb = ServedReaderIT.process(b);
            b.keys("j");
            b.keys("Enter"); // the second row: not the one a fresh reader's cursor is on
            String pager = b.waitFor("the pager", s -> s.contains("body of "), Duration.ofSeconds(30));
            String body = pager.lines().filter(l -> l.contains("body of ")).findFirst().orElseThrow().strip();
            String status = postern(config, "daemon", "status").stdout();
            long daemonPid = Long.parseLong(status.replaceFirst("^postern daemon \\(pid (\\d+)\\).*", "$1").strip());
            ProcessHandle daemon = ProcessHandle.of(daemonPid).orElseThrow();

            postern(config, "daemon", "stop").assertNoStackTrace().assertExitCode(0);
            daemon.onExit().get(40, TimeUnit.SECONDS);

            String after = b.waitFor("the message again, and why", s -> s.contains("this reader owns the mail now")
                    && s.contains(body), Duration.ofSeconds(60));
            assertTrue(after.contains("The postern that served this reader stopped"), after);
            assertTrue(ProcessHandle.of(pb.pid()).isPresent(), "the same process goes on");
            b.keys("q"); // the pager, back to the index
            b.waitFor("the index", s -> s.contains("alpha one") && s.contains("gamma three"), Duration.ofSeconds(20));
            b.keys("q");
            String end = ServedReaderIT.ended(b, "the reader's end", 20);
            assertTrue(end.contains("EXIT=0"), end);
        }
        postern(config, "store", "verify").assertNoStackTrace().assertExitCode(0);
    }

    @Test
    void anOwningReaderStoppedBySigtermHandsItsServedReaderTheDataDirectory() throws Exception {
        ResidentOwnerIT.deliver(inbox(), "alpha one");
        ResidentOwnerIT.deliver(inbox(), "beta two");
        Path config = config();
        try (Tmux a = ServedReaderIT.reader(dir, "ta", config)) {
            a.waitFor("alpha one", Duration.ofSeconds(90));
            a.waitFor("the owner's socket", s -> Files.exists(dir.resolve("data").resolve("owner.sock")), Duration.ofSeconds(30));
            ProcessHandle owner = ServedReaderIT.process(a);
            try (Tmux b = ServedReaderIT.reader(dir, "tb", config)) {
                b.waitFor("alpha one", Duration.ofSeconds(60));
                ProcessHandle pb = ServedReaderIT.process(b);
                assertEquals(List.of(), ServedReaderIT.openUnderData(dir, pb), "B is served");
                owner.destroy(); // SIGTERM
                String endA = ServedReaderIT.ended(a, "A's end", 30);
                assertTrue(endA.contains("EXIT=143"), endA);
                ServedReaderIT.assertCooked(endA);
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!holdsStore(ServedReaderIT.openUnderData(dir, pb)) && System.nanoTime() < end) Thread.sleep(100);
                assertTrue(holdsStore(ServedReaderIT.openUnderData(dir, pb)), "B took the store over in its own process");
                b.waitFor("B again, owning", s -> s.contains("alpha one") && s.contains("beta two") && !s.contains("is served by"),
                        Duration.ofSeconds(60));
                b.keys("q");
                String endB = ServedReaderIT.ended(b, "B's end", 20);
                assertTrue(endB.contains("EXIT=0"), endB);
                ServedReaderIT.assertCooked(endB);
            }
        }
        postern(config, "store", "verify").assertNoStackTrace().assertExitCode(0);
    }

    /** Which of the two readers took the store over (its own process holds the store's files) and which it serves. */
    private record Taken(Tmux ownerPane, ProcessHandle owner, Tmux servedPane, ProcessHandle served) {}

    /**
     * Waits, with no key pressed, for both readers to show the folder again with exactly one of their processes
     * holding the store; both are the processes that ran before (the reader was started again inside them).
     */
    private static Taken takenOver(Path dir, Tmux b, ProcessHandle pb, Tmux c, ProcessHandle pc) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        List<String> inB = List.of();
        List<String> inC = List.of();
        while (System.nanoTime() < end) {
            inB = ServedReaderIT.openUnderData(dir, pb);
            inC = ServedReaderIT.openUnderData(dir, pc);
            if (holdsStore(inB) != holdsStore(inC)) break;
            Thread.sleep(100);
        }
        assertTrue(holdsStore(inB) != holdsStore(inC), "exactly one reader holds the store: B " + inB + ", C " + inC);
        assertTrue(pb.isAlive() && pc.isAlive(), "both readers run on in their own processes");
        boolean bOwns = holdsStore(inB);
        Taken t = bOwns ? new Taken(b, pb, c, pc) : new Taken(c, pc, b, pb);
        assertTrue(ServedReaderIT.openUnderData(dir, t.owner).stream().anyMatch(f -> f.endsWith("store.lock")),
                "the owner holds the store's lock");
        // Once its owner serves, the other's process holds nothing of the data directory (not even the claim).
        long claimGone = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!ServedReaderIT.openUnderData(dir, t.served).isEmpty() && System.nanoTime() < claimGone) Thread.sleep(100);
        assertEquals(List.of(), ServedReaderIT.openUnderData(dir, t.served), "the served reader's process holds nothing");
        t.ownerPane.waitFor("the folder in the reader that took over", s -> s.contains("alpha one") && s.contains("beta two"),
                Duration.ofSeconds(60));
        t.servedPane.waitFor("the folder in the reader served by it", s -> s.contains("alpha one") && s.contains("beta two"),
                Duration.ofSeconds(60));
        for (Tmux pane : List.of(b, c)) assertFalse(pane.capture().contains("EXIT="), pane.capture());
        return t;
    }

    private static boolean holdsStore(List<String> open) {
        return open.stream().anyMatch(f -> f.endsWith("store.db"));
    }

    /**
     * The two readers after the handover: a delete in the served one shows in the owning one, a fetch from another
     * shell reaches both, and both quit with q and exit 0, the terminal as it was.
     */
    private void goOnTogether(Path config, MailFolder inbox, Taken t, String fetched) throws Exception {
        String row = t.servedPane.capture().lines().filter(l -> l.contains("alpha one") || l.contains("beta two")).skip(1)
                .findFirst().orElseThrow();
        String subject = row.contains("alpha one") ? "alpha one" : "beta two";
        String other = subject.equals("alpha one") ? "beta two" : "alpha one";
        String rowInOwner = t.ownerPane.capture().lines().filter(l -> l.contains(subject)).findFirst().orElseThrow();
        t.servedPane.keys("j");
        t.servedPane.keys("d");
        t.servedPane.waitFor("the question", s -> s.contains("(y/n)"), Duration.ofSeconds(10));
        t.servedPane.keys("y");
        t.servedPane.waitFor("the deletion in the served reader", s -> s.lines().noneMatch(l -> l.equals(row)), Duration.ofSeconds(30));
        String inOwner = t.ownerPane.waitFor("the deletion in the owning reader",
                s -> s.lines().noneMatch(l -> l.equals(rowInOwner)), Duration.ofSeconds(30));
        assertTrue(inOwner.contains(other), inOwner);

        ResidentOwnerIT.deliver(inbox, fetched);
        PosternProcess.Result fetch = postern(config, "fetch");
        fetch.assertNoStackTrace().assertExitCode(0);
        t.ownerPane.waitFor(fetched, Duration.ofSeconds(30));
        t.servedPane.waitFor(fetched, Duration.ofSeconds(30));

        t.servedPane.keys("q");
        String endServed = ServedReaderIT.ended(t.servedPane, "the served reader's end", 15);
        assertTrue(endServed.contains("EXIT=0"), endServed);
        ServedReaderIT.assertCooked(endServed);
        t.ownerPane.keys("q");
        String endOwner = ServedReaderIT.ended(t.ownerPane, "the owning reader's end", 20);
        assertTrue(endOwner.contains("EXIT=0"), endOwner);
        ServedReaderIT.assertCooked(endOwner);
        t.owner.onExit().get(10, TimeUnit.SECONDS);
        assertFalse(Files.exists(dir.resolve("data").resolve("owner.sock")), "the last owner removed its socket");
    }
}
