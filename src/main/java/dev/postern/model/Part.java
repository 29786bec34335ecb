package dev.postern.model;

/**
 * One leaf of a message's MIME tree as the reader sees it: an attachment or an inline part.
 *
 * @param index    1-based position among the message's attachments, as shown to the user
 * @param path     IMAP section path ("1", "2.1") of the part
 * @param size     bytes: the decoded size when the content is at hand, else the encoded size on the server
 *                 (what downloading it would cost)
 * @param fetched  whether its content is available locally (false when only the structure was fetched)
 */
public record Part(int index, String path, String contentType, String filename, long size, boolean fetched) {}
