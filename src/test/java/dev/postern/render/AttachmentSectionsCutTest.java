package dev.postern.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.postern.model.Part;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a reply quotes and an inline forward carries: the body without the reader's attachment sections (hunt 37-P,
 * P11), the links list kept, a look-alike heading in the sender's own text kept.
 */
class AttachmentSectionsCutTest {
    private static final Part PDF = new Part(1, "2", "application/pdf", "plan.pdf", 78, true);
    private static final Part IMG = new Part(2, "3", "image/png", "x.png", 10, true);

    @Test
    void theSectionsGoTheTextAndTheLinksStay() {
        String h = AttachmentSections.heading(PDF);
        String body = "Hello.\n" + h + " in my own words\n\n" + h + "\n[could not read this attachment as text: x]";
        assertEquals("Hello.\n" + h + " in my own words\n", AttachmentSections.withoutSections(body, List.of(IMG, PDF), List.of()));
        String linked = "See it.\n\n" + h + "\nPDF text\n\nLinks:\n[1] https://x.example/";
        assertEquals("See it.\n\nLinks:\n[1] https://x.example/",
                AttachmentSections.withoutSections(linked, List.of(PDF), List.of("https://x.example/")));
        assertEquals("", AttachmentSections.withoutSections(h + "\n[no text in this attachment]", List.of(PDF), List.of()));
        assertEquals("Only text.\n", AttachmentSections.withoutSections("Only text.\n", List.of(IMG), List.of()));
    }

    @Test
    void aLookAlikeHeadingInTheTextBeforeTheRealOneIsKept() {
        String h = AttachmentSections.heading(PDF);
        String body = "Quoting an old mail:\n" + h + "\nold text\n\n" + h + "\nthe reader's text";
        assertEquals("Quoting an old mail:\n" + h + "\nold text\n", AttachmentSections.withoutSections(body, List.of(PDF), List.of()));
    }
}
