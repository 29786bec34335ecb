package dev.postern.index;

import dev.postern.store.MapDbStore;
import java.nio.file.Path;
import java.util.List;

/** A second JVM for the index crash tests: it stores mail, its index following, until it is killed or done. */
public final class IndexProcess {
    public static void main(String[] args) {
        Path dir = Path.of(args[1]);
        int count = Integer.parseInt(args[2]);
        MapDbStore store = MapDbStore.open(dir);
        if (args[0].equals("reflag")) { // a postern without the index changes every message's flags
            for (long uid : store.uids(IndexedMail.ACCOUNT, IndexedMail.FOLDER, IndexedMail.UIDVALIDITY)) {
                var e = store.envelope(IndexedMail.ref(uid)).orElseThrow();
                store.updateFlags(e.ref(), e.flags().has(dev.postern.model.Flag.SEEN) ? dev.postern.model.Flags.NONE
                        : dev.postern.model.Flags.of(dev.postern.model.Flag.SEEN));
            }
            store.commit();
            store.close();
            return;
        }
        if (args[0].equals("indexed")) MailIndex.attach(dir, store);
        List<byte[]> mail = IndexedMail.generated(count);
        long first = store.uids(IndexedMail.ACCOUNT, IndexedMail.FOLDER, IndexedMail.UIDVALIDITY).size() + 1;
        for (int i = 0; i < count; i += 20) {
            IndexedMail.store(store, mail.subList(i, Math.min(count, i + 20)), first + i, 20);
            System.out.println("COMMITTED " + (first + i));
            System.out.flush();
        }
        store.close(); // as postern ends: the index commits what it applied
        System.out.println("DONE");
        System.out.flush();
    }
}
