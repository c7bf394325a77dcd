package io.kindred.devstack;

import io.kindred.devstack.backend.Backend;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starting and stopping backends side by side: the slowest one, not the sum, sets the wait. */
final class Parallel {

    private static final Logger LOG = LoggerFactory.getLogger(Parallel.class);
    private static final long CLOSE_TIMEOUT_SECONDS = 60;

    private Parallel() {
    }

    /** Runs every task on its own thread and returns the results in order; the first failure is rethrown. */
    static <T> List<T> run(List<Supplier<T>> tasks) {
        List<CompletableFuture<T>> futures = new ArrayList<>();
        for (Supplier<T> task : tasks) {
            CompletableFuture<T> future = new CompletableFuture<>();
            Thread thread = new Thread(() -> {
                try {
                    future.complete(task.get());
                } catch (Throwable e) {
                    future.completeExceptionally(e);
                }
            }, "devstack-start");
            thread.setDaemon(true);
            thread.start();
            futures.add(future);
        }
        List<T> results = new ArrayList<>();
        RuntimeException failure = null;
        for (CompletableFuture<T> future : futures) {
            try {
                results.add(future.join());
            } catch (CompletionException e) {
                Throwable cause = e.getCause();
                if (failure == null) {
                    failure = cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
                } else {
                    failure.addSuppressed(cause);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return results;
    }

    /** Closes every backend on its own thread and waits (bounded) for all of them. */
    static void closeAll(List<? extends Backend> backends) {
        List<Thread> threads = new ArrayList<>();
        for (Backend backend : backends) {
            Thread thread = new Thread(backend::close, "devstack-stop");
            thread.start();
            threads.add(thread);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CLOSE_TIMEOUT_SECONDS);
        for (Thread thread : threads) {
            try {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (thread.isAlive()) {
                LOG.warn("A backend did not stop within {} s; leaving it", CLOSE_TIMEOUT_SECONDS);
            }
        }
    }
}
