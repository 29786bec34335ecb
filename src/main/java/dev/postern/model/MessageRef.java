package dev.postern.model;

/**
 * Where a message lives on a server: account, folder, the folder's UIDVALIDITY and the UID.
 * For POP3 the folder is always INBOX and uidValidity is 0 (UIDLs are mapped to local numbers).
 */
public record MessageRef(String account, String folder, long uidValidity, long uid) {
    public MessageRef {
        if (account == null || folder == null) throw new IllegalArgumentException("account and folder are required");
    }
}
