package dev.postern.ui;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One daemon thread, in order, that ends after a minute idle: work the reader hands off its UI thread (store
 * reads, arranging, ':' commands), so a closed reader (a served one in an owner that lives on) leaves no thread.
 */
public final class IdleEndingWorker {
    private IdleEndingWorker() {}

    public static ExecutorService named(String thread) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, thread);
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
