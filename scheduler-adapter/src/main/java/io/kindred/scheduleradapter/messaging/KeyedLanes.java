package io.kindred.scheduleradapter.messaging;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Runs tasks on a fixed number of single-threaded lanes, each key always on the same lane: tasks of one key run one
 * after the other in submission order, tasks of different keys side by side. At most {@code maxInFlight} tasks are
 * queued or running; {@link #submit} blocks beyond that, which is the back-pressure on the caller (the Kafka
 * consumer stops taking records while every lane is busy).
 */
final class KeyedLanes implements AutoCloseable {

    private final ExecutorService[] lanes;
    private final Semaphore inFlight;

    KeyedLanes(int lanes, int maxInFlight, String threadName) {
        if (lanes < 1 || maxInFlight < lanes) {
            throw new IllegalArgumentException("need at least one lane and maxInFlight >= lanes (" + lanes + ", "
                    + maxInFlight + ")");
        }
        this.lanes = new ExecutorService[lanes];
        for (int i = 0; i < lanes; i++) {
            String name = threadName + "-" + i;
            this.lanes[i] = Executors.newSingleThreadExecutor(task -> {
                Thread thread = new Thread(task, name);
                thread.setDaemon(true);
                return thread;
            });
        }
        this.inFlight = new Semaphore(maxInFlight);
    }

    /** Queues {@code task} on the lane of {@code key}; blocks while {@code maxInFlight} tasks are pending. */
    void submit(String key, Runnable task) throws InterruptedException {
        inFlight.acquire();
        try {
            lanes[Math.floorMod(key.hashCode(), lanes.length)].execute(() -> {
                try {
                    task.run();
                } finally {
                    inFlight.release();
                }
            });
        } catch (RuntimeException e) {
            inFlight.release(); // rejected: closed
            throw e;
        }
    }

    int lanes() {
        return lanes.length;
    }

    /** Stops taking tasks, interrupts the running ones and waits up to {@code timeout} for the lanes to end. */
    void close(Duration timeout) throws InterruptedException {
        for (ExecutorService lane : lanes) {
            lane.shutdownNow();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ExecutorService lane : lanes) {
            lane.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void close() {
        try {
            close(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
