package dev.postern.ui;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.slf4j.LoggerFactory;

/**
 * The ':' prompt's history, one command line a line in {@code $XDG_STATE_HOME/postern/history}; the newest
 * {@value #MAX} kept. Saved off the UI thread (on {@code io}), by writing a new file and renaming it.
 */
final class History {
    static final int MAX = 1000;
    private final Path file;
    private final Executor io;
    private final List<String> lines = new ArrayList<>();

    History(Path file, Executor io) {
        this.file = file;
        this.io = io;
    }

    /** Reads the file; a missing or unreadable one is an empty history (logged), never an error. */
    static History load(Path file, Executor io) {
        History h = new History(file, io);
        if (file != null && Files.isRegularFile(file)) {
            try {
                for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) if (!l.isBlank()) h.lines.add(l);
            } catch (IOException e) {
                LoggerFactory.getLogger(History.class).warn("cannot read history {}", file, e);
            }
            while (h.lines.size() > MAX) h.lines.remove(0);
        }
        return h;
    }

    int size() { return lines.size(); }

    /** Entry {@code i} counted from the oldest. */
    String get(int i) { return lines.get(i); }

    void add(String line) {
        if (line.isBlank() || line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) return;
        lines.remove(line); // once, at its newest place
        lines.add(line);
        while (lines.size() > MAX) lines.remove(0);
        if (file == null) return;
        List<String> snapshot = List.copyOf(lines);
        io.execute(() -> save(snapshot));
    }

    private void save(List<String> snapshot) {
        try {
            dev.postern.model.OwnerOnly.directories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, snapshot, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            LoggerFactory.getLogger(History.class).warn("cannot save history {}", file, e);
        }
    }
}
