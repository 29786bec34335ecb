package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.postern.command.Commands;
import dev.postern.command.Messages;
import dev.postern.command.Words;
import dev.postern.model.ClientDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hunt 43-R, R2 (the siblings of 38-A's A9): in a reader a resident owner serves (a second reader, every reader while
 * `postern daemon` runs), a relative path typed at compose's attach prompt or in a ':' line (export --out, import FILE,
 * send --file/--attach, reply --body-file/--attach) was taken in the OWNER's working directory: `a report.pdf`
 * attached the owner's file of that name. `~` at the attach prompt was the JVM's user.home, not HOME, and at ':' a
 * directory literally named `~`. All are the person's at the terminal now: their directory and their HOME.
 */
class ServedTypedPathsTest {
    @TempDir Path client;

    @Test
    void theColonCommandsTakeARelativePathInTheClientsDirectory() {
        ClientDirectory.serve(client);
        try {
            Messages shown = Messages.of("home", "INBOX", List.of(7L));
            assertEquals(client.resolve("mail/out"), Commands.EXPORT.arguments(
                    Words.read(Commands.EXPORT, List.of("--format", "mbox", "--out", "mail/out", "INBOX")), null).out());
            assertEquals(client.resolve("old.mbox"), Commands.IMPORT.arguments(
                    Words.read(Commands.IMPORT, List.of("--to", "INBOX", "old.mbox")), null).path());
            var send = Commands.SEND.arguments(Words.read(Commands.SEND, List.of("--file", "msg.eml", "--attach", "a.pdf")), null);
            assertEquals(client.resolve("msg.eml"), send.file());
            assertEquals(List.of(client.resolve("a.pdf")), send.attach());
            var reply = Commands.REPLY.arguments(Words.read(Commands.REPLY,
                    List.of("--body-file", "body.txt", "--attach", "b.pdf")), shown);
            assertEquals(client.resolve("body.txt"), reply.bodyFile());
            assertEquals(List.of(client.resolve("b.pdf")), reply.attach());
            assertEquals(Path.of("/var/tmp/x"), Commands.EXPORT.arguments(
                    Words.read(Commands.EXPORT, List.of("--format", "mbox", "--out", "/var/tmp/x", "INBOX")), null).out());
        } finally {
            ClientDirectory.serve(null);
        }
    }

    @Test
    void aColonLineTakesAnUnquotedTildeAsTheHome() {
        assertEquals(List.of("export", "--out", "/home/ann/mail", "INBOX"),
                CommandWords.split("export --out ~/mail INBOX", false, "/home/ann"));
        assertEquals(List.of("x", "/home/ann", "~ann", "a~/b", "~/quoted", "~"),
                CommandWords.split("x ~ ~ann a~/b '~/quoted' \"~\"", false, "/home/ann"));
        assertEquals(List.of("export", "--out", "~/mail"), CommandWords.split("export --out ~/mail"), "no home: as typed");
    }

    @Test
    void theAttachPromptTakesThePersonsHomeAndDirectory() throws Exception {
        Path home = Files.createDirectories(client.resolve("home"));
        Path cwd = Files.createDirectories(client.resolve("work"));
        Files.writeString(cwd.resolve("report.pdf"), "x");
        assertEquals(home.resolve("notes.txt"), TypedPath.of("~/notes.txt", home.toString(), cwd));
        assertEquals(home, TypedPath.of("~", home.toString(), cwd));
        assertEquals(cwd.resolve("report.pdf"), TypedPath.of("report.pdf", home.toString(), cwd));
        assertEquals(Path.of("/etc/hosts"), TypedPath.of("/etc/hosts", home.toString(), cwd));
        assertEquals("report.pdf", ComposeInput.paths(home.toString(), cwd).apply("rep"), "Tab completes in the person's directory");
    }
}
