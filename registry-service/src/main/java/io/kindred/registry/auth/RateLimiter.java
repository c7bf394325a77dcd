package io.kindred.registry.auth;

import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Token buckets per key (a client id, a source address): each holds up to {@code capacity} requests and refills at
 * {@code capacity} per {@code period}, so a burst up to the capacity passes and the sustained rate is capacity per
 * period. In memory, per replica (with n replicas behind a balancer the effective limit is up to n times higher). The
 * number of keys is bounded: idle full buckets are forgotten, and when the table is full every new key shares one
 * overflow bucket, so spraying keys (random source addresses, random client ids) cannot grow memory or escape the
 * limit.
 */
final class RateLimiter {

    private final long capacity;
    private final double refillPerNano;
    private final int maxKeys;
    private final LongSupplier clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final Bucket overflow;

    RateLimiter(long capacity, Duration period, int maxKeys) {
        this(capacity, period, maxKeys, System::nanoTime);
    }

    RateLimiter(long capacity, Duration period, int maxKeys, LongSupplier clock) {
        if (capacity < 1 || period.isZero() || period.isNegative() || maxKeys < 1) {
            throw new IllegalArgumentException("a rate limit needs a capacity, a period and a key table of at least 1");
        }
        this.capacity = capacity;
        this.refillPerNano = capacity / (double) period.toNanos();
        this.maxKeys = maxKeys;
        this.clock = clock;
        this.overflow = new Bucket(capacity, clock.getAsLong());
    }

    /** @return 0 when the request may go ahead (and is counted), else the nanoseconds until one would */
    long tryAcquire(String key) {
        long now = clock.getAsLong();
        Bucket bucket = buckets.get(key);
        if (bucket == null) {
            if (buckets.size() >= maxKeys) {
                forgetIdle(now);
            }
            bucket = buckets.size() >= maxKeys ? overflow : buckets.computeIfAbsent(key, k -> new Bucket(capacity, now));
        }
        synchronized (bucket) {
            bucket.refill(now, capacity, refillPerNano);
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - bucket.tokens) / refillPerNano);
        }
    }

    /** Drops buckets that have refilled completely: forgetting them changes nothing. */
    private void forgetIdle(long now) {
        for (Iterator<Bucket> it = buckets.values().iterator(); it.hasNext(); ) {
            Bucket bucket = it.next();
            synchronized (bucket) {
                bucket.refill(now, capacity, refillPerNano);
                if (bucket.tokens >= capacity) {
                    it.remove();
                }
            }
        }
    }

    int trackedKeys() {
        return buckets.size();
    }

    private static final class Bucket {
        double tokens;
        long updated;

        Bucket(long capacity, long now) {
            this.tokens = capacity;
            this.updated = now;
        }

        void refill(long now, long capacity, double refillPerNano) {
            if (now > updated) {
                tokens = Math.min(capacity, tokens + (now - updated) * refillPerNano);
                updated = now;
            }
        }
    }
}
