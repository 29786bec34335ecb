package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.postern.command.AttachmentCommand;
import dev.postern.command.Commands;
import dev.postern.command.Messages;
import dev.postern.command.Words;
import dev.postern.model.ClientDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hunt 38-A, A9: in a reader a resident owner serves, a relative directory typed at ':attachment save --out DIR' or
 * at the save prompt (s), and the default directory, are the client's (its working directory and HOME, which the wire
 * carries), not the owner's. The owner's thread that serves the reader holds the client's directory (resident/Requests
 * sets {@link ClientDirectory} there, as it sets the client's zone).
 */
class ServedSaveDirectoryTest {
    @TempDir Path client;

    @Test
    void theColonDoorTakesARelativeDirectoryInTheClientsDirectory() {
        ClientDirectory.serve(client);
        try {
            Messages shown = Messages.of("home", "INBOX", List.of(7L));
            AttachmentCommand.Args given = Commands.ATTACHMENT.arguments(
                    Words.read(Commands.ATTACHMENT, List.of("save", "2", "--out", "papers/2026")), shown);
            assertEquals(client.resolve("papers/2026"), given.out());
            AttachmentCommand.Args none = Commands.ATTACHMENT.arguments(Words.read(Commands.ATTACHMENT, List.of("save", "2")), shown);
            assertEquals(client, none.out());
            AttachmentCommand.Args absolute = Commands.ATTACHMENT.arguments(
                    Words.read(Commands.ATTACHMENT, List.of("save", "2", "--out", "/var/tmp")), shown);
            assertEquals(Path.of("/var/tmp"), absolute.out());
        } finally {
            ClientDirectory.serve(null);
        }
        assertEquals(Path.of("").toAbsolutePath(), ClientDirectory.current(), "the thread goes back to the process's own");
    }

    @Test
    void theSavePromptTakesARelativeDirectoryInTheClientsDirectory() throws Exception {
        Path sub = Files.createDirectories(client.resolve("papers"));
        Path home = Files.createDirectories(client.resolve("home"));
        Map<String, String> env = Map.of("HOME", home.toString());
        assertEquals(home, SaveTarget.defaultDirectory(env, client));
        assertEquals(new SaveTarget(2, sub), SaveTarget.parse("2 papers", home, 3, env, client));
        Path downloads = Files.createDirectories(client.resolve("dl"));
        assertEquals(downloads, SaveTarget.defaultDirectory(Map.of("HOME", home.toString(), "XDG_DOWNLOAD_DIR", "dl"), client));
    }
}
