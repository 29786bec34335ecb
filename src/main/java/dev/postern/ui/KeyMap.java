package dev.postern.ui;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
    public static final String OPEN_ATTACHMENT = "open-attachment";
    public static final String TAG = "tag";
    public static final String TAG_PREFIX = "tag-prefix";
    public static final String TOGGLE_READ = "toggle-read";
    public static final String TOGGLE_FLAG = "toggle-flag";
    public static final String DELETE = "delete";
    public static final String MOVE = "move";
    public static final String COPY = "copy";
    public static final String MAIL = "mail";
    public static final String RECALL = "recall";
    public static final String REPLY = "reply";
    public static final String REPLY_ALL = "reply-all";
    public static final String REPLY_LIST = "reply-list";
    public static final String BOUNCE = "bounce-message";
    public static final String FORWARD = "forward";
    public static final String COMMAND_PROMPT = "command-prompt";
    public static final String SORT_NEXT = "sort-next";
    public static final String SORT_REVERSE = "sort-reverse";
    public static final String TOGGLE_THREADS = "toggle-threads";
    public static final String COLLAPSE_THREAD = "collapse-thread";
    public static final String COLLAPSE_ALL = "collapse-all";
    public static final String LIMIT = "limit";
    public static final String TOGGLE_HEADERS = "toggle-headers";
    public static final String SEARCH_NEXT = "search-next";
    public static final String TOGGLE_SIDEBAR = "toggle-sidebar";
    public static final String TOGGLE_SPLIT = "toggle-split";
    public static final String PIPE = "pipe-message";
    public static final String PIPE_DECODED = "pipe-decoded";
    public static final String OPEN_LINK = "open-link";
    public static final String SIGN_IN = "sign-in";


    /** The command that removes a key's binding ({@code x = unbind}); in a context section it also hides [global]'s. */
    public static final String UNBIND = "unbind";

    public static final String GLOBAL = "global";
    public static final String INDEX = "index";
    public static final String PAGER = "pager";
    public static final String COMPOSE = "compose";
    /** The sections of a bindings file; a key is looked up in its view's context, then in global. */
    public static final List<String> CONTEXTS = List.of(GLOBAL, INDEX, PAGER, COMPOSE);

    /** UI commands that take the rest of their command line as one argument ({@code change-folder INBOX}). */
    public static final Set<String> TAKES_ARGUMENT = Set.of(CHANGE_FOLDER, SEARCH);

    /** One-line descriptions for the help screen, in the order it lists them; also the set of UI command names. */
    static final Map<String, String> DESCRIPTIONS = descriptions();

    /** The default bindings shipped in the jar. */
    static final String DEFAULT_RESOURCE = "/dev/postern/ui/bindings.default";

    private static final List<String> UNBOUND = List.of(UNBIND);

    /** context -> key sequence ("j", "gi", "&lt;C-x&gt;c") -> command line (words). */
    private final Map<String, Map<String, List<String>>> contexts = new LinkedHashMap<>();

    public KeyMap() {
        for (String c : CONTEXTS) contexts.put(c, new LinkedHashMap<>());
    }

    /** The bindings of {@code bindings.default} in the jar. */
    public static KeyMap defaults() {
        try (java.io.InputStream in = KeyMap.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) throw new IllegalStateException("bindings.default missing from the jar");
            String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return BindingsFile.parse("bindings.default (built in)", text, new KeyMap(), CommandRegistry.uiOnly());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A copy, so a user's file can be laid over the defaults without changing them. */
    public KeyMap copy() {
        KeyMap k = new KeyMap();
        contexts.forEach((c, m) -> k.contexts.get(c).putAll(m));
        return k;
    }

    /** Binds a key in [global] to a command line ("next", "change-folder INBOX"). */
    public KeyMap bind(String key, String command) {
        return bind(GLOBAL, key, CommandWords.split(command));
    }

    /** Binds a key sequence in a context; {@code [unbind]} removes it there. */
    public KeyMap bind(String context, String keys, List<String> commandLine) {
        Map<String, List<String>> m = contexts.get(context);
        if (m == null) throw new IllegalArgumentException("unknown context " + context);
        if (commandLine.equals(UNBOUND)) {
            if (context.equals(GLOBAL)) m.remove(keys);
            else m.put(keys, UNBOUND); // hides the global binding in this context
        } else {
            m.remove(keys); // re-insert: the newest binding is listed last
            m.put(keys, List.copyOf(commandLine));
        }
        return this;
    }

    /** What a key sequence typed in a view does. */
    public sealed interface Lookup permits Bound, Prefix, Unbound {}
    /** The sequence is bound to this command line. */
    public record Bound(List<String> commandLine) implements Lookup {}
    /** The sequence starts a longer binding: wait for the next key. */
    public record Prefix() implements Lookup {}
    /** Nothing is bound to it. */
    public record Unbound() implements Lookup {}

    /** Looks a sequence up in {@code context}, then in [global]. */
    public Lookup lookup(String context, String sequence) {
        Map<String, List<String>> effective = effective(context);
        List<String> cmd = effective.get(sequence);
        if (cmd != null) return new Bound(cmd);
        for (String k : effective.keySet()) if (k.startsWith(sequence)) return new Prefix();
        return new Unbound();
    }

    /** One context's own key -> command line words, "unbind" where it hides a global key (for the help screen). */
    Map<String, List<String>> own(String context) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(contexts.get(context)));
    }

    /** [global] overlaid with the context's own bindings, unbound keys removed. */
    Map<String, List<String>> effective(String context) {
        Map<String, List<String>> out = new LinkedHashMap<>(contexts.get(GLOBAL));
        if (!context.equals(GLOBAL)) {
            contexts.getOrDefault(context, Map.of()).forEach((k, v) -> {
                if (v.equals(UNBOUND)) out.remove(k);
                else out.put(k, v);
            });
        }
        return out;
    }

    /** The command name a single key runs in [global] (the first word of its command line). */
    public Optional<String> command(KeyStroke key) {
        String name = keyName(key);
        if (name == null) return Optional.empty();
        List<String> cmd = contexts.get(GLOBAL).get(name);
        return cmd == null ? Optional.empty() : Optional.of(String.join(" ", cmd));
    }

    /** The command line a single key runs in a context (the context's own binding, else [global]'s). */
    public Optional<String> command(String context, KeyStroke key) {
        String name = keyName(key);
        if (name == null) return Optional.empty();
        return lookup(context, name) instanceof Bound b ? Optional.of(String.join(" ", b.commandLine())) : Optional.empty();
    }

    /** [global]'s key -> command line, in binding order. */
    public Map<String, String> bindings() { return bindings(GLOBAL); }

    /** One context's own key -> command line ("unbind" where it hides a global key). */
    public Map<String, String> bindings(String context) {
        Map<String, String> out = new LinkedHashMap<>();
        contexts.get(context).forEach((k, v) -> out.put(k, String.join(" ", v)));
        return Collections.unmodifiableMap(out);
    }

    /** Keys bound to a command line, in binding order (for the help screen): [index]'s view of the keys. */
    public List<String> keysFor(String command) {
        List<String> keys = new ArrayList<>();
        effective(INDEX).forEach((k, c) -> { if (String.join(" ", c).equals(command)) keys.add(k); });
        return keys;
    }

    /** Every context's bindings that no key can reach because a shorter sequence is bound: key -> the shorter one. */
    Map<String, String> shadowed(String context) {
        Map<String, List<String>> m = effective(context);
        Map<String, String> out = new LinkedHashMap<>();
        for (String longer : m.keySet()) {
            for (String shorter : m.keySet()) {
                if (longer.length() > shorter.length() && longer.startsWith(shorter)) out.put(longer, shorter);
            }
        }
        return out;
    }

    /** The key string of a keystroke, or null for keys with no name (mouse events, unknown sequences). */
    public static String keyName(KeyStroke k) {
        if (k == null) return null;
        if (k.getKeyType() == KeyType.Character) {
            char c = k.getCharacter();
            if (k.isCtrlDown() && Character.isLetter(c)) return "<C-" + Character.toLowerCase(c) + ">";
            if (k.isAltDown()) return "<M-" + c + ">";
            if (c == '<') return "<lt>"; // so "<Up>" in a bindings file is never read as four keys
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
            case Insert: return "<Insert>";
            case ReverseTab: return "<BackTab>";
            case F1: return "<F1>";
            case F2: return "<F2>";
            case F3: return "<F3>";
            case F4: return "<F4>";
            case F5: return "<F5>";
            case F6: return "<F6>";
            case F7: return "<F7>";
            case F8: return "<F8>";
            case F9: return "<F9>";
            case F10: return "<F10>";
            case F11: return "<F11>";
            case F12: return "<F12>";
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
        d.put(SAVE_ATTACHMENT, "save attachments, or N | cmd pipes one (in the pager)");
        d.put(OPEN_ATTACHMENT, "open an attachment with its mailcap viewer (in the pager)");
        d.put(FETCH_ATTACHMENTS, "download attachments not yet fetched and show their text");
        d.put(TAG, "tag / untag the message (in the index)");
        d.put(TAG_PREFIX, "apply the next action to the tagged messages");
        d.put(TOGGLE_READ, "toggle read / unread");
        d.put(TOGGLE_FLAG, "toggle flagged");
        d.put(DELETE, "delete to Trash (asks first)");
        d.put(MOVE, "move to a folder (asks which)");
        d.put(COPY, "copy to a folder (asks which)");
        d.put(SEARCH, "search subjects forward / search in the message");
        d.put(CHANGE_FOLDER, "change folder");
        d.put(FOCUS_SIDEBAR, "move focus to / from the sidebar");
        d.put(BACK, "back to the index");
        d.put(COMMAND_PROMPT, "type a command (Tab completes, Up/Down recall)");
        d.put(HELP, "this help");
        d.put(QUIT, "back; quit from the index");
        d.put(EXIT, "quit at once (Ctrl-C always does, whatever it is bound to)");
        d.put(SEARCH_NEXT, "next match in the message (wraps)");
        d.put(LIMIT, "show only messages matching a search (empty: all)");
        d.put(TOGGLE_THREADS, "threaded / flat index");
        d.put(TOGGLE_SIDEBAR, "hide / show the folder sidebar");
        d.put(TOGGLE_SPLIT, "split view: the index above the message shown / the message alone");
        d.put(PIPE, "pipe the message (after ; the tagged ones) to a shell command");
        d.put(PIPE_DECODED, "pipe the message's decoded text, as the pager shows it, to a command");
        d.put(OPEN_LINK, "in the pager: list the message's links and open one with $BROWSER");
        d.put(SIGN_IN, "sign the account in again (OAuth2 device flow, as postern auth login)");
        d.put(COLLAPSE_THREAD, "collapse / expand the thread");
        d.put(COLLAPSE_ALL, "collapse / expand all threads");
        d.put(SORT_NEXT, "sort by date, sender, subject, size, thread activity");
        d.put(SORT_REVERSE, "reverse the sort");
        d.put(TOGGLE_HEADERS, "all headers / the usual ones (in the pager)");
        d.put(MAIL, "write a new message");
        d.put(RECALL, "reopen a postponed message from Drafts");
        for (Map.Entry<String, String> c : ComposeCommands.COMMANDS.entrySet()) d.put(c.getKey(), c.getValue());
        d.put(REPLY, "reply to the sender");
        d.put(REPLY_ALL, "reply to the sender and every recipient");
        d.put(REPLY_LIST, "reply to the mailing list (Mail-Followup-To, else List-Post)");
        d.put(FORWARD, "forward (asks: inline or as attachment)");
        d.put(BOUNCE, "bounce: remail the message unchanged to new recipients (asks whom, then y/n)");
        return Collections.unmodifiableMap(d);
    }
}
