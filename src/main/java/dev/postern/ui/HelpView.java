package dev.postern.ui;

import com.googlecode.lanterna.graphics.TextGraphics;
import dev.postern.render.Sanitizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The '?' screen: what the keys do where the user is, generated from the key map (the built-in bindings
 * with the user's file laid over them), so it cannot drift from the real bindings. In the index: [index]
 * then the [global] keys it does not override; in the pager: [pager] then [global]; on the compose review
 * screen: [compose]. One line a command: its keys, the command line, the one-line description.
 */
final class HelpView {
    /** One line of the screen: a section title when {@code command} is null. */
    record Line(String keys, String command, String description) {
        boolean title() { return command == null; }
    }

    private final KeyMap keys;
    private final CommandRegistry batch; // the reader's own and the typed commands
    private String context = KeyMap.INDEX;
    private int skip;

    HelpView(KeyMap keys, CommandRegistry batch) {
        this.keys = keys;
        this.batch = batch;
    }

    /** Shows the keys of {@code context} (a {@link KeyMap} section), from the top. */
    void open(String context) {
        this.context = context;
        this.skip = 0;
    }

    String context() { return context; }

    /** Scrolls the list; clamped when drawn. */
    void scroll(int delta) { skip = Math.max(0, skip + delta); }

    /** The lines for a context: its own section, then (except on the compose screen) what [global] adds. */
    static List<Line> lines(KeyMap keys, String context, CommandRegistry batch) {
        if (batch == null) batch = CommandRegistry.uiOnly();
        List<Line> out = new ArrayList<>();
        Map<String, List<String>> own = keys.own(context);
        Map<String, List<String>> mine = new LinkedHashMap<>();
        own.forEach((k, v) -> { if (!v.equals(List.of(KeyMap.UNBIND))) mine.put(k, v); });
        section(out, "[" + context + "]", mine, batch);
        if (!context.equals(KeyMap.COMPOSE) && !context.equals(KeyMap.GLOBAL)) {
            Map<String, List<String>> global = new LinkedHashMap<>();
            keys.effective(context).forEach((k, v) -> { if (!own.containsKey(k)) global.put(k, v); });
            section(out, "[global]", global, batch);
        }
        return out;
    }

    /** Keys bound to the same command line share a line, in the order the bindings were made. */
    private static void section(List<Line> out, String title, Map<String, List<String>> bindings, CommandRegistry batch) {
        Map<List<String>, List<String>> byCommand = new LinkedHashMap<>();
        bindings.forEach((k, v) -> byCommand.computeIfAbsent(v, x -> new ArrayList<>()).add(k));
        out.add(new Line(title, null, null));
        if (byCommand.isEmpty()) out.add(new Line("", "", "(no keys of its own: the ones below apply)"));
        byCommand.forEach((command, k) -> out.add(new Line(Sanitizer.oneLine(String.join(" ", k)),
                Sanitizer.oneLine(shown(command)), describe(command, batch))));
    }

    /** The command line as it would be written in a bindings file (words with spaces quoted). */
    private static String shown(List<String> words) {
        List<String> q = new ArrayList<>();
        for (String w : words) q.add(CommandWords.quote(w));
        return String.join(" ", q);
    }

    private static String describe(List<String> commandLine, CommandRegistry batch) {
        String name = commandLine.isEmpty() ? "" : commandLine.get(0);
        String d = KeyMap.DESCRIPTIONS.get(name);
        if (d != null && (commandLine.size() == 1 || KeyMap.TAKES_ARGUMENT.contains(name))) return d;
        String own = Sanitizer.oneLine(batch.description(name));
        String where = batch.takesMessages(name) ? " (the message, or the tagged ones)" : "";
        return (own.isEmpty() ? "see postern " + Sanitizer.oneLine(name) + " --help" : own) + where;
    }

    void draw(TextGraphics g, Palette palette, int row0, int width, int height) {
        palette.apply(g, Palette.PAGER_HEADER);
        String where = switch (context) {
            case KeyMap.PAGER -> "in the pager";
            case KeyMap.COMPOSE -> "on the review screen";
            default -> "in the index";
        };
        // Short enough for 80 columns; a narrower screen keeps the start, ending in "…" (hunt33-Z Z12).
        Cells.put(g, 0, row0, StatusLine.cut("postern keys " + where + " (q, Esc or ? closes; j/k, PgDn/PgUp scroll)", width),
                width);
        List<Line> lines = lines(keys, context, batch);
        int keyWidth = 4;
        int commandWidth = 8;
        for (Line l : lines) {
            if (l.title()) continue;
            keyWidth = Math.max(keyWidth, Math.min(20, Cells.width(l.keys())));
            commandWidth = Math.max(commandWidth, Math.min(30, Cells.width(l.command())));
        }
        // Rows at this width: a description longer than its column goes on over the rows below it, aligned,
        // so every word is seen at 80 columns (none is cut off at the edge).
        List<String[]> shown = new ArrayList<>();
        int descAt = 2 + keyWidth + 1 + commandWidth + 1;
        for (Line l : lines) {
            if (l.title()) {
                shown.add(new String[] {l.keys(), Palette.PAGER_HEADER});
                continue;
            }
            String lead = l.command().isEmpty() ? "  " : "  " + Cells.fit(l.keys(), keyWidth) + " " + Cells.fit(l.command(), commandWidth) + " ";
            int indent = l.command().isEmpty() ? 2 : descAt;
            if (width - Cells.width(lead) < 20) {
                // Too narrow for three columns (a 40-column terminal): the command name goes, as it is the least
                // read, and the keys (cut with "…" past a third of the row) keep the description beside them.
                int kw = Math.min(keyWidth, Math.max(1, width / 3));
                lead = l.command().isEmpty() ? "  " : "  " + Cells.fit(StatusLine.cut(l.keys(), kw), kw) + " ";
                indent = Cells.width(lead);
            }
            List<String> parts = StatusLine.wrap(l.description(), Math.max(1, width - Cells.width(lead)));
            for (int i = 0; i < parts.size(); i++) {
                shown.add(new String[] {(i == 0 ? lead : " ".repeat(indent)) + parts.get(i), Palette.NORMAL});
            }
        }
        int rows = Math.max(1, height - 2);
        skip = Math.max(0, Math.min(skip, shown.size() - rows));
        int r = row0 + 2;
        for (int i = skip; i < shown.size() && r < row0 + height; i++) {
            palette.apply(g, shown.get(i)[1]);
            Cells.put(g, 0, r++, shown.get(i)[0], width);
        }
    }
}
