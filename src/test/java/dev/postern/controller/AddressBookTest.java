package dev.postern.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class AddressBookTest {
    @Test
    void ranksByFrequencyAndPrefersDisplayNames() {
        AddressBook b = new AddressBook();
        b.add("bob@example.org");
        b.add("Bob Builder <BOB@example.org>");
        b.add("Alice <alice@example.org>");
        b.add("barbara@example.net");
        b.add("barbara@example.net");
        b.add("barbara@example.net");
        assertEquals(List.of("barbara@example.net", "Bob Builder <BOB@example.org>"), b.complete("b", 10));
        assertEquals(List.of("Bob Builder <BOB@example.org>"), b.complete("build", 10));
        assertEquals(List.of("Alice <alice@example.org>"), b.complete("ALI", 10));
        assertEquals(1, b.complete("", 1).size());
        assertEquals(3, b.size());
    }

    @Test
    void ignoresThingsThatAreNotAddresses() {
        AddressBook b = new AddressBook();
        b.add("");
        b.add(null);
        b.add("undisclosed-recipients:;");
        b.add("Name <>");
        assertEquals(0, b.size());
        assertNull(AddressBook.mailbox("a b@c"));
    }

    @Test
    void completesANameWithACommaQuotedSoTheToLineKeepsItOneAddress() {
        AddressBook b = new AddressBook();
        b.add("Doe, John <jd@example.org>"); // as an envelope holds it: decoded, not quoted
        List<String> got = b.complete("doe", 10);
        assertEquals(List.of("\"Doe, John\" <jd@example.org>"), got);
        assertEquals(got, dev.postern.compose.DraftFile.split(String.join(", ", got)), "one address in a To line");
        assertEquals(got, b.complete("john", 10));
    }
}
