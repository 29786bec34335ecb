package dev.postern.backup;

import dev.postern.model.Flags;
import java.time.Instant;

/**
 * One message read from an mbox, Maildir or EML directory, ready to append.
 *
 * @param raw    the message bytes with CRLF line ends (IMAP's wire form)
 * @param flags  flags the archive recorded (Maildir info, mbox Status/X-Status); none for EML
 * @param date   internal date to give it (mbox From line, file time), or null to let the server choose
 * @param origin where it came from, for messages: "file:line" or a file name
 */
public record ArchivedMessage(byte[] raw, Flags flags, Instant date, String origin) {}
