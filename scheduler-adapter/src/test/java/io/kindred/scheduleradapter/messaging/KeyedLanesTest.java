package io.kindred.scheduleradapter.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The per-workload guarantees the status consumer relies on: order within a key, parallel keys, bounded backlog. */
class KeyedLanesTest {

    @Test
    void tasksOfOneKeyRunInSubmissionOrder() throws Exception {
        Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(2000);
        try (KeyedLanes lanes = new KeyedLanes(4, 16, "test-lane")) {
            for (int i = 0; i < 2000; i++) {
                String key = "workload-" + (i % 13);
                int sequence = i;
                lanes.submit(key, () -> {
                    if (ThreadLocalRandom.current().nextInt(50) == 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(200_000);
                    }
                    seen.computeIfAbsent(key, k -> Collections.synchronizedList(new ArrayList<>())).add(sequence);
                    done.countDown();
                });
            }
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(seen).hasSize(13);
        seen.values().forEach(sequence -> assertThat(sequence).isSorted());
    }

    @Test
    void keysOnDifferentLanesRunSideBySide() throws Exception {
        String first = "a";
        String second = keyOnAnotherLane(first, 2);
        CountDownLatch secondRan = new CountDownLatch(1);
        AtomicBoolean firstSawSecond = new AtomicBoolean();
        CountDownLatch firstDone = new CountDownLatch(1);
        try (KeyedLanes lanes = new KeyedLanes(2, 4, "test-lane")) {
            lanes.submit(first, () -> {
                try {
                    // blocks its lane until the other key's task has run: only possible if lanes are parallel
                    firstSawSecond.set(secondRan.await(10, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                firstDone.countDown();
            });
            lanes.submit(second, secondRan::countDown);
            assertThat(firstDone.await(20, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(firstSawSecond).isTrue();
    }

    @Test
    void submitBlocksWhileMaxInFlightTasksArePending() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch thirdSubmitted = new CountDownLatch(1);
        try (KeyedLanes lanes = new KeyedLanes(1, 2, "test-lane")) {
            Runnable blocked = () -> {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
            lanes.submit("k", blocked);
            lanes.submit("k", blocked);
            Thread submitter = new Thread(() -> {
                try {
                    lanes.submit("k", () -> { });
                    thirdSubmitted.countDown();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            submitter.start();
            assertThat(thirdSubmitted.await(300, TimeUnit.MILLISECONDS)).as("third submit waits").isFalse();
            release.countDown();
            assertThat(thirdSubmitted.await(10, TimeUnit.SECONDS)).as("third submit once a task ended").isTrue();
            submitter.join(10_000);
        }
    }

    private static String keyOnAnotherLane(String key, int lanes) {
        for (int i = 0; ; i++) {
            String other = "k" + i;
            if (Math.floorMod(other.hashCode(), lanes) != Math.floorMod(key.hashCode(), lanes)) {
                return other;
            }
        }
    }
}
