package dev.postern.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.app.AppContext;
import dev.postern.controller.MailController;
import dev.postern.e2e.PosternConfig;
import dev.postern.model.Capability;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.model.Protocol;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an account can do is data: a POP3 maildrop cannot move, copy or delete on the server, and the typed
 * commands say so from the account's capabilities, before any connection (the server here is not even
 * listening: had they connected, the failure would be "unreachable", 69).
 */
class CapabilityRefusalTest {
    @TempDir Path dir;

    @Test
    void theProtocolSaysWhatAnAccountCanDo() {
        assertEquals(Set.of(Capability.MAILDROP), Capability.of(Protocol.POP3, true));
        assertTrue(Capability.of(Protocol.IMAP, true).containsAll(Set.of(Capability.FOLDERS, Capability.MOVE, Capability.IDLE)));
        assertFalse(Capability.of(Protocol.IMAP, false).contains(Capability.IDLE));
        assertFalse(Capability.of(Protocol.IMAP, true).contains(Capability.MAILDROP));
    }

    @Test
    void aMaildropRefusesMoveCopyAndDeleteWithoutConnecting() throws Exception {
        int closedPort;
        closedPort = dev.postern.ClosedPort.take();
        Path config = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("drop", "pop3", "127.0.0.1", closedPort, "plain", "u", "pw", 5, null),
                PosternConfig.account("imap", "imap", "127.0.0.1", closedPort, "plain", "u", "pw", 5, null));
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), config)) {
            MailController c = ctx.controller();
            assertEquals(Set.of(Capability.MAILDROP), c.capabilities("drop"));
            assertTrue(c.capabilities("imap").contains(Capability.MOVE));
            Messages m = Messages.of("drop", "INBOX", List.of(1L));
            for (Command<?, ?> cmd : List.of(Commands.MOVE, Commands.COPY, Commands.DELETE)) {
                assertEquals("account drop cannot " + cmd.name() + " messages" + (cmd == Commands.DELETE
                        ? " (POP3: a fetch deletes from the server with keep_on_server = false or delete_after_days)"
                        : " (POP3 has one folder, INBOX)") + ".", Commands.refusal(cmd, c, "drop"),
                        "the reason and the way (hunt 33, Z8)");
                assertNull(Commands.refusal(cmd, c, "imap"));
            }
            assertNull(Commands.refusal(Commands.FLAG, c, "drop"), "flags are kept in the store for a maildrop");
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> Commands.MOVE.run(c, new MoveCommand.Args(m, "Archive")).get());
            PosternException p = (PosternException) e.getCause();
            assertEquals(ExitCode.USAGE, p.exitCode());
            assertEquals("account drop cannot move messages (POP3 has one folder, INBOX).", p.getMessage());
            e = assertThrows(ExecutionException.class, () -> Commands.DELETE.run(c, new DeleteCommand.Args(m, false, null)).get());
            assertEquals(ExitCode.USAGE, ((PosternException) e.getCause()).exitCode());
        }
    }
}
