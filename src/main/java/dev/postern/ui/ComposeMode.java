package dev.postern.ui;

import com.googlecode.lanterna.graphics.TextGraphics;

/**
 * The compose flow's screens (review screen, postponed drafts, outbox) as a mode: entered over the view a
 * reply or a new message started from and left back to it. Its keys go to {@link ComposeFlow} before the
 * bindings (see {@link MailUi}); no reader command acts here.
 */
final class ComposeMode implements Mode {
    private final MailUi ui;
    private ComposeFlow flow;
    /** The view compose was started from; leaving goes back there. */
    private Mode under;

    ComposeMode(MailUi ui, Mode start) {
        this.ui = ui;
        this.under = start;
    }

    void flow(ComposeFlow flow) { this.flow = flow; }

    /** A compose screen opens (again): the first time, over the view shown. */
    void enter() {
        if (ui.mode() != this) under = ui.mode();
        ui.show(this);
    }

    /** The compose screen closed: back to where it was started, with the folders' counts read again. */
    void leave() {
        ui.show(under);
        ui.sidebarMode().stale();
    }

    @Override
    public String keySection() { return KeyMap.INDEX; }

    @Override
    public String helpSection() { return KeyMap.COMPOSE; }

    @Override
    public void command(String name) {
        // The review screen's keys are ComposeFlow's; a bound reader command has nothing to act on here.
    }

    @Override
    public void draw(TextGraphics g, Palette palette, int width, int rows) {
        flow.draw(g, palette, width, rows);
    }
}
