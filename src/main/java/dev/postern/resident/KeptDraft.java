package dev.postern.resident;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The message a served reader's user is writing, as its client sees it (hunt 32-V, B2 and B3). The owner's compose
 * screen keeps the message in a file of the owner's temporary directory and has the client run the editor on it: a
 * {@link Wire#RUN} at the terminal whose argv is {@code /bin/sh -c COMMAND postern-editor FILE} (ui.EditorRound; the
 * {@link #EDITOR} word is sh's {@code $0}). While the owner runs, it keeps that file when the reader ends (ui.ComposeExit)
 * and says where. When the reader ends otherwise than by the owner's EXIT, the owner is no longer there to do it: killed,
 * or stopping cleanly while the editor had the terminal (it hands the reader over without waiting for the editor).
 * The client then moves the file, if it is still there, to {@code $XDG_STATE_HOME/postern/drafts/unsent-DATE-TIME.eml}
 * (0600 in a 0700 directory), where the reader keeps its unsent drafts (ui.DraftOnDisk.settle), and says where. A file
 * with nothing the user wrote (no header but From filled in, no body) is deleted instead, as the owner would. The Perl
 * client does the same (packaging/client/postern-client.pl, {@code keep_draft}).
 */
final class KeptDraft {
    /** sh's {@code $0} in the editor's argv: the last word is the draft's file. */
    static final String EDITOR = "postern-editor";

    private KeptDraft() {}

    /** The draft's file when {@code argv} is the editor run on one, else null. */
    static Path of(String[] argv) {
        if (argv.length != 5 || !"/bin/sh".equals(argv[0]) || !"-c".equals(argv[1]) || !EDITOR.equals(argv[3])) return null;
        try {
            Path p = Path.of(argv[4]);
            return p.isAbsolute() ? p : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * {@code file} kept in the drafts directory of the state directory {@code env} names, or deleted when it holds
     * nothing written; the sentence for the terminal, or null when there is nothing to say (no file, or gone: the
     * owner kept, sent or dropped it).
     */
    static String keep(Path file, Map<String, String> env) {
        if (file == null || !Files.isRegularFile(file)) return null;
        try {
            if (!written(Files.readString(file, StandardCharsets.UTF_8))) {
                dev.postern.model.PrivateTemp.removeWithDirectory(file); // and its private directory
                return null;
            }
        } catch (IOException | RuntimeException e) {
            // unreadable as UTF-8, or not ours to read: kept as it is below
        }
        try {
            file = dev.postern.model.KeptDrafts.settle(file, stateDir(env), dev.postern.model.KeptDrafts.UNSENT);
        } catch (IOException | RuntimeException e) {
            // it stays whole where it is, and is named there
        }
        return "postern: the message you were writing was not sent; it is kept in " + file + ".";
    }

    /** {@link #keep}, its sentence said on this process's standard error. */
    static void say(Path file, Map<String, String> env) {
        String said = keep(file, env);
        if (said != null) Client.say(said);
    }

    /** Whether the draft's text holds something the user wrote: a header with a value (From aside), or a body. */
    static boolean written(String text) {
        String t = text.replace("\r\n", "\n");
        int end = t.indexOf("\n\n");
        if (end >= 0 && !t.substring(end + 2).isBlank()) return true;
        for (String line : (end < 0 ? t : t.substring(0, end)).split("\n")) {
            if (line.isBlank() || line.regionMatches(true, 0, "From:", 0, 5)) continue;
            int colon = line.indexOf(':');
            if (colon < 0 || !line.substring(colon + 1).isBlank()) return true;
        }
        return false;
    }

    /** {@code $XDG_STATE_HOME/postern}, or {@code ~/.local/state/postern} (model.HomeEnv.stateDir). */
    static Path stateDir(Map<String, String> env) {
        return Path.of(dev.postern.model.HomeEnv.stateDir(env));
    }
}
