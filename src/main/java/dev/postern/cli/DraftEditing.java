package dev.postern.cli;

import dev.postern.compose.Built;
import dev.postern.compose.Draft;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.render.Sanitizer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;

/**
 * The batch side's editor round of a draft, shared by reply/forward and recall: a private file, the
 * user's editor on it (the shell lends it the terminal), the question before sending. Each failure says
 * nothing was sent and where the draft is ({@code kept}, e.g. "the draft is in FILE").
 */
final class DraftEditing {
    private DraftEditing() {}

    /** {@code text} in {@code draft.txt} of a new owner-only directory. */
    static Path write(String text) {
        try {
            Path dir = Files.createTempDirectory("postern-draft",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path file = dir.resolve("draft.txt");
            Files.writeString(file, text);
            return file;
        } catch (IOException e) {
            throw new PosternException(ExitCode.IOERR, "cannot write the draft file (" + e.getMessage() + "); nothing was sent.", e);
        }
    }

    /** Runs $VISUAL/$EDITOR on {@code file} and returns what it holds afterwards. */
    static String edit(PosternCommand root, Path file, String kept) {
        String editor = dev.postern.compose.Editor.command(root.env());
        int[] exit = {0};
        Runnable run = () -> {
            try {
                // The command is the user's own setting (like git's core.editor); the file is passed as $1.
                ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", editor + " \"$1\"", "postern-editor", file.toString());
                pb.inheritIO();
                exit[0] = pb.start().waitFor();
            } catch (IOException e) {
                throw new PosternException(ExitCode.UNAVAILABLE, "the editor (" + Sanitizer.oneLine(editor)
                        + ") could not be run (" + e.getMessage() + "); " + kept + ".", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PosternException(ExitCode.TEMPFAIL, "interrupted while the editor ran; " + kept + ".");
            }
        };
        PosternCommand.TerminalHandoff handoff = root.terminalHandoff();
        if (handoff != null) handoff.released(run);
        else run.run();
        if (exit[0] != 0) {
            throw new PosternException(ExitCode.TEMPFAIL, "the editor exited with code " + exit[0] + "; nothing was sent; "
                    + kept + ".");
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PosternException(ExitCode.NOINPUT, "cannot read the draft back (" + e.getMessage()
                    + "); nothing was sent; " + kept + ".", e);
        }
    }

    /**
     * Builds or sends the edited draft by {@code send}. A failure means the message was neither sent nor queued (a
     * refused address 65, a refused login 78, ...): the file stays, and the sentence says so and where ({@code kept},
     * e.g. "your draft is kept in FILE"), as the editor's own failures do.
     */
    static <T> T keptOnFailure(java.util.function.Supplier<T> send, String kept) {
        try {
            return send.get();
        } catch (PosternException e) {
            String said = e.getMessage().replaceAll("[.]$", "");
            boolean saysSo = said.contains("nothing was sent") || said.contains("NOT sent");
            throw new PosternException(e.exitCode(), said + (saysSo ? "" : "; nothing was sent") + "; " + kept + ".", e);
        }
    }

    /** "Send ... to ...? [y/N]" on the terminal (or the shell's line reader); true only for y or yes. */
    static boolean confirm(PosternCommand root, Draft d, Built m) {
        String question = Sanitizer.oneLine("Send \"" + d.subject() + "\" to " + String.join(", ", m.recipients()))
                + "? [y/N] ";
        PosternCommand.TerminalHandoff handoff = root.terminalHandoff();
        String answer;
        if (handoff != null) {
            answer = handoff.ask(question);
        } else {
            root.err().print(question);
            root.err().flush();
            answer = readLine(root.in());
        }
        answer = answer == null ? "" : answer.strip().toLowerCase(Locale.ROOT);
        return answer.equals("y") || answer.equals("yes");
    }

    /** One line, byte by byte, so nothing after it is taken from a script on stdin. */
    static String readLine(InputStream in) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try {
            int c;
            while ((c = in.read()) >= 0 && c != '\n') b.write(c);
        } catch (IOException e) {
            return "";
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    /** Removes the draft file and its private directory; a leftover is harmless. */
    static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(file.getParent());
        } catch (IOException ignored) {
            // a leftover private temp file is harmless
        }
    }
}
