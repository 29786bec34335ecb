package dev.postern.backend.pop3;

/**
 * One message of a POP3 maildrop as this session sees it.
 *
 * @param number  message number, valid only within the session that listed it
 * @param uidl    the server's UIDL, or {@code sha256:<hex of the header>} when the server has no UIDL
 * @param size    size in octets as LIST reports it
 */
public record Pop3Listing(int number, String uidl, long size) {}
