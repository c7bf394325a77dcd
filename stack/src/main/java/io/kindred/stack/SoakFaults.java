package io.kindred.stack;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;

import io.kindred.devstack.Devstack;

/**
 * Injects one fault at a time, at random (seeded): a pause, a fault held for a while, its repair, then a wait until the
 * system has recovered (every service ready, status-mapper-service's TrainingRun watch connected again). Each fault is
 * recorded with when it began, ended and was recovered from.
 */
final class SoakFaults {

    enum Kind {
        KAFKA_RESTART("Kafka broker restarted", false),
        MAPPER_KILL("status-mapper-service kill -9 + restart", true),
        ADAPTER_KILL("scheduler-adapter kill -9 + restart", false),
        REGISTRY_KILL("registry-service kill -9 + restart", false),
        API_OUTAGE("Kubernetes API unavailable", true),
        POSTGRES_RESTART("PostgreSQL restarted", false);

        final String label;
        /** Whether status-mapper-service may not see the objects during it (it is down or cannot watch). */
        final boolean blindsTheMapper;

        Kind(String label, boolean blindsTheMapper) {
            this.label = label;
            this.blindsTheMapper = blindsTheMapper;
        }
    }

    /** One injected fault; the times are {@link System#nanoTime()}. */
    record Fault(Kind kind, long beganNanos, long endedNanos, long recoveredNanos) {
    }

    private final LocalSystem system;
    private final Random random;
    private final Duration gapMin;
    private final Duration gapMax;
    private final PrintStream out;
    private final long startNanos;
    private final List<Fault> faults = new ArrayList<>();

    private final List<Kind> kinds;

    SoakFaults(LocalSystem system, long seed, java.util.Set<Kind> kinds, Duration gapMin, Duration gapMax,
            PrintStream out, long startNanos) {
        this.system = system;
        this.kinds = List.copyOf(new java.util.TreeSet<>(kinds)); // enum order: the same seed, the same faults
        this.random = new Random(seed);
        this.gapMin = gapMin;
        this.gapMax = gapMax;
        this.out = out;
        this.startNanos = startNanos;
    }

    /** Injects faults until {@code deadlineNanos}; the last one is repaired and recovered from before it returns. */
    void run(long deadlineNanos) throws InterruptedException {
        while (true) {
            Thread.sleep(between(gapMin.toMillis(), gapMax.toMillis()));
            if (System.nanoTime() >= deadlineNanos) {
                return;
            }
            Kind kind = kinds.get(random.nextInt(kinds.size()));
            long held = kind == Kind.MAPPER_KILL || kind == Kind.ADAPTER_KILL || kind == Kind.REGISTRY_KILL
                    ? between(500, 4000) : between(3000, 15000);
            inject(kind, held);
        }
    }

    private void inject(Kind kind, long heldMillis) throws InterruptedException {
        long began = System.nanoTime();
        out.printf("soak: %4d s  fault %-16s %s for %.1f s%n", seconds(began), kind, kind.label, heldMillis / 1000.0);
        switch (kind) {
            case KAFKA_RESTART -> {
                Devstack.kafka().stopBroker();
                Thread.sleep(heldMillis);
                Devstack.kafka().startBroker();
            }
            case MAPPER_KILL -> restart(KindredService.STATUS_MAPPER, heldMillis);
            case ADAPTER_KILL -> restart(KindredService.SCHEDULER_ADAPTER, heldMillis);
            case REGISTRY_KILL -> restart(KindredService.REGISTRY, heldMillis);
            case API_OUTAGE -> {
                Devstack.kubernetes().stopServer();
                Thread.sleep(heldMillis);
                Devstack.kubernetes().startServer();
            }
            case POSTGRES_RESTART -> {
                Devstack.postgres().stopServer();
                Thread.sleep(heldMillis);
                Devstack.postgres().startServer();
            }
            default -> throw new IllegalArgumentException(kind.name());
        }
        long ended = System.nanoTime();
        system.awaitAllReady();
        awaitMapperWatching(system.url(KindredService.STATUS_MAPPER));
        long recovered = System.nanoTime();
        synchronized (this) {
            faults.add(new Fault(kind, began, ended, recovered));
        }
        out.printf("soak: %4d s  recovered from %s in %.1f s after its repair%n", seconds(recovered), kind,
                (recovered - ended) / 1e9);
    }

    private void restart(KindredService service, long downMillis) throws InterruptedException {
        ServiceProcess process = system.service(service);
        process.kill();
        Thread.sleep(downMillis);
        process.start();
    }

    /** Until the mapper reports the TrainingRun watch WATCHING and connected (after a relist, if it had to). */
    static void awaitMapperWatching(String mapperUrl) throws InterruptedException {
        long deadline = System.nanoTime() + LocalSystem.SERVICE_READY.toNanos();
        while (System.nanoTime() < deadline) {
            if (mapperWatching(mapperUrl)) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("status-mapper-service did not watch " + DemoWorkload.KIND + " again within "
                + LocalSystem.SERVICE_READY.toSeconds() + " s");
    }

    static boolean mapperWatching(String mapperUrl) {
        Health health = Health.ready(mapperUrl);
        if (!health.up()) {
            return false;
        }
        JsonNode data = health.check("kind watches").path("data");
        var fields = data.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            if (field.getKey().contains(DemoWorkload.KIND) && field.getKey().contains(DemoWorkload.GROUP)) {
                String state = field.getValue().asText();
                return state.startsWith("WATCHING") && state.contains("watch connected");
            }
        }
        return false;
    }

    synchronized List<Fault> faults() {
        return List.copyOf(faults);
    }

    synchronized Map<Kind, Integer> countByKind() {
        Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
        for (Kind kind : Kind.values()) {
            counts.put(kind, 0);
        }
        faults.forEach(f -> counts.merge(f.kind(), 1, Integer::sum));
        return counts;
    }

    private long between(long min, long max) {
        return min + (long) (random.nextDouble() * (max - min));
    }

    private long seconds(long nanos) {
        return (nanos - startNanos) / 1_000_000_000L;
    }
}
