/**
 * The full-screen client: mutt-like, drawn directly on a Lanterna {@code Screen}.
 *
 * <p>Threads: {@link dev.postern.ui.UiLoop} is the only thread that touches UI state or the screen. Controller
 * event listeners and future callbacks do nothing but post a {@code Runnable} to its queue; the UI thread
 * never waits on a future. Plain-value controller calls ({@code page}, {@code count}, {@code folders}) are
 * store reads and are made on the UI thread, bounded to what is on screen.
 *
 * <p>Views: {@link dev.postern.ui.MailUi} hands each key to the mode that has them, one {@code Mode} per view
 * (index, sidebar, pager, help, compose); a reader command is a case in the mode that handles it.
 *
 * <p>Text: every untrusted string is drawn through {@code Cells.put}, which sanitises and fits it by display
 * width. Keys map to command names in {@link dev.postern.ui.KeyMap}; colours are roles in
 * {@link dev.postern.ui.Palette}.
 */
package dev.postern.ui;
