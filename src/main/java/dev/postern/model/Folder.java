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

    public boolean selectable() { return !attributes.contains("\\Noselect") && !attributes.contains("\\NonExistent"); }
}
