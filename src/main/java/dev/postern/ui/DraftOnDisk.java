package dev.postern.ui;

import dev.postern.compose.Draft;
import dev.postern.compose.DraftFile;
import dev.postern.render.Sanitizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The review screen's draft file: owner-only, in an owner-only directory of its own in the temporary directory
 * ({@link dev.postern.model.PrivateTemp#draftFile}, removed with it); written before each round in the editor
 * and read back after it. Deleted once the message is sent, postponed or discarded; kept, with what the review
 * screen shows, when the reader ends with the message still open ({@link #keep}), so that quitting never loses it.
 * At send ({@link #aheadOfSend}) it is the unsent draft in the state directory's drafts/, as the batch doors write
 * theirs, until the postman records the message in the outbox just before its final dot ({@link #delete}, on the
 * sending thread): a kill -9 leaves the draft or the outbox entry, never both. Its methods are synchronized: the UI
 * thread, the sending thread and the reader's end (a shutdown hook) reach it.
 */
final class DraftOnDisk {
    private Path file;
    private boolean recorded; // the send under way is in the outbox (perhaps delivered): its draft went

    private DraftOnDisk(Path file) {
        this.file = file;
    }

    /** A new draft file, owner-only, alone in an owner-only directory (the editor's swap and backup files go there). */
    static DraftOnDisk create() throws IOException {
        return new DraftOnDisk(dev.postern.model.PrivateTemp.draftFile("draft.eml"));
    }

    synchronized Path path() { return file; }

    /** {@code d} written to the file; a new temporary one when the last went with the send that failed after its dot. */
    synchronized void write(Draft d) throws IOException {
        if (file == null) file = create().file;
        Files.writeString(file, DraftFile.write(d), StandardCharsets.UTF_8);
    }

    /** {@code d} written for the editor's next round; the file as it is when the last round's edit was refused. */
    synchronized void writeForEditor(Draft d) throws IOException {
        if (reopen && file != null && Files.isRegularFile(file)) {
            reopen = false;
            return;
        }
        write(d);
    }

    /**
     * What the editor left, as {@link DraftFile#decode} reads it; {@link #notUtf8} says whether it was not UTF-8. A
     * draft {@link DraftFile#read} refuses (a line in its header that is no field: hunt 37-P, P15) leaves {@code before}
     * as it was: {@link #refused} says why, a copy of the edit is kept in {@code stateDir}/drafts (what ends the reader
     * next writes the file over) and the next round in the editor opens it again.
     */
    synchronized Draft read(Draft before, Path stateDir) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        notUtf8 = !DraftFile.utf8(bytes);
        refused = null;
        try {
            return DraftFile.read(DraftFile.decode(bytes), before);
        } catch (dev.postern.model.PosternException e) {
            Path kept = copy(bytes, stateDir);
            reopen = true;
            refused = Character.toUpperCase(e.getMessage().charAt(0)) + e.getMessage().substring(1) + "; the message is as"
                    + " it was" + (kept == null ? "" : ", your edit is kept in " + Sanitizer.oneLine(kept.toString()))
                    + ", and e opens it again.";
            return before;
        }
    }

    /** Why the last {@link #read} left the draft as it was, as the status line says it; null when it was read. */
    synchronized String refused() { return refused; }

    private String refused;
    private boolean reopen;

    /** {@code bytes} in a new owner-only file {@code stateDir}/drafts/unsent-STAMP.eml; null when it cannot be written. */
    private static Path copy(byte[] bytes, Path stateDir) {
        if (stateDir == null) return null;
        try {
            return dev.postern.model.KeptDrafts.write(stateDir, dev.postern.model.KeptDrafts.UNSENT, bytes);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The notice for the status line when the last {@link #read} was not UTF-8 (read as windows-1252), else null. */
    synchronized String notUtf8() {
        return notUtf8 ? Character.toUpperCase(DraftFile.NOT_UTF8.charAt(0)) + DraftFile.NOT_UTF8.substring(1) + "." : null;
    }

    private boolean notUtf8;

    /**
     * The message as it is sent, {@code d}, written and moved to {@code stateDir}/drafts as the unsent draft (owner-only),
     * where a kill before the final dot leaves it; the path, or null when it could not be (it stays where it was).
     */
    synchronized Path aheadOfSend(Draft d, Path stateDir) {
        try {
            write(d);
        } catch (IOException e) {
            return null;
        }
        recorded = false;
        Path moved = settle(file, stateDir);
        if (moved == null || moved.equals(file) && (stateDir == null || !file.startsWith(stateDir))) return null;
        file = moved;
        return moved;
    }

    /** The postman recorded the message in the outbox just before its final dot: the unsent draft goes (send's rule). */
    synchronized void recorded() {
        delete();
        recorded = true;
    }

    /** Whether the last send's message was recorded in the outbox before its final dot ({@link #recorded()}). */
    synchronized boolean wasRecorded() { return recorded; }

    synchronized void delete() {
        if (file == null) return;
        dev.postern.model.PrivateTemp.removeWithDirectory(file); // and its directory, with what the editor left there
        file = null;
    }

    /**
     * {@code d} written to the file, which is kept and returned; null (the file deleted) when {@code d} holds nothing
     * the user wrote: no recipient, subject, body or attachment.
     */
    synchronized Path keep(Draft d) {
        if (d.to().isEmpty() && d.cc().isEmpty() && d.bcc().isEmpty() && d.subject().isBlank() && d.body().isBlank()
                && d.attachments().isEmpty()) {
            delete();
            return null;
        }
        try {
            write(d); // a new file when the send's record took the last, and the message is still open
        } catch (IOException e) {
            // the file keeps what the editor last saved
            if (file == null) return null;
        }
        Path kept = file;
        file = null;
        return kept;
    }

    /**
     * A kept draft moved out of the temporary directory into {@code stateDir}/drafts (owner-only), where it outlives a
     * reboot: /tmp is a tmpfs on Debian 13 and is swept of old files. Returns where it is now: its old place when
     * there is no state directory or the move fails (the file is still whole there).
     */
    static Path settle(Path kept, Path stateDir) {
        return settle(kept, stateDir, dev.postern.model.KeptDrafts.UNSENT);
    }

    /** As {@link #settle(Path, Path)}, named {@code prefix}DATE-TIME.eml ("perhaps-sent-": the server may have it). */
    static Path settle(Path kept, Path stateDir, String prefix) {
        if (kept == null || stateDir == null) return kept;
        try {
            Path dir = stateDir.resolve("drafts");
            if (dir.equals(kept.getParent()) && kept.getFileName().toString().startsWith(prefix)) return kept; // there already
            return dev.postern.model.KeptDrafts.settle(kept, stateDir, prefix);
        } catch (IOException | RuntimeException e) {
            return kept;
        }
    }

    /**
     * What the reader says once at its start when {@code stateDir}/drafts holds unsent drafts (a send cut or killed
     * before its final dot, a reader that ended with a message open): how many and where, or null for none.
     */
    static String unsentNotice(Path stateDir) {
        if (stateDir == null) return null;
        Path dir = stateDir.resolve("drafts");
        if (!Files.isDirectory(dir)) return null;
        long n;
        try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            n = s.filter(f -> f.getFileName().toString().startsWith(dev.postern.model.KeptDrafts.UNSENT)).count();
        } catch (IOException | RuntimeException e) {
            return null;
        }
        if (n == 0) return null;
        return n + (n == 1 ? " unsent draft is" : " unsent drafts are") + " kept in " + Sanitizer.oneLine(dir.toString())
                + " (postern send < FILE sends one; delete it once done).";
    }
}
