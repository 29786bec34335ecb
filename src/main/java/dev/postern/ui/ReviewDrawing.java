package dev.postern.ui;

import com.googlecode.lanterna.graphics.TextGraphics;
import dev.postern.compose.Draft;
import dev.postern.render.Sanitizer;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/** The compose review screen's drawing ({@link ComposeScreen}): the header fields, crypto lines, attachments, body, key line. */
final class ReviewDrawing {
    private ReviewDrawing() {}

    static void draw(TextGraphics g, Palette palette, int width, int rows, String account, Draft draft, ReviewCrypto crypto) {
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[] {Palette.PAGER_HEADER, "Review the message to send from " + Sanitizer.oneLine(account)});
        lines.add(new String[] {Palette.NORMAL, ""});
        int most = ReviewFields.maxRows(rows); // each field wraps (mutt's compose menu), a cut one marked (ReviewFields)
        List<String> head = new ArrayList<>(ReviewFields.addresses("From:", draft.from() == null ? List.of() : List.of(draft.from()), width, most));
        head.addAll(ReviewFields.addresses("To:", draft.to(), width, most));
        head.addAll(ReviewFields.addresses("Cc:", draft.cc(), width, most));
        head.addAll(ReviewFields.addresses("Bcc:", draft.bcc(), width, most));
        head.addAll(ReviewFields.text("Subject:", draft.subject(), width, most));
        for (String h : head) lines.add(new String[] {Palette.PAGER_HEADER, h});
        for (String l : crypto.lines(draft)) lines.add(new String[] {Palette.PAGER_HEADER, l});
        int i = 1;
        for (Draft.Attachment a : draft.attachments()) {
            String size = "";
            try {
                size = " (" + dev.postern.render.Sizes.human(a.path() != null ? Files.size(a.path()) : a.bytes().length) + ")";
            } catch (IOException | RuntimeException e) {
                size = " (missing)";
            }
            lines.add(new String[] {Palette.NORMAL, "Attach " + i++ + ": " + Sanitizer.oneLine(a.name()) + size});
        }
        lines.add(new String[] {Palette.NORMAL, "─".repeat(Math.max(0, Math.min(width, 60)))});
        int bodyRows = Math.max(0, rows - 1);
        for (String l : ReviewFields.bodyLines(draft.body(), bodyRows - lines.size(), width)) {
            lines.add(new String[] {l.startsWith(">") ? Palette.PAGER_QUOTE : Palette.NORMAL, l});
        }
        for (int r = 0; r < bodyRows && r < lines.size(); r++) {
            palette.apply(g, lines.get(r)[0]);
            Cells.put(g, 0, r, lines.get(r)[1], width);
        }
        if (rows > 0) {
            palette.apply(g, Palette.STATUS);
            Cells.put(g, 0, rows - 1, Cells.width(ComposeScreen.HINT) <= width ? ComposeScreen.HINT : ComposeScreen.SHORT_HINT, width);
        }
    }
}
