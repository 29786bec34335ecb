package dev.postern.backend.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.app.AppContext;
import dev.postern.controller.MailController;
import dev.postern.e2e.PosternConfig;
import dev.postern.model.Flag;
import dev.postern.model.QueuedChange;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hunt36-K K3: in a process that keeps its session (a daemon, the reader, a shell), the first change after the server
 * went away, on a folder other than the one selected, reconnected inside its task (to select that folder), and the
 * refusal of that connection failed the command with 69, nothing changed and nothing queued. README: a server that
 * cannot be reached gets the change made in the store and queued, as a command run alone does.
 */
class ChangeAfterLinkDiedQueuedTest {
    @TempDir Path dir;

    @Test
    void aFlagOnAnotherFolderIsQueued() throws Exception {
        List<QueuedChange> q = afterTheServerWentAway(c -> c.setFlags("a", "INBOX", List.of(7L), Flag.FLAGGED, true));
        assertEquals(1, q.size(), "queued: " + q);
    }

    @Test
    void anExpungeOnAnotherFolderIsQueued() throws Exception {
        List<QueuedChange> q = afterTheServerWentAway(c -> c.delete("a", "INBOX", List.of(7L), true));
        assertEquals(1, q.size(), "queued: " + q);
    }

    @Test
    void aMoveFromAnotherFolderIsQueued() throws Exception {
        List<QueuedChange> q = afterTheServerWentAway(c -> c.move("a", "INBOX", List.of(7L), "Work"));
        assertEquals(1, q.size(), "queued: " + q);
    }

    /**
     * INBOX and Work synced, Work selected last; the server goes away (its connections closed, new ones refused);
     * {@code change} on INBOX must complete (queued). The queue afterwards.
     */
    private List<QueuedChange> afterTheServerWentAway(Function<MailController, java.util.concurrent.Future<?>> change)
            throws Exception {
        try (HostileImap s = new HostileImap()) {
            s.on("LIST", (c, tag, args) -> {
                if (args.contains("\"\" \"\"")) c.say("* LIST (\\Noselect) \"/\" \"\"");
                else {
                    c.say("* LIST () \"/\" INBOX");
                    c.say("* LIST () \"/\" Work");
                }
                c.say(tag + " OK done");
            });
            Path cfg = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                    PosternConfig.account("a", "imap", "127.0.0.1", s.port(), "plain", "u", "pw", 5, null));
            AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), cfg);
            try {
                MailController c = ctx.controller();
                c.refreshFolder("a", "INBOX").get(20, TimeUnit.SECONDS);
                c.refreshFolder("a", "Work").get(20, TimeUnit.SECONDS);
                assertTrue(c.queue("a").isEmpty());
                s.die();
                change.apply(c).get(20, TimeUnit.SECONDS); // before: failed, "the connection to ... was refused" (69)
                return c.queue("a");
            } finally {
                ctx.close();
            }
        }
    }
}
