package dev.postern.model;

import java.util.Set;

/**
 * A mailbox of an account with the counts last seen (from the server or the store).
 *
 * @param separator hierarchy delimiter the server reports, or 0 when it has none
 * @param attributes IMAP LIST attributes such as {@code \Sent} or {@code \Noselect}
 */
public record Folder(String account, String name, char separator, int total, int unread, Set<String> attributes) {
    public Folder {
        attributes = attributes == null ? Set.of() : Set.copyOf(attributes);
    }

    /**
     * {@code name} as postern keeps it: INBOX in any case ("Inbox", as Yahoo lists it) is "INBOX", since RFC 3501
     * makes that one name case-insensitive (only the name itself, not the names under it); every other name as it
     * is. Names enter postern from LIST, the config and the command line, and each is made canonical there: one
     * mailbox under two names was stored twice.
     */
    public static String canonical(String name) {
        return name != null && name.equalsIgnoreCase("INBOX") ? "INBOX" : name;
    }

    /**
     * The folder of {@code known} (the server's names) that {@code given} names: itself when it is one of them, else the one
     * whose name is the same text composed (NFC), spelled as the server spells it; else {@code given}. A name the server
     * keeps decomposed (NFD: Apple Mail's, one copied from a macOS file name) is shown composed, and typed so, and the
     * server knows only its own bytes (hunt 39-I, I6: "there is no folder 'Résumé'" for the one `folders` listed). An
     * account's name typed is looked up so too ({@code cli.Wiring.account}).
     */
    public static String spelledAs(String given, java.util.Collection<String> known) {
        if (given == null || given.chars().allMatch(c -> c < 0x80) || known.contains(given)) return given;
        String composed = java.text.Normalizer.normalize(given, java.text.Normalizer.Form.NFC);
        String found = null;
        for (String k : known) {
            if (k == null || !java.text.Normalizer.normalize(k, java.text.Normalizer.Form.NFC).equals(composed)) continue;
            if (found != null) return given; // two spellings of one name on the server: only the exact one is either
            found = k;
        }
        return found != null ? found : given;
    }

    public boolean selectable() { return !attributes.contains("\\Noselect") && !attributes.contains("\\NonExistent"); }
}
