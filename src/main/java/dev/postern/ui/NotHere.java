package dev.postern.ui;

import java.util.Set;

/**
 * A reader command given in a view that has no use for it: one sentence saying where it works, as mutt says why a key
 * does nothing (hunt 43-R, R5: s, v, h, U in the index, o, T, l in the pager, N, d, t with the sidebar focused were met
 * by silence, which reads as a key lost).
 */
final class NotHere {
    private NotHere() {}

    /** What acts on a message open in the pager. */
    private static final Set<String> PAGER = Set.of(KeyMap.SAVE_ATTACHMENT, KeyMap.OPEN_ATTACHMENT, KeyMap.FETCH_ATTACHMENTS,
            KeyMap.TOGGLE_HEADERS, KeyMap.OPEN_LINK, KeyMap.SEARCH_NEXT);
    /** What arranges the index. */
    private static final Set<String> INDEX = Set.of(KeyMap.SORT_NEXT, KeyMap.SORT_REVERSE, KeyMap.TOGGLE_THREADS,
            KeyMap.COLLAPSE_THREAD, KeyMap.COLLAPSE_ALL, KeyMap.LIMIT, KeyMap.RECALL);
    /** What acts on the index's messages. */
    private static final Set<String> MESSAGES = Set.of(KeyMap.TAG, KeyMap.TAG_PREFIX, KeyMap.TOGGLE_READ, KeyMap.TOGGLE_FLAG,
            KeyMap.DELETE, KeyMap.MOVE, KeyMap.COPY, KeyMap.REPLY, KeyMap.REPLY_ALL, KeyMap.REPLY_LIST, KeyMap.FORWARD,
            KeyMap.BOUNCE, KeyMap.PIPE, KeyMap.PIPE_DECODED, KeyMap.NEXT_MESSAGE, KeyMap.PREV_MESSAGE, KeyMap.SEARCH);

    /** In the index: a command of the pager's. */
    static void inIndex(MailUi ui, String command) {
        if (PAGER.contains(command)) {
            ui.status().notice(ui.keyFor(command) + " works on an open message; " + ui.keyFor(KeyMap.OPEN) + " opens it.");
        }
    }

    /** In the pager: a command that arranges the index. */
    static void inPager(MailUi ui, String command) {
        if (INDEX.contains(command)) {
            ui.status().notice(ui.keyFor(command) + " works in the index; " + ui.keyFor(KeyMap.BACK) + " goes back to it.");
        }
    }

    /** With the sidebar focused: a command on messages. */
    static void inSidebar(MailUi ui, String command) {
        if (MESSAGES.contains(command) || PAGER.contains(command) || INDEX.contains(command)) {
            ui.status().notice(ui.keyFor(command) + " works on the messages; " + ui.keyFor(KeyMap.FOCUS_SIDEBAR)
                    + " goes back to them.");
        }
    }
}
