package dev.postern.ui;

import dev.postern.render.Sanitizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** One run of the user's editor on the compose screen's draft file, and what the screen makes of how it ended. */
final class EditorRound {
    private EditorRound() {}

    /** {@code error}: what the status line says (null: nothing); {@code readBack}: whether the file is the draft now. */
    record Ending(String error, boolean readBack) {}

    static Ending run(UiLoop loop, String editor, Path file) {
        byte[] written = bytes(file);
        int exit;
        try {
            // This argv's shape, sh's $0 postern-editor and the file last, tells a served reader's client the file of the
            // message being written, which it keeps should the owner end meanwhile (resident.KeptDraft, postern-client.pl).
            exit = loop.runAtTerminal(List.of("/bin/sh", "-c", editor + " \"$1\"", "postern-editor", file.toString()));
        } catch (IOException e) {
            return new Ending(Sanitizer.oneLine(dev.postern.model.ProgramStart.sentence("The editor", editor, e.getMessage(),
                    "set $VISUAL or $EDITOR, or editor in the config")), true);
        }
        if (exit == 0) return new Ending(null, true);
        if (exit == 127) {
            // sh's code for a command it did not find: the setting names no program.
            return new Ending("The editor (" + Sanitizer.oneLine(editor) + ") was not found; set $VISUAL or $EDITOR, or"
                    + " editor in the config. The draft is as it was before.", false);
        }
        if (written != null && Arrays.equals(written, bytes(file))) {
            return new Ending("The editor exited with code " + exit + "; the draft is as it was before.", false);
        }
        // Saved, then ended badly (killed, :cq after :w): what it saved is the user's text, kept rather than overwritten
        // by the next e; q discards it as it would any draft.
        return new Ending("The editor exited with code " + exit + " after saving; what it saved is kept: e edits it"
                + " again, q discards it.", true);
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            return null; // unreadable: nothing to compare, nothing kept
        }
    }
}
