package dev.postern.ui;

import dev.postern.controller.MailController;
import dev.postern.model.MessageRef;

/**
 * A reader started again after the postern that served it stopped ({@code postern daemon stop}, the owning reader's q
 * or SIGTERM: resident/Wire's HANDOVER): it says why the screen was drawn again and who owns the mail now, and opens
 * the message the old one showed, if it showed one and it is still in the store (hunt 39-Y, Y13: the reader came back
 * at row 1 with the message closed and nothing said). The envelope is read off the UI thread; a key typed meanwhile
 * (the user went elsewhere) keeps the message closed.
 */
final class HandedOver {
    /** What the reader owning the mail now says first. */
    static final String OWNS = "The postern that served this reader stopped; this reader owns the mail now.";

    private HandedOver() {}

    /**
     * UI thread, right after the reader's start on {@code place}'s folder: {account, folder} or {account, folder,
     * UIDVALIDITY, UID} as the old reader ended.
     */
    static void reopen(MailUi ui, MailController c, String[] place, boolean served) {
        ui.status().notice(served ? "The postern that served this reader stopped; q ends this reader only, served now by pid "
                + ProcessHandle.current().pid() + "." : OWNS);
        MessageRef ref = ref(place);
        if (ref == null) return;
        int cursorThen = ui.index().selected();
        ui.reader().read("handed-over", () -> c.envelope(ref), e -> {
            if (e.isEmpty() || ui.mode() != ui.indexMode() || ui.index().selected() != cursorThen
                    || !ui.index().isCurrent(ref.account(), ref.folder())) return;
            ui.index().selectRef(ref, 0);
            ui.pagerMode().open(e.get());
        });
    }

    /** The message of a place, or null (none shown, or not numbers). */
    static MessageRef ref(String[] place) {
        if (place == null || place.length < 4) return null;
        try {
            return new MessageRef(place[0], place[1], Long.parseLong(place[2]), Long.parseLong(place[3]));
        } catch (RuntimeException e) {
            return null;
        }
    }
}
