package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.app.AppContext;
import dev.postern.app.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hunt 32-W W3: a slip of a command word ({@code postern fecth}) was taken for the reader's FOLDER: a reader on an empty
 * folder, or, from cron while another postern held the store, "in use ...; retry" (75, retried for ever). It is said as
 * git says it (64); a folder of that name the store knows still opens; and where the reader cannot run (no terminal)
 * that is said before the store is opened, whoever holds it.
 */
class CommandSlipTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;

    /** The reader's launcher for these tests: records what it was asked to open; {@code refusal} as Main's says it. */
    private static final class Ui implements dev.postern.cli.PosternCommand.UiLauncher {
        final List<String> opened = new CopyOnWriteArrayList<>();
        final String refusal;

        Ui(String refusal) { this.refusal = refusal; }

        @Override public void run(dev.postern.controller.MailController c, String account, String folder) { opened.add(folder); }

        @Override public String refusal() { return refusal; }
    }

    private record Ran(int code, String err) {}

    private Ran postern(Path cfg, Ui ui, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(dev.postern.e2e.PosternConfig.argv(cfg, args), CliRun.env(dir), new ByteArrayInputStream(new byte[0]),
                true, out, new PrintStream(err, true, StandardCharsets.UTF_8), ui);
        String e = err.toString(StandardCharsets.UTF_8);
        assertFalse(e.contains("\tat ") || e.contains("Exception"), e);
        return new Ran(code, e);
    }

    private Path config() throws Exception {
        greenMail.setUser("carol@localhost", "carol", "pw");
        return CliRun.writeConfig(dir.resolve("config.toml"), dir.resolve("data"),
                CliRun.account("box", "imap", greenMail.getImap().getPort(), "carol", "pw"));
    }

    @Test
    void aSlipOfACommandIsSaidAsGitSaysIt() throws Exception {
        Path cfg = config();
        Ui ui = new Ui(null);
        Ran r = postern(cfg, ui, "fecth");
        assertEquals(64, r.code(), r.err());
        assertEquals("postern: no command 'fecth'; did you mean fetch?\n", r.err());
        assertEquals(List.of(), ui.opened, "no reader on a folder 'fecth'");
    }

    @Test
    void aFolderOfThatNameTheStoreKnowsStillOpens() throws Exception {
        Path cfg = config();
        greenMail.getManagers().getImapHostManager().createMailbox(
                greenMail.getManagers().getUserManager().getUser("carol"), "sent");
        assertEquals(0, CliRun.run(dir, cfg, "folders").code);
        Ui ui = new Ui(null);
        Ran r = postern(cfg, ui, "sent");
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of("sent"), ui.opened);
        assertEquals(0, postern(cfg, ui, "Archive").code(), "a word near no command is a folder, known or not");
    }

    @Test
    void withoutATerminalTheReadersOwnSentenceComesBeforeTheStoresLock() throws Exception {
        Path cfg = config();
        // Another postern holds the store (the owner's reader): its lock said "in use ...; retry" (75) before the
        // reader's own check of the terminal.
        try (AppContext holder = new AppContext(CliRun.env(dir), cfg)) {
            holder.cachedFolderNames("box");
            String why = "the full-screen reader needs a terminal on stdin and stdout; scripts use `postern list` and `postern read`.";
            Ran folder = postern(cfg, new Ui(why), "Work");
            assertEquals(64, folder.code(), folder.err());
            assertTrue(folder.err().contains("needs a terminal"), folder.err());
            // A slip of a command word in a script or cron line gets the hint, not the reader's sentence (hunt37-J J1).
            Ran slip = postern(cfg, new Ui(why), "fecth");
            assertEquals(64, slip.code(), slip.err());
            assertEquals("postern: no command 'fecth'; did you mean fetch?\n", slip.err());
        }
    }

    /**
     * Issue 16: a FOLDER near a command word (Sent, Lists, the benchmark's Small) is checked against the store's folders,
     * which waits for the store's open; the reader's options (bindings, theme) were read only after that wait, so the open
     * and the options went one after the other on the way to the first screen (Small's first screen 50-120 ms slower than
     * INBOX's). They are read first now, alongside the open, and the slip is still said first, a mistake in the bindings
     * too. The bindings file here is a FIFO: the test sees the reader read it, and writes what it reads.
     */
    @Test
    void theOptionsAreReadBeforeTheFolderCheckWaitsForTheStore() throws Exception {
        greenMail.setUser("carol@localhost", "carol", "pw");
        Path fifo = dir.resolve("bindings");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        Path cfg = CliRun.writeConfig(dir.resolve("config.toml"), dir.resolve("data"), "bindings = \"" + fifo + "\"\n",
                CliRun.account("box", "imap", greenMail.getImap().getPort(), "carol", "pw"));
        for (String bindings : List.of("# mine\n", "[index]\nD = frobnicate\n")) {
            java.util.concurrent.CompletableFuture<Void> read = java.util.concurrent.CompletableFuture.runAsync(() -> {
                try (var w = java.nio.file.Files.newOutputStream(fifo)) { // opens once the reader opens the file
                    w.write(bindings.getBytes(StandardCharsets.UTF_8));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            try {
                Ui ui = new Ui(null);
                Ran r = postern(cfg, ui, "fecth");
                assertEquals(64, r.code(), r.err());
                assertEquals("postern: no command 'fecth'; did you mean fetch?\n", r.err(), "the slip is said first, whatever the bindings");
                assertEquals(List.of(), ui.opened);
                assertTrue(read.isDone(), "the reader's bindings were not read before the folder's check (which waits for the store)");
                read.join();
            } finally {
                if (!read.isDone()) {
                    try (var in = java.nio.file.Files.newInputStream(fifo)) { // lets the writer go
                        in.readAllBytes();
                    }
                }
                read.get(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
    }
}
