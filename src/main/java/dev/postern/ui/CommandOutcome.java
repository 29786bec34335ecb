package dev.postern.ui;

/**
 * What a command run from ':' or a binding came to: its exit code, the text to show, its one-sentence failure
 * (or null), and the typed command's own result, which a screen may finish (a draft to edit).
 */
public record CommandOutcome(int exitCode, String output, String error, dev.postern.command.Result typed) {
    /** The line to show on the status line: the error, else the last line of the text. */
    public String summary() {
        if (error != null && !error.isBlank()) return error.strip();
        String[] lines = output.strip().split("\r?\n");
        return lines.length == 0 ? "" : lines[lines.length - 1].strip();
    }
}
