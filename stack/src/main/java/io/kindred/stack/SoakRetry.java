package io.kindred.stack;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Retries a call against a backend that may be down for a while (the soak takes them down on purpose) until it
 * succeeds or {@code patience} has passed; counts the failed attempts.
 */
final class SoakRetry {

    private final Duration patience;
    private final AtomicLong failedAttempts = new AtomicLong();

    SoakRetry(Duration patience) {
        this.patience = patience;
    }

    <T> T untilDone(String what, Callable<T> call) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            try {
                return call.call();
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                failedAttempts.incrementAndGet();
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(what + " still failed after " + patience.toSeconds() + " s: "
                            + e, e);
                }
                Thread.sleep(500);
            }
        }
    }

    long failedAttempts() {
        return failedAttempts.get();
    }
}
