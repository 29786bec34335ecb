package dev.postern.store;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.mapdb.BTreeMap;

/**
 * The POP3 UIDL ledger ({@code pop3Uidls}): per account, every UIDL seen on the server and what became of
 * its message (its local UID, when it was fetched, its size, when it was deleted there). Keyed by account then UIDL. Not thread-safe
 * and not guarded: {@link MapDbStore} calls it under its {@link StoreGuard}.
 */
final class UidlTable {
    private final BTreeMap<byte[], byte[]> uidls;

    UidlTable(BTreeMap<byte[], byte[]> uidls) {
        this.uidls = uidls;
    }

    Map<String, UidlEntry> all(String account) {
        Map<String, UidlEntry> out = new LinkedHashMap<>();
        for (var e : EnvelopeTable.withPrefix(uidls, KeyCodec.account(account)).entrySet()) {
            out.put(KeyCodec.nameAfterAccount(account, e.getKey()), UidlCodec.decode(account, e.getValue()));
        }
        return out;
    }

    void put(String account, String uidl, UidlEntry entry) {
        uidls.put(KeyCodec.folder(account, uidl), UidlCodec.encode(entry));
    }

    Optional<String> uidlOf(String account, long localUid) {
        for (var e : EnvelopeTable.withPrefix(uidls, KeyCodec.account(account)).entrySet()) {
            if (UidlCodec.decode(account, e.getValue()).localUid() == localUid) {
                return Optional.of(KeyCodec.nameAfterAccount(account, e.getKey()));
            }
        }
        return Optional.empty();
    }
}
