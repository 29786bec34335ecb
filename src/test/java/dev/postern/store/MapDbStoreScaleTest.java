package dev.postern.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.postern.model.Envelope;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Correctness at 100,000 messages; speed is measured by {@link StoreScaleBench}, not asserted here. */
class MapDbStoreScaleTest {
    private static final int N = 100_000;

    @TempDir Path dir;

    @Test
    void firstAndDeepPagesOfAHundredThousandMessagesAreTheRightRows() {
        List<Long> expected = ScaleFolder.expectedOrder(N);
        try (MapDbStore store = MapDbStore.open(dir)) {
            ScaleFolder.fill(store, N, 5_000);
        }
        try (MapDbStore store = MapDbStore.open(dir)) {
            assertEquals(N, store.count(ScaleFolder.ACCOUNT, ScaleFolder.FOLDER));
            assertEquals(N / 4, store.unread(ScaleFolder.ACCOUNT, ScaleFolder.FOLDER));

            List<Envelope> first = store.page(ScaleFolder.ACCOUNT, ScaleFolder.FOLDER, 0, 50);
            assertEquals(expected.subList(0, 50), MapDbStoreEnvelopeTest.uidsOf(first));
            assertEquals(ScaleFolder.envelope(expected.get(0), N), first.get(0));

            List<Envelope> last = store.page(ScaleFolder.ACCOUNT, ScaleFolder.FOLDER, N - 50, 50);
            assertEquals(expected.subList(N - 50, N), MapDbStoreEnvelopeTest.uidsOf(last));
            assertEquals(ScaleFolder.envelope(expected.get(N - 1), N), last.get(49));

            List<Envelope> middle = store.page(ScaleFolder.ACCOUNT, ScaleFolder.FOLDER, 40_000, 50);
            assertEquals(expected.subList(40_000, 40_050), MapDbStoreEnvelopeTest.uidsOf(middle));
            assertEquals(N, store.uids(ScaleFolder.ACCOUNT, ScaleFolder.FOLDER, ScaleFolder.UID_VALIDITY).size());
        }
    }
}
