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

    public boolean selectable() { return !attributes.contains("\\Noselect") && !attributes.contains("\\NonExistent"); }
}
