package dev.postern.model;

/**
 * Where a message lives on a server: account, folder, the folder's UIDVALIDITY and the UID.
 * For POP3 the folder is always INBOX and uidValidity is 0 (UIDLs are mapped to local numbers).
 *
 * <p>{@code equals} and {@code hashCode} are written out, with the record's own meaning: a record's generated ones
 * are bootstrapped on first use ({@code ObjectMethods}), which made some 15 method-handle classes on the reader's
 * way to its first screen (about 30 ms on a cold JVM; the first use is a page's rows put in a set).
 */
public record MessageRef(String account, String folder, long uidValidity, long uid) {
    public MessageRef {
        if (account == null || folder == null) throw new IllegalArgumentException("account and folder are required");
        folder = Folder.canonical(folder);
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof MessageRef r && uid == r.uid && uidValidity == r.uidValidity
                && folder.equals(r.folder) && account.equals(r.account);
    }

    @Override
    public int hashCode() {
        return ((account.hashCode() * 31 + folder.hashCode()) * 31 + Long.hashCode(uidValidity)) * 31 + Long.hashCode(uid);
    }
}
