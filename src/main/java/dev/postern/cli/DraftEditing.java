package dev.postern.cli;

import dev.postern.compose.Built;
import dev.postern.compose.Draft;
import dev.postern.config.AbortNoSubject;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.render.Sanitizer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The batch side's editor round of a draft, shared by reply/forward and recall: a private file, the
 * user's editor on it (the shell lends it the terminal), the question before sending. Each failure says
 * nothing was sent and where the draft is ({@code kept}, e.g. "the draft is in FILE").
 */
final class DraftEditing {
    private DraftEditing() {}

    /**
     * The editor is to run on this command's terminal: where an owner serves the command and has no terminal to lend
     * (its handoff names it), its refusal (75, what to do instead) comes now, before anything is read or drafted.
     */
    static void editorHere(PosternCommand root) {
        PosternCommand.TerminalHandoff handoff = root.terminalHandoff();
        if (handoff != null && handoff.servedBy() != null) handoff.released(() -> { });
    }

    /** {@code text} in {@code draft.txt} of a new owner-only directory (as the reader's draft, ui.DraftOnDisk). */
    static Path write(String text) {
        try {
            Path file = dev.postern.model.PrivateTemp.draftFile("draft.txt");
            Files.writeString(file, text);
            return file;
        } catch (IOException e) {
            throw new PosternException(ExitCode.IOERR, "cannot write the draft file (" + e.getMessage() + "); nothing was sent.", e);
        }
    }

    /**
     * Runs $VISUAL/$EDITOR on {@code file} and returns what it holds afterwards. When the editor cannot be run or ends
     * with a code other than 0, nothing is sent, and the draft moves from the temporary directory to drafts/, where
     * every unsent draft is kept ({@link UnsentDraft#edited}); {@code kept} says where it is for the sentence (e.g. "the
     * draft is in FILE"). An editor that does not exist (126, 127 from the shell) is the setup's fault: 78, naming the
     * variable. One that ran and exited non-zero (vim's {@code :cq}) is the user's "no", as the [y/N] answered no: one
     * sentence on stderr and exit 0 ({@link EditorDeclined}) (hunt 34-C, C5: 75 had a wrapper retry, the draft sat in /tmp).
     */
    static String edit(PosternCommand root, Path file, java.util.function.Function<Path, String> kept) {
        String editor = dev.postern.compose.Editor.command(root.env());
        int[] exit = {0};
        PosternCommand.TerminalHandoff handoff = root.terminalHandoff();
        Runnable run = () -> {
            try {
                // The command is the user's own setting (like git's core.editor); the file is passed as $1.
                ProcessBuilder pb = dev.postern.model.SecretEnv.scrub(
                        new ProcessBuilder("/bin/sh", "-c", editor + " \"$1\"", "postern-editor", file.toString()));
                pb.inheritIO();
                Process p = pb.start();
                // On this process's own terminal a Ctrl-C is the editor's (hunt 42-H, H4); a served door's is its client's.
                exit[0] = handoff == null ? EditorInterrupt.waitFor(p) : p.waitFor();
            } catch (IOException e) {
                throw new PosternException(ExitCode.UNAVAILABLE, Sanitizer.oneLine(dev.postern.model.ProgramStart.sentence("the editor",
                        editor, e.getMessage(), "set $VISUAL or $EDITOR; nothing was sent; " + kept.apply(keep(root, file)))), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PosternException(ExitCode.TEMPFAIL, "interrupted while the editor ran; " + kept.apply(keep(root, file)) + ".");
            }
        };
        if (handoff != null) handoff.released(run);
        else run.run();
        if (exit[0] == 126 || exit[0] == 127) {
            String variable = dev.postern.compose.Editor.variable(root.env());
            throw new PosternException(ExitCode.CONFIG, (variable == null ? "no editor is set and vi" : variable + " (" + Sanitizer.oneLine(editor) + ")")
                    + (exit[0] == 127 ? " names no program that exists" : " names a program that cannot be run") + " (the shell's "
                    + exit[0] + "); set VISUAL or EDITOR to your editor; nothing was sent; " + kept.apply(keep(root, file)) + ".");
        }
        if (exit[0] != 0) {
            throw new EditorDeclined("the editor exited with code " + exit[0] + ", so nothing was sent; "
                    + kept.apply(keep(root, file)) + ".");
        }
        if (!Files.isRegularFile(file)) {
            // Removed, or a directory or FIFO in its place (a read of a FIFO waits for ever): no draft to keep or name
            // (hunt 42-H, H5: "your draft is kept in FILE" named a file that was not there).
            throw new PosternException(ExitCode.IOERR, "the editor left no draft file at " + Sanitizer.oneLine(file.toString())
                    + " (it was removed, or what is there now is not a file); nothing was sent.");
        }
        try {
            byte[] bytes = Files.readAllBytes(file);
            if (!dev.postern.compose.DraftFile.utf8(bytes)) {
                root.err().println("postern: " + dev.postern.compose.DraftFile.NOT_UTF8 + ".");
                root.err().flush();
            }
            return dev.postern.compose.DraftFile.decode(bytes);
        } catch (IOException e) {
            throw new PosternException(ExitCode.IOERR, "cannot read the draft back (" + e.getMessage()
                    + "); nothing was sent; " + kept.apply(keep(root, file)) + ".", e);
        }
    }


    /**
     * The editor ended with a code other than 0 (vim's {@code :cq}, a "no"): nothing was sent and the draft is kept, as
     * when the [y/N] is answered no; the command says so and exits 0.
     */
    static final class EditorDeclined extends PosternException {
        private static final long serialVersionUID = 1L;

        EditorDeclined(String sentence) { super(ExitCode.OK, sentence); }
    }

    /**
     * The editor's file (what it holds now, edited or not) moved to drafts/ as an unsent draft, its temporary directory
     * removed; the file itself when drafts/ cannot be written. Where the draft is now.
     */
    static Path keep(PosternCommand root, Path file) {
        if (!Files.isRegularFile(file)) return file; // nothing to move (and a FIFO's read would wait for ever)
        try {
            return UnsentDraft.edited(root, Files.readAllBytes(file), file).file();
        } catch (IOException | RuntimeException e) {
            return file;
        }
    }

    /**
     * Builds or sends the edited draft by {@code send}. A failure means the message was neither sent nor queued (a
     * refused address 65, a refused login 78, ...): the editor's {@code file} moves to drafts/ ({@link #keep(PosternCommand,
     * Path)}), and the sentence says so and where ({@code kept} of where it is, e.g. "your draft is kept in FILE"), as the
     * editor's own failures do.
     */
    static <T> T keptOnFailure(PosternCommand root, java.util.function.Supplier<T> send, Path file,
            java.util.function.Function<Path, String> kept) {
        try {
            return send.get();
        } catch (PosternException e) {
            // Its data went out with no answer: in the outbox as perhaps delivered, never called unsent (recall said so).
            if (dev.postern.compose.Postman.perhapsSent(e)) throw e;
            // Out of the temporary directory (swept, perhaps a tmpfs) into drafts/, as every kept draft (hunt 37-P, P10).
            throw notSent(e, kept.apply(keep(root, file)));
        }
    }

    /** {@code e}'s sentence, saying nothing was sent (unless it says so) and where the text is ({@code kept}). */
    static PosternException notSent(PosternException e, String kept) {
        String said = e.getMessage().replaceAll("[.]$", "");
        return new PosternException(e.exitCode(), said + (saysNotSent(said) ? "" : "; nothing was sent") + "; " + kept + ".", e);
    }

    private static boolean saysNotSent(String said) {
        return said.contains("nothing was sent") || said.contains("NOT sent") || said.contains("was not sent");
    }

    /**
     * A send from the command line that failed with the message neither sent nor queued (hunt 27, F10: a full data disk
     * failed the outbox, and the text typed on stdin was lost): {@code text} (what the user wrote) is kept owner-only in
     * {@code $XDG_STATE_HOME/postern/drafts/unsent-STAMP.eml}, where the reader keeps its unsent drafts too, and the
     * sentence says the message was not sent and where the draft is. When even that fails, the text is printed on
     * stderr after the sentence: typed text is never lost. A failure after which the message may have gone (its data
     * sent without an answer, {@link dev.postern.compose.Postman#perhapsSent}, or the send interrupted) is left as it is.
     */
    static PosternException keptUnsent(PosternCommand root, PosternException e, byte[] text) {
        return keptUnsent(root, e, text, null);
    }

    /** As {@link #keptUnsent(PosternCommand, PosternException, byte[])}, the text already kept in {@code kept} (or null). */
    static PosternException keptUnsent(PosternCommand root, PosternException e, byte[] text, Path kept) {
        String said = e.getMessage() == null ? "the message could not be sent" : e.getMessage().replaceAll("[.]$", "");
        // An interrupt in another door's wait may have let the send go on; one that cut the send (SendStopped) did not.
        if (dev.postern.compose.Postman.perhapsSent(e)
                || (said.startsWith("interrupted") && !(e instanceof dev.postern.compose.SendStopped))) return e;
        said += saysNotSent(said) ? "" : "; nothing was sent (nor kept in the outbox)";
        if (kept != null) return new PosternException(e.exitCode(), said + "; your draft is kept in " + kept + ".", e);
        if (text == null || new String(text, StandardCharsets.UTF_8).isBlank()) return new PosternException(e.exitCode(), said + ".", e);
        try {
            return new PosternException(e.exitCode(), said + "; your draft is kept in " + keep(TuiSetup.stateDir(root.env()), text) + ".", e);
        } catch (IOException | RuntimeException failed) {
            root.err().println("postern: " + said + "; your draft could not be kept (" + failed.getMessage() + "), so here it is:");
            root.err().println(new String(text, StandardCharsets.UTF_8));
            root.err().flush();
            return new PosternException(e.exitCode(), "the text above was not sent; save it before it scrolls away.", e);
        }
    }

    /** {@code text} in a new file {@code stateDir/drafts/unsent-STAMP.eml}, 0600 in a 0700 directory. */
    static Path keep(Path stateDir, byte[] text) throws IOException {
        return dev.postern.model.KeptDrafts.write(stateDir, dev.postern.model.KeptDrafts.UNSENT, text);
    }

    /**
     * Whether the edited draft {@code d} goes: at once with --yes ({@code yes}), else once the [y/N] is answered y. An
     * empty Subject follows abort_nosubject ({@link AbortNoSubject}), as the reader's compose screen: "ask" names it in
     * the question (--yes answers it), "yes" sends nothing (65) and keeps the draft ({@code kept} of where it is now),
     * "no" asks as for any message. False: not sent, the caller keeps the draft and says so.
     */
    static boolean confirm(PosternCommand root, Draft d, Built m, boolean yes, Path file,
            java.util.function.Function<Path, String> kept) {
        AbortNoSubject rule = d.subject().isBlank() ? AbortNoSubject.load(root.config()) : AbortNoSubject.NO;
        if (rule == AbortNoSubject.YES) {
            throw new PosternException(ExitCode.DATAERR, "the message has no subject and abort_nosubject = \"yes\", so"
                    + " nothing was sent; give it a Subject; " + kept.apply(keep(root, file)) + ".");
        }
        return yes || confirm(root, rule == AbortNoSubject.ASK
                ? "No subject; send to " + String.join(", ", m.recipients()) + " anyway"
                : "Send \"" + d.subject() + "\" to " + String.join(", ", m.recipients()));
    }

    /** "QUESTION? [y/N]" on the terminal (or the shell's line reader); true only for y or yes. */
    private static boolean confirm(PosternCommand root, String asked) {
        String question = Sanitizer.oneLine(asked) + "? [y/N] ";
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

    /** Removes the draft file and its private directory, with what the editor left there (swap, backup files). */
    static void delete(Path file) {
        dev.postern.model.PrivateTemp.removeWithDirectory(file);
    }
}
