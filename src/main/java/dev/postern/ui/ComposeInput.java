package dev.postern.ui;

import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.graphics.TextGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The compose screen's one-line input: starts with the current value, edited as every prompt is ({@link LineEdit}),
 * completes on Tab (addresses from the address book, or paths from the file system; the cursor to the end), Enter
 * submits, Esc or Ctrl-G cancels.
 */
final class ComposeInput {
    private String label;
    private final LineEdit text = new LineEdit();
    private Consumer<String> onSubmit;
    private Function<String, String> completer;
    private String hint = "";

    boolean active() { return label != null; }

    void start(String label, String initial, Function<String, String> completer, Consumer<String> onSubmit) {
        this.label = label;
        this.onSubmit = onSubmit;
        this.completer = completer;
        this.hint = "";
        text.set(initial == null ? "" : initial);
    }

    void key(KeyStroke k) {
        switch (k.getKeyType()) {
            case Enter -> {
                Consumer<String> done = onSubmit;
                String value = text.text();
                cancel();
                done.accept(value);
            }
            case Escape -> cancel();
            case Tab -> {
                if (completer != null) {
                    String completed = completer.apply(text.text());
                    if (completed != null) text.set(completed);
                }
            }
            case Character -> {
                if (k.isCtrlDown() && !k.isAltDown() && (k.getCharacter() == 'g' || k.getCharacter() == 'c')) cancel();
                else text.key(k);
            }
            default -> text.key(k);
        }
    }

    /** Pasted text in at the cursor ({@link Paste}). */
    void paste(String s) { text.insert(s); }

    int length() { return text.length(); }

    void setHint(String hint) { this.hint = hint == null ? "" : hint; }

    private void cancel() {
        label = null;
        onSubmit = null;
        completer = null;
        text.clear();
    }

    TerminalPosition draw(TextGraphics g, Palette palette, int row, int width) {
        palette.apply(g, Palette.NORMAL);
        LineEdit.Row shown = LineEdit.row(label, text.chars(), text.cursor(), width);
        Cells.put(g, 0, row, shown.shown(), width);
        if (!hint.isEmpty() && row > 0) Cells.put(g, 0, row - 1, hint, width);
        return new TerminalPosition(Math.max(0, Math.min(width - 1, shown.cursorColumn())), row);
    }

    /** Address completion from what {@code out} knows ({@link dev.postern.compose.Outgoing#completeAddress}); none when it fails. */
    static Function<String, String> addresses(dev.postern.compose.Outgoing out) {
        return addresses(prefix -> {
            try {
                return out.completeAddress(prefix, 10);
            } catch (RuntimeException e) {
                return List.of();
            }
        });
    }

    /** Completes the last address of a comma-separated list with the best match; null when none. */
    static Function<String, String> addresses(Function<String, List<String>> lookup) {
        return text -> {
            int comma = text.lastIndexOf(',');
            String head = comma < 0 ? "" : text.substring(0, comma + 1) + " ";
            String last = (comma < 0 ? text : text.substring(comma + 1)).strip();
            if (last.isEmpty()) return null;
            List<String> hits = lookup.apply(last);
            return hits.isEmpty() ? null : head + hits.get(0);
        };
    }

    /** Completes a path to the longest common prefix of the names that start with what was typed. */
    static Function<String, String> paths(ReaderTerminal terminal) {
        return paths(TypedPath.home(terminal), terminal.directory());
    }

    /** As {@link #paths(ReaderTerminal)} for a person whose HOME is {@code home} and working directory {@code cwd}. */
    static Function<String, String> paths(String home, Path cwd) {
        return text -> {
            String t = text.startsWith("~/") ? home + text.substring(1) : text;
            int slash = t.lastIndexOf('/');
            Path dir = slash < 0 ? cwd : cwd.resolve(slash == 0 ? "/" : t.substring(0, slash));
            String prefix = t.substring(slash + 1);
            List<String> names = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                for (Path p : ds) {
                    String n = p.getFileName().toString();
                    if (n.startsWith(prefix) && (prefix.startsWith(".") || !n.startsWith("."))) {
                        names.add(Files.isDirectory(p) ? n + "/" : n);
                    }
                }
            } catch (IOException | RuntimeException e) {
                return null;
            }
            if (names.isEmpty()) return null;
            String common = names.get(0);
            for (String n : names) {
                int i = 0;
                while (i < common.length() && i < n.length() && common.charAt(i) == n.charAt(i)) i++;
                common = common.substring(0, i);
            }
            String base = slash < 0 ? "" : t.substring(0, slash + 1);
            return base + common;
        };
    }
}
