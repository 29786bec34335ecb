package dev.postern.ui;

import dev.postern.controller.AddressBook;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the reader is started with besides the controller: colours, key bindings, the process that the typed
 * process-level commands ({@code daemon}, {@code complete}) act on at ':' and in bindings (null: they say they
 * cannot run here), where the ':' history lives
 * (null: not kept), and how to build the address book for completion (null: no addresses). The address book
 * is built once, off the UI thread, the first time the ':' prompt opens.
 */
public record TuiOptions(Palette palette, KeyMap keys, dev.postern.command.ProcessControl process, Path historyFile,
                         Supplier<AddressBook> addresses, Layout layout, java.util.List<Path> mailcapFiles) {
    /**
     * How the screen is laid out: the sidebar shown at start and its width, the index's format string
     * ({@link IndexFormat}), a date pattern (null: relative dates) and the widest the pager wraps at (0: the
     * terminal's width).
     */
    public record Layout(boolean sidebar, int sidebarWidth, String indexFormat, String dateFormat, int pagerWidth,
                         int pagerIndexLines) {
        public static final Layout DEFAULT = new Layout(true, Sidebar.DEFAULT_WIDTH, IndexFormat.DEFAULT, null, 0, 0);

        /** Without the split view (pagerIndexLines: index rows above an open message, 0 for the pager alone). */
        public Layout(boolean sidebar, int sidebarWidth, String indexFormat, String dateFormat, int pagerWidth) {
            this(sidebar, sidebarWidth, indexFormat, dateFormat, pagerWidth, 0);
        }

        /** Checks the index format: one sentence naming the problem (IllegalArgumentException). */
        public Layout {
            IndexFormat.parse(indexFormat == null ? IndexFormat.DEFAULT : indexFormat);
        }
    }

    /** mailcapFiles: where attachments' viewers are looked up (mailcap_path); null: $MAILCAPS, ~/.mailcap, /etc/mailcap. */
    public TuiOptions(Palette palette, KeyMap keys, dev.postern.command.ProcessControl process, Path historyFile, Supplier<AddressBook> addresses,
            Layout layout) {
        this(palette, keys, process, historyFile, addresses, layout, null);
    }

    public TuiOptions(Palette palette, KeyMap keys, dev.postern.command.ProcessControl process, Path historyFile, Supplier<AddressBook> addresses) {
        this(palette, keys, process, historyFile, addresses, Layout.DEFAULT);
    }

    /** The built-in theme (monochrome under NO_COLOR) and bindings; no process-level commands, no history. */
    public static TuiOptions defaults(Map<String, String> env) {
        return new TuiOptions(Palette.fromEnvironment(env), KeyMap.defaults(), null, null, null);
    }
}
