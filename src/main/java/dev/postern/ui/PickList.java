package dev.postern.ui;

import com.googlecode.lanterna.graphics.TextGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.postern.render.Sanitizer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A short full-screen list to pick from (the postponed drafts of recall, the messages in the outbox): the
 * index's keys move (next/prev/first/last), open chooses, quit/back leaves, delete drops (asks y/N) when the
 * list allows it. Every line is sanitised here.
 */
final class PickList<T> {
    private final String title;
    private final String hint;
    private final List<T> items;
    private final Function<T, String> line;
    private final Consumer<T> choose; // null: read-only
    private final Consumer<T> drop;   // null: nothing to drop
    private final Function<T, String> dropQuestion;
    private int cursor;
    private T confirming;

    PickList(String title, String hint, List<T> items, Function<T, String> line, Consumer<T> choose,
            Consumer<T> drop, Function<T, String> dropQuestion) {
        this.title = title;
        this.hint = hint;
        this.items = new ArrayList<>(items);
        this.line = line;
        this.choose = choose;
        this.drop = drop;
        this.dropQuestion = dropQuestion;
    }

    /** What a key did to the list. */
    enum After { STAY, CLOSE, CHOSEN }

    /** A key; CLOSE when the list is left, CHOSEN when an item was chosen (the chooser takes it from there). */
    After key(KeyStroke k, KeyMap keys, StatusLine status) {
        if (confirming != null) {
            T t = confirming;
            confirming = null;
            if (k.getKeyType() == KeyType.Character && !k.isCtrlDown() && (k.getCharacter() == 'y' || k.getCharacter() == 'Y')) {
                items.remove(t);
                cursor = Math.max(0, Math.min(cursor, items.size() - 1));
                drop.accept(t);
            } else {
                status.notice("Not dropped.");
            }
            return After.STAY;
        }
        String name = KeyMap.keyName(k);
        if (name == null) return After.STAY;
        if (!(keys.lookup(KeyMap.INDEX, name) instanceof KeyMap.Bound b) || b.commandLine().size() != 1) return After.STAY;
        switch (b.commandLine().get(0)) {
            case KeyMap.NEXT, KeyMap.NEXT_MESSAGE -> cursor = Math.min(cursor + 1, Math.max(0, items.size() - 1));
            case KeyMap.PREV, KeyMap.PREV_MESSAGE -> cursor = Math.max(cursor - 1, 0);
            case KeyMap.FIRST -> cursor = 0;
            case KeyMap.LAST -> cursor = Math.max(0, items.size() - 1);
            case KeyMap.OPEN -> {
                if (choose != null && !items.isEmpty()) {
                    choose.accept(items.get(cursor));
                    return After.CHOSEN;
                }
            }
            case KeyMap.DELETE -> {
                if (drop != null && !items.isEmpty()) {
                    confirming = items.get(cursor);
                    status.notice(dropQuestion.apply(confirming) + " (y/N)");
                }
            }
            case KeyMap.QUIT, KeyMap.BACK -> { return After.CLOSE; }
            default -> { }
        }
        return After.STAY;
    }

    void draw(TextGraphics g, Palette palette, int width, int rows) {
        palette.apply(g, Palette.PAGER_HEADER);
        Cells.put(g, 0, 0, Sanitizer.oneLine(title), width);
        int first = 1;
        int room = Math.max(0, rows - 2);
        int top = cursor >= room ? cursor - room + 1 : 0;
        for (int i = 0; i < room && top + i < items.size(); i++) {
            palette.apply(g, top + i == cursor ? Palette.INDEX_SELECTED : Palette.NORMAL);
            Cells.put(g, 0, first + i, Cells.fit(Sanitizer.oneLine(line.apply(items.get(top + i))), width), width);
        }
        if (items.isEmpty() && rows > 1) {
            palette.apply(g, Palette.NORMAL);
            Cells.put(g, 0, 1, "(nothing left)", width);
        }
        if (rows > 0) {
            palette.apply(g, Palette.STATUS);
            Cells.put(g, 0, rows - 1, hint, width);
        }
    }
}
