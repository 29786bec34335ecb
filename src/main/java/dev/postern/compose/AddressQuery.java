package dev.postern.compose;

import dev.postern.config.UserCommand;
import dev.postern.model.PosternException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * {@code address_book_command}, as mutt's query_command (khard, abook, a CardDAV tool): run through sh with the
 * text typed as {@code $1} (and {@code %s} in the command replaced by it, quoted), its output read as mutt reads it:
 * a first line that is a header (ignored), then {@code address<TAB>name<TAB>other} per line. Completion never waits
 * for it: {@link #cached} answers from what earlier queries returned and starts a query for a new prefix in the
 * background; the next Tab has its answer.
 */
public final class AddressQuery {
    private static final int MAX_RESULTS = 200;

    private final String command;
    private final Duration deadline;
    private final Map<String, List<String>> answers = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<List<String>>> running = new ConcurrentHashMap<>();
    private final Consumer<String> onFailure;
    /** Its own thread: a slow address book never holds up the common pool (sending, signatures, store reads). */
    private final java.util.concurrent.Executor runner = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "postern-address-book");
        t.setDaemon(true);
        return t;
    });

    public AddressQuery(String command, Duration deadline, Consumer<String> onFailure) {
        this.command = command;
        this.deadline = deadline;
        this.onFailure = onFailure;
    }

    /** The answer for {@code prefix} if a query for it finished; otherwise starts one (once) and returns nothing yet. */
    public List<String> cached(String prefix) {
        String p = prefix.strip();
        if (p.isEmpty()) return List.of();
        List<String> done = answers.get(p);
        if (done != null) return done;
        start(p);
        return List.of();
    }

    /** Runs (or joins) the query for {@code prefix}; completes with its addresses, or none when it failed. */
    public CompletableFuture<List<String>> start(String prefix) {
        String p = prefix.strip();
        return running.computeIfAbsent(p, k -> CompletableFuture.supplyAsync(() -> {
            List<String> found;
            try {
                found = query(p);
            } catch (PosternException e) {
                onFailure.accept(e.getMessage());
                found = List.of();
            }
            answers.put(p, found);
            running.remove(p);
            return found;
        }, runner));
    }

    /** Blocking: runs the command for {@code prefix} now. */
    public List<String> query(String prefix) {
        String line = command.replace("%s", "'" + prefix.replace("'", "'\\''") + "'");
        return parse(UserCommand.shell("address_book_command", line, List.of(prefix), deadline));
    }

    /** mutt's query format: the first line is a header; then address TAB name [TAB other]. "Name &lt;address&gt;" each. */
    static List<String> parse(String output) {
        List<String> out = new ArrayList<>();
        String[] lines = output.replace("\r\n", "\n").split("\n");
        for (int i = 1; i < lines.length && out.size() < MAX_RESULTS; i++) {
            String[] f = lines[i].split("\t");
            String address = f[0].strip();
            if (address.indexOf('@') <= 0 || address.contains(" ") || address.contains("<")) continue;
            String name = f.length > 1 ? f[1].strip() : "";
            out.add(Addresses.text(name, address)); // "Quux, Z." quoted, a quote or backslash in it escaped
        }
        return out;
    }
}
