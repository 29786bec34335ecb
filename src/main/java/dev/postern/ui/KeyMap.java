package dev.postern.ui;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Key strings ("j", "G", "&lt;Down&gt;", "&lt;C-c&gt;") to command names. Views act on command names only,
 * so bindings can later come from a file and the same names can be run from a ':' prompt or the CLI.
 * Each view reads a command in its own terms: "next" moves the index cursor but scrolls the pager.
 */
public final class KeyMap {
    public static final String NEXT = "next";
    public static final String PREV = "prev";
    public static final String OPEN = "open";
    public static final String QUIT = "quit";
    public static final String BACK = "back";
    public static final String EXIT = "exit";
    public static final String FIRST = "first";
    public static final String LAST = "last";
    public static final String PAGE_DOWN = "page-down";
    public static final String PAGE_UP = "page-up";
    public static final String SEARCH = "search";
    public static final String HELP = "help";
    public static final String CHANGE_FOLDER = "change-folder";
    public static final String FOCUS_SIDEBAR = "focus-sidebar";
    public static final String NEXT_MESSAGE = "next-message";
    public static final String PREV_MESSAGE = "prev-message";
    public static final String SAVE_ATTACHMENT = "save-attachment";
    public static final String FETCH_ATTACHMENTS = "fetch-attachments";
    public static final String TAG = "tag";
    public static final String TAG_PREFIX = "tag-prefix";
    public static final String TOGGLE_READ = "toggle-read";
    public static final String TOGGLE_FLAG = "toggle-flag";
    public static final String DELETE = "delete";
    public static final String MOVE = "move";
    public static final String COPY = "copy";
    public static final String COMPOSE = "compose";
    public static final String REPLY = "reply";
    public static final String REPLY_ALL = "reply-all";
    public static final String FORWARD = "forward";

    /** One-line descriptions for the help screen, in the order it lists them. */
    static final Map<String, String> DESCRIPTIONS = descriptions();

    private final Map<String, String> bindings = new LinkedHashMap<>();

    public static KeyMap defaults() {
        return new KeyMap()
                .bind("j", NEXT).bind("<Down>", NEXT)
                .bind("k", PREV).bind("<Up>", PREV)
                .bind("<Enter>", OPEN)
                .bind("q", QUIT)
                .bind("i", BACK).bind("<Esc>", BACK)
                .bind("<C-c>", EXIT)
                .bind("=", FIRST).bind("<Home>", FIRST)
                .bind("G", LAST).bind("<End>", LAST)
                .bind("<PageDown>", PAGE_DOWN).bind("<Space>", PAGE_DOWN)
                .bind("<PageUp>", PAGE_UP).bind("-", PAGE_UP)
                .bind("/", SEARCH)
                .bind("?", HELP)
                .bind("c", CHANGE_FOLDER)
                .bind("<Tab>", FOCUS_SIDEBAR)
                .bind("J", NEXT_MESSAGE).bind("n", NEXT_MESSAGE)
                .bind("K", PREV_MESSAGE).bind("p", PREV_MESSAGE)
                .bind("s", SAVE_ATTACHMENT)
                .bind("A", FETCH_ATTACHMENTS)
                .bind("t", TAG).bind(";", TAG_PREFIX)
                .bind("N", TOGGLE_READ).bind("F", TOGGLE_FLAG)
                .bind("d", DELETE).bind("M", MOVE).bind("C", COPY)
                .bind("m", COMPOSE).bind("r", REPLY).bind("g", REPLY_ALL).bind("f", FORWARD);
    }

    public KeyMap bind(String key, String command) {
        bindings.put(key, command);
        return this;
    }

    public Optional<String> command(KeyStroke key) {
        String name = keyName(key);
        return name == null ? Optional.empty() : Optional.ofNullable(bindings.get(name));
    }

    public Map<String, String> bindings() { return Collections.unmodifiableMap(bindings); }

    /** Keys bound to a command, in binding order (for the help screen). */
    public List<String> keysFor(String command) {
        List<String> keys = new ArrayList<>();
        bindings.forEach((k, c) -> { if (c.equals(command)) keys.add(k); });
        return keys;
    }

    /** The key string of a keystroke, or null for keys with no name (mouse events, unknown sequences). */
    public static String keyName(KeyStroke k) {
        if (k == null) return null;
        if (k.getKeyType() == KeyType.Character) {
            char c = k.getCharacter();
            if (k.isCtrlDown() && Character.isLetter(c)) return "<C-" + Character.toLowerCase(c) + ">";
            if (k.isAltDown()) return "<M-" + c + ">";
            return c == ' ' ? "<Space>" : String.valueOf(c);
        }
        switch (k.getKeyType()) {
            case ArrowDown: return "<Down>";
            case ArrowUp: return "<Up>";
            case ArrowLeft: return "<Left>";
            case ArrowRight: return "<Right>";
            case Enter: return "<Enter>";
            case PageDown: return "<PageDown>";
            case PageUp: return "<PageUp>";
            case Home: return "<Home>";
            case End: return "<End>";
            case Tab: return "<Tab>";
            case Escape: return "<Esc>";
            case Backspace: return "<Backspace>";
            case Delete: return "<Delete>";
            default: return null;
        }
    }

    private static Map<String, String> descriptions() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put(NEXT, "next message / scroll down a line");
        d.put(PREV, "previous message / scroll up a line");
        d.put(OPEN, "open message or folder");
        d.put(FIRST, "first message / top of message");
        d.put(LAST, "last message / end of message");
        d.put(PAGE_DOWN, "page down");
        d.put(PAGE_UP, "page up");
        d.put(NEXT_MESSAGE, "next message (in the pager)");
        d.put(PREV_MESSAGE, "previous message (in the pager)");
        d.put(SAVE_ATTACHMENT, "save attachments (in the pager)");
        d.put(FETCH_ATTACHMENTS, "download attachments not yet fetched and show their text");
        d.put(TAG, "tag / untag the message (in the index)");
        d.put(TAG_PREFIX, "apply the next action to the tagged messages");
        d.put(TOGGLE_READ, "toggle read / unread");
        d.put(TOGGLE_FLAG, "toggle flagged");
        d.put(DELETE, "delete to Trash (asks first)");
        d.put(MOVE, "move to a folder (asks which)");
        d.put(COPY, "copy to a folder (asks which)");
        d.put(SEARCH, "search subjects forward");
        d.put(CHANGE_FOLDER, "change folder");
        d.put(FOCUS_SIDEBAR, "move focus to / from the sidebar");
        d.put(BACK, "back to the index");
        d.put(HELP, "this help");
        d.put(QUIT, "back; quit from the index");
        d.put(EXIT, "quit at once");
        d.put(COMPOSE, "write a new message");
        d.put(REPLY, "reply to the sender");
        d.put(REPLY_ALL, "reply to the sender and every recipient");
        d.put(FORWARD, "forward (asks: inline or as attachment)");
        return Collections.unmodifiableMap(d);
    }
}
