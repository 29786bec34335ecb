package dev.postern.resident;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.app.AppContext;
import dev.postern.controller.Event;
import dev.postern.controller.Job;
import dev.postern.controller.MailController;
import dev.postern.e2e.PosternConfig;
import dev.postern.model.Envelope;
import dev.postern.model.Flag;
import dev.postern.model.Flags;
import dev.postern.model.Folder;
import dev.postern.model.MessageRef;
import dev.postern.store.MapDbStore;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A served command that started a controller job (here an export) and whose client is interrupted: the job is
 * cancelled with the command, through the controller's job control, and leaves its output as its own cancel does
 * (a new mbox not written), before the client hears the end. Before, the client heard 130 at once while the export
 * went on in the owner and wrote the whole mbox.
 */
@Timeout(120)
class ServedJobCancelTest {
    private static final int MESSAGES = 200;
    @TempDir Path dir;
    private OwnerFixture fixture;

    private Path dataDir() {
        return fixture.dataDir();
    }

    private Path config() throws Exception {
        fixture = new OwnerFixture(dir);
        Path config = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("t", "imap", "127.0.0.1", dev.postern.ClosedPort.take(), "plain", "zed", "pw", 5, null))
                .toAbsolutePath().normalize();
        try (MapDbStore store = MapDbStore.open(dataDir())) {
            store.putFolder(new Folder("t", "INBOX", '/', 0, 0, java.util.Set.of()));
            List<Envelope> batch = new ArrayList<>();
            for (long uid = 1; uid <= MESSAGES; uid++) {
                batch.add(new Envelope(new MessageRef("t", "INBOX", 5, uid), "<" + uid + "@x>",
                        Instant.parse("2020-01-01T10:00:00Z").plusSeconds(uid), "a@x", null, null, "s" + uid, 100,
                        Flags.of(Flag.SEEN), null, null, null));
            }
            store.putEnvelopes(batch);
            for (long uid = 1; uid <= MESSAGES; uid++) {
                store.attachBody(new MessageRef("t", "INBOX", 5, uid), ("Message-ID: <" + uid + "@x>\r\nSubject: s" + uid
                        + "\r\n\r\nbody " + uid + "\r\n").getBytes(UTF_8));
            }
            store.commit();
        }
        return config;
    }

    @Test
    void aCancelledServedExportCancelsItsJobWhichLeavesNoMbox() throws Exception {
        Path config = config();
        Path out = dir.resolve("archive");
        try (AppContext ctx = new AppContext(fixture.env(), config)) {
            MailController c = ctx.controller();
            CountDownLatch midway = new CountDownLatch(1);
            AtomicBoolean heldOnce = new AtomicBoolean();
            // Progress is published on the job's thread: hold the export there, mid-way, until it is asked to stop
            // (or for ten seconds, after which an export nobody cancels goes on to the end).
            try (AutoCloseable held = c.subscribe(e -> {
                if (e instanceof Event.Progress p && p.what().endsWith(" export") && p.done() > 0 && p.done() < p.total()
                        && heldOnce.compareAndSet(false, true)) {
                    midway.countDown();
                    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    while (System.nanoTime() < until && c.jobs().stream().noneMatch(Job.Info::cancelling)) {
                        try {
                            Thread.sleep(20);
                        } catch (InterruptedException ie) {
                            return;
                        }
                    }
                }
            });
                 Owner owner = Owner.start(ctx, Owner.Role.DAEMON);
                 SocketChannel ch = fixture.request(config, "export", "INBOX", "--format", "mbox", "--out", out.toString())) {
                assertTrue(midway.await(60, TimeUnit.SECONDS), "the served export started its job");
                OwnerFixture.cancel(ch, 2); // the client's Ctrl-C
                OwnerFixture.Answer answer = OwnerFixture.answer(ch);
                String err = answer.err();
                assertNotNull(answer.exit(), "the owner answered the cancel with an EXIT");
                assertEquals(130, answer.exit(), "128 + SIGINT");
                // By the time the client hears the end, the job has stopped and tidied up: nothing runs on, nothing is left.
                assertEquals(List.of(), c.jobs(), "the export's job ended with its command");
                assertTrue(err.contains("export cancelled after"), "the job's own sentence is relayed: " + err);
                assertTrue(Files.notExists(out.resolve("INBOX.mbox")), "a new mbox cancelled mid-way is not left: "
                        + (Files.exists(out) ? Files.list(out).toList() : "no " + out));
            }
            // And what it would have written never appears later either.
            Thread.sleep(500);
            assertTrue(c.jobs().isEmpty(), c.jobs().toString());
            assertTrue(Files.notExists(out.resolve("INBOX.mbox")), "no export finished behind the client's back");
        }
    }
}
