package dev.postern.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.postern.backend.MailSession;
import dev.postern.config.AccountConfig;
import dev.postern.config.PasswordSource;
import dev.postern.model.Protocol;
import dev.postern.model.Security;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * hunt32-V B4, the order kept: a read the user asked for goes ahead of a background job's remaining batches, on the job's
 * one session (one connect), but never ahead of a change submitted before it; that read keeps its place behind the change.
 */
class UrgentReadsOrderTest {
    private static final AccountConfig ACCOUNT = new AccountConfig("work", Protocol.IMAP, "h", 993, Security.TLS, "u",
            new PasswordSource.Literal("pw"), null, false, Duration.ofSeconds(5), 1000);

    @Test
    void aReadGoesAheadOfTheJobsNextBatchesButNotOfAChangeBeforeIt() throws Exception {
        List<String> done = new CopyOnWriteArrayList<>();
        List<String> connects = new CopyOnWriteArrayList<>();
        MailSession session = new MailSession() {
            boolean open;
            @Override public void connect() { open = true; connects.add("connect"); }
            @Override public boolean isConnected() { return open; }
            @Override public void close() { open = false; }
        };
        CompletableFuture<Void> inHand = new CompletableFuture<>();
        CompletableFuture<Void> go = new CompletableFuture<>();
        try (AccountWorker w = new AccountWorker(ACCOUNT, () -> session, e -> { })) {
            CompletableFuture<Integer> job = w.submit(s -> {
                for (int b = 1; b <= 3; b++) {
                    if (b == 1) {
                        inHand.complete(null);
                        go.join();
                    }
                    done.add("batch " + b);
                    w.betweenBatches();
                }
                return 3;
            });
            inHand.get(10, TimeUnit.SECONDS);
            CompletableFuture<String> first = w.submitInteractive(s -> { done.add("read 1"); return "1"; });
            CompletableFuture<String> flag = w.submitChange(s -> { done.add("flag"); return "f"; }, () -> "queued");
            CompletableFuture<String> second = w.submitInteractive(s -> { done.add("read 2"); return "2"; });
            go.complete(null);
            assertEquals(3, job.get(10, TimeUnit.SECONDS));
            assertEquals("1", first.get(10, TimeUnit.SECONDS));
            assertEquals("f", flag.get(10, TimeUnit.SECONDS));
            assertEquals("2", second.get(10, TimeUnit.SECONDS));
            assertEquals(List.of("batch 1", "read 1", "batch 2", "batch 3", "flag", "read 2"), done);
            assertEquals(List.of("connect"), connects, "the read ran on the job's session");
        }
    }
}
