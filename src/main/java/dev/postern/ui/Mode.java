package dev.postern.ui;

import com.googlecode.lanterna.graphics.TextGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import dev.postern.model.MessageRef;
import java.util.List;

/**
 * One view of the reader (index, sidebar, pager, help screen, compose): what it does with a key or a named
 * reader command, how it draws itself, and what it offers (the bindings section its keys are looked up in,
 * the help it opens, the messages a batch command acts on there). {@link MailUi} holds the mode that has the
 * keys and hands them over (per-view dispatch, as neomutt's per-menu functions and aerc's per-tab widgets);
 * a mode hands the keys to another through {@link MailUi#show}. A new reader command is a case in the
 * {@link #command} of the view that handles it. UI thread only.
 */
interface Mode {
    /** The bindings section ({@link KeyMap#INDEX}, {@link KeyMap#PAGER}) keys are looked up in here, then [global]. */
    String keySection();

    /** The section whose keys the help screen lists when opened from here. */
    default String helpSection() { return keySection(); }

    /** A key before the bindings see it (the help screen's own keys); true if taken. */
    default boolean key(KeyStroke key) { return false; }

    /** A reader command named in {@link KeyMap} (exit never comes here: it quits from every view). */
    void command(String name);

    /** Draws the view over the screen's top {@code rows} rows (the status bar and message line are below). */
    void draw(TextGraphics g, Palette palette, int width, int rows);

    /** The status bar's position text; null: the index's ("3/120"). */
    default String position() { return null; }

    /** The messages a batch command (':' or a binding) acts on here; null: the index's, under the cursor or tagged. */
    default List<MessageRef> targets() { return null; }

    /** What to run once a batch command removed {@code targets} (the pager moves on); told before it is sent. */
    default Runnable removing(List<MessageRef> targets) { return () -> { }; }
}
