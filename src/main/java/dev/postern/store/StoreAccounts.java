package dev.postern.store;

import java.util.Collection;
import java.util.NavigableMap;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The account names a store's per-account tables hold keys of. Every key of those tables begins with its account's
 * length-prefixed name, so one key per account is read: after an account's first key the walk jumps past all of its
 * keys. Not guarded: {@link MapDbStore} calls it under its {@link StoreGuard}.
 */
final class StoreAccounts {
    private StoreAccounts() {}

    static SortedSet<String> of(Collection<? extends NavigableMap<byte[], ?>> tables) {
        SortedSet<String> out = new TreeSet<>();
        for (NavigableMap<byte[], ?> table : tables) {
            byte[] key = table.isEmpty() ? null : table.firstKey();
            while (key != null) {
                String account = KeyCodec.accountOf(key);
                out.add(account);
                byte[] end = KeyCodec.prefixEnd(KeyCodec.account(account));
                key = end == null ? null : table.ceilingKey(end);
            }
        }
        return out;
    }
}
