package io.tenantstore.core.credential;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;

/** Queues tasks until the test runs them on its own thread. Thread-safe. */
final class ManualExecutor implements Executor {
    private final Deque<Runnable> queue = new ArrayDeque<>();

    @Override
    public synchronized void execute(Runnable task) {
        queue.add(task);
    }

    synchronized int pending() {
        return queue.size();
    }

    /** Runs queued tasks (and any they queue) until none is left. @return how many ran */
    int runAll() {
        int n = 0;
        while (true) {
            Runnable r;
            synchronized (this) {
                r = queue.poll();
            }
            if (r == null) {
                return n;
            }
            r.run();
            n++;
        }
    }
}
