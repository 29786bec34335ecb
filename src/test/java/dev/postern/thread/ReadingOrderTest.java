package dev.postern.thread;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.postern.model.Envelope;
import dev.postern.model.Flags;
import dev.postern.model.MessageRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Sort by sender and by subject is the order people read (hunt 38-Q, Q4): accented initials beside their letter. */
class ReadingOrderTest {
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

    private static List<Envelope> messages(String... fromAndSubject) {
        List<Envelope> out = new ArrayList<>();
        for (int i = 0; i < fromAndSubject.length; i += 2) {
            long uid = i / 2 + 1;
            out.add(new Envelope(new MessageRef("a", "INBOX", 1, uid), "<m" + uid + "@x>", T0.plusSeconds(uid), fromAndSubject[i],
                    List.of(), List.of(), fromAndSubject[i + 1], 100, Flags.NONE, null, List.of(), null));
        }
        return out;
    }

    private static List<String> shown(List<Envelope> m, boolean threaded, SortKey key, boolean reverse, boolean sender) {
        IndexOrder.Rows rows = IndexOrder.arrange(m, threaded, key, reverse).rows(Set.of(), IndexOrder.Glyphs.ASCII);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Envelope e = m.get(rows.message(i));
            out.add(sender ? e.from() : e.subject());
        }
        return out;
    }

    @Test
    void sendersSortAsPeopleReadThemNotByCodePoint() {
        List<Envelope> m = messages("Zoë O'Neil <z@x>", "1", "\u00c5sa \u00d6berg <a@x>", "2", "\u00c9mile <e@x>", "3",
                "Eve <eve@x>", "4", "ana n\u00fa\u00f1ez <n@x>", "5", "\u0141ukasz <l@x>", "6", "Lars <lars@x>", "7",
                "\u00d8ystein <o@x>", "8", "Oscar <os@x>", "9", "Zoe <zoe@x>", "10", "\u674e\u5c0f\u9f99 <li@x>", "11",
                "Bob Smith <b@x>", "12");
        List<String> expected = List.of("ana n\u00fa\u00f1ez <n@x>", "\u00c5sa \u00d6berg <a@x>", "Bob Smith <b@x>",
                "\u00c9mile <e@x>", "Eve <eve@x>", "Lars <lars@x>", "\u0141ukasz <l@x>", "Oscar <os@x>", "\u00d8ystein <o@x>",
                "Zoe <zoe@x>", "Zoë O'Neil <z@x>", "\u674e\u5c0f\u9f99 <li@x>");
        assertEquals(expected, shown(m, false, SortKey.FROM, false, true));
        List<String> reversed = new ArrayList<>(expected);
        java.util.Collections.reverse(reversed);
        assertEquals(reversed, shown(m, false, SortKey.FROM, true, true));
        assertEquals(expected, shown(m, true, SortKey.FROM, false, true), "threads (each alone here) in the same order");
    }

    @Test
    void subjectsSortAsPeopleReadThemAndEqualReadingsStayTogetherNewestFirst() {
        List<Envelope> m = messages("a <a@x>", "zebra", "b <b@x>", "Re: \u00c4rger", "c <c@x>", "apfel", "d <d@x>", "Stra\u00dfe",
                "e <e@x>", "strasse", "f <f@x>", "\u00e6rø", "g <g@x>", "Ärger");
        assertEquals(List.of("\u00e6rø", "apfel", "\u00c4rger", "Re: \u00c4rger", "strasse", "Stra\u00dfe", "zebra"),
                shown(m, false, SortKey.SUBJECT, false, false));
        assertEquals("asa oberg", SortKey.reading("\u00c5sa \u00d6berg"));
        assertEquals("lukasz ae oe ss th d", SortKey.reading("\u0141ukasz \u00c6 \u0152 \u00df \u00de \u0110"));
        assertEquals("fi", SortKey.reading("\ufb01"), "a compatibility ligature reads as its letters");
        assertEquals("plain ascii", SortKey.reading("Plain ASCII"));
    }
}
