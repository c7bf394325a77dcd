package io.kindred.stack;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kindred.events.SchedulingDirectiveEvent;
import io.kindred.events.WorkloadStatusEvent;
import io.kindred.events.WorkloadTypeChange;
import io.kindred.events.WorkloadTypeEvent;

/**
 * The fault-injection soak: the whole system as processes on the devstack ({@link LocalSystem}), many TrainingRuns
 * driven through their lives ({@link SoakWorkload}) and registry writes (updates of a probe type, through PostgreSQL
 * and the outbox) while faults are injected at random ({@link SoakFaults}) for a bounded time; then, once the last
 * lives have ended and the events have drained, every workload's history is checked ({@link SoakVerdict}) and one
 * table is printed.
 */
public final class SoakRun {

    /** What to run; {@link #defaults(Duration)} gives the documented values. */
    public record Options(Duration faults, long seed, int concurrency, Duration holdMin, Duration holdMax,
            Duration grace, Duration gapMin, Duration gapMax, Duration drain, Set<SoakFaults.Kind> faultKinds) {

        public static Options defaults(Duration faults) {
            return new Options(faults, new Random().nextLong(), 6, Duration.ofSeconds(3), Duration.ofSeconds(7),
                    Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(8), Duration.ofMinutes(3),
                    java.util.EnumSet.allOf(SoakFaults.Kind.class));
        }

        public Options withFaults(Duration faults) {
            return new Options(faults, seed, concurrency, holdMin, holdMax, grace, gapMin, gapMax, drain, faultKinds);
        }

        public Options withSeed(long seed) {
            return new Options(faults, seed, concurrency, holdMin, holdMax, grace, gapMin, gapMax, drain, faultKinds);
        }

        public Options withConcurrency(int concurrency) {
            return new Options(faults, seed, concurrency, holdMin, holdMax, grace, gapMin, gapMax, drain, faultKinds);
        }

        /** Only these kinds of fault (e.g. {@code KAFKA_RESTART,MAPPER_KILL}); "all" for every kind. */
        public Options withFaultKinds(String list) {
            Set<SoakFaults.Kind> kinds = java.util.EnumSet.noneOf(SoakFaults.Kind.class);
            if (list.trim().equalsIgnoreCase("all")) {
                kinds = java.util.EnumSet.allOf(SoakFaults.Kind.class);
            } else {
                for (String name : list.split(",")) {
                    kinds.add(SoakFaults.Kind.valueOf(name.trim().toUpperCase(java.util.Locale.ROOT)));
                }
            }
            return new Options(faults, seed, concurrency, holdMin, holdMax, grace, gapMin, gapMax, drain, kinds);
        }
    }

    /** The outcome: whether lost, duplicated and leaked (and the other must-be-0 rows) are 0, and the table. */
    public record Result(boolean passed, String table, List<String> problems) {
    }

    static final String NAMESPACE = "default";
    static final String PROBE_KIND = "SoakProbe";
    static final String PROBE_GROUP = "soak.kindred.io";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;
    private final Path work;
    private final Options options;
    private final PrintStream out;

    private final Map<String, List<WorkloadStatusEvent>> statusByUid = new ConcurrentHashMap<>();
    private final Map<String, List<SchedulingDirectiveEvent>> directivesByUid = new ConcurrentHashMap<>();
    private final List<WorkloadTypeEvent> probeEvents = new CopyOnWriteArrayList<>();
    private final List<SoakWorkload> workloads = new CopyOnWriteArrayList<>();
    private final AtomicInteger probesAttempted = new AtomicInteger();
    private final AtomicInteger probesAcknowledged = new AtomicInteger();

    public SoakRun(Path root, Path work, Options options, PrintStream out) {
        this.root = root;
        this.work = work;
        this.options = options;
        this.out = out;
    }

    /** Starts a system of its own in {@code work}, soaks it, stops it. */
    public Result run() throws Exception {
        long started = System.nanoTime();
        LocalSystem system = LocalSystem.start(root, work, "soak-admin", Map.of());
        try {
            out.printf("soak: system ready in %d s (logs in %s)%n", (System.nanoTime() - started) / 1_000_000_000L,
                    work);
            return run(system);
        } finally {
            system.stop();
        }
    }

    /** Soaks a running system (which it leaves running, recovered from its last fault). */
    public Result run(LocalSystem system) throws Exception {
        long started = System.nanoTime();
        String loadBefore = loadAverage();
        out.printf("soak: seed %d, %d s of faults (%s), %d workloads in flight, states held %d–%d ms, grace %d ms%n",
                options.seed(), options.faults().toSeconds(), options.faultKinds(), options.concurrency(),
                options.holdMin().toMillis(), options.holdMax().toMillis(), options.grace().toMillis());
        EventStream events = null;
        try {
            KubernetesClient kubernetes = system.kubernetes();
            String probeId = registerTypes(system, kubernetes);
            SoakFaults.awaitMapperWatching(system.url(KindredService.STATUS_MAPPER));
            events = EventStream.open(system.kafkaClients(),
                    List.of("workload-status", "scheduling-directives", "workload-types"), false, record -> {
                        Object event = record.value();
                        if (event instanceof WorkloadStatusEvent status) {
                            statusByUid.computeIfAbsent(status.getUid(), uid -> new CopyOnWriteArrayList<>())
                                    .add(status);
                        } else if (event instanceof SchedulingDirectiveEvent directive) {
                            directivesByUid.computeIfAbsent(directive.getWorkload().getUid(),
                                    uid -> new CopyOnWriteArrayList<>()).add(directive);
                        } else if (event instanceof WorkloadTypeEvent type && type.getName().equals(PROBE_KIND)) {
                            probeEvents.add(type);
                        }
                    });

            long soakStart = System.nanoTime();
            long faultDeadline = soakStart + options.faults().toNanos();
            SoakRetry api = new SoakRetry(Duration.ofMinutes(5));
            SoakFaults faults = new SoakFaults(system, options.seed(), options.faultKinds(), options.gapMin(),
                    options.gapMax(), out, soakStart);
            List<Thread> threads = new ArrayList<>();
            Random workloadRandom = new Random(options.seed() * 31 + 7);
            AtomicInteger names = new AtomicInteger();
            String suffix = Long.toString(Math.abs(options.seed() % 46656), 36);
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            for (int i = 0; i < options.concurrency(); i++) {
                threads.add(thread("soak-driver-" + i, failures, () -> {
                    while (System.nanoTime() < faultDeadline) {
                        SoakWorkload workload;
                        synchronized (workloadRandom) {
                            workload = new SoakWorkload("soak-" + suffix + "-" + names.incrementAndGet(),
                                    workloadRandom, options.holdMin().toMillis(), options.holdMax().toMillis());
                        }
                        workloads.add(workload);
                        workload.live(kubernetes, NAMESPACE, api);
                    }
                }));
            }
            threads.add(thread("soak-registry-writes", failures, () -> probe(system, probeId, faultDeadline)));
            threads.add(thread("soak-faults", failures, () -> faults.run(faultDeadline)));
            threads.forEach(Thread::start);
            for (Thread thread : threads) {
                thread.join();
            }
            if (!failures.isEmpty()) {
                throw new IllegalStateException("the soak's own drivers failed: " + failures, failures.get(0));
            }
            out.printf("soak: %d s  faults over, %d workloads lived; draining (at most %d s)%n",
                    (System.nanoTime() - soakStart) / 1_000_000_000L, workloads.size(), options.drain().toSeconds());

            List<SoakVerdict.Window> blind = faults.faults().stream().filter(f -> f.kind().blindsTheMapper)
                    .map(f -> new SoakVerdict.Window(f.beganNanos(), f.recoveredNanos())).toList();
            long drainDeadline = System.nanoTime() + options.drain().toNanos();
            SoakVerdict verdict;
            while (true) {
                verdict = judge(blind, kubernetes);
                boolean settled = verdict.lost == 0 && verdict.directivesApplied == verdict.directivesExpected
                        && verdict.leakedGroups == 0 && SoakVerdict.registryLost(registryWrites()) == 0;
                if (settled || System.nanoTime() > drainDeadline) {
                    break;
                }
                Thread.sleep(2000);
            }
            Thread.sleep(5000); // late duplicates would arrive now
            verdict = judge(blind, kubernetes);
            SoakVerdict.RegistryWrites registry = registryWrites();
            verdict.judgeRegistry(registry);
            boolean passed = verdict.passed(registry);
            String table = verdict.table(faults.countByKind(), registry);
            out.println();
            out.printf("Kindred soak — seed %d, %d s of faults, %d in flight; load average before %s, after %s;"
                    + " %d API writes retried; whole run %d s%n", options.seed(), options.faults().toSeconds(),
                    options.concurrency(), loadBefore, loadAverage(), api.failedAttempts(),
                    (System.nanoTime() - started) / 1_000_000_000L);
            out.println();
            out.print(table);
            out.println();
            if (!verdict.problems.isEmpty()) {
                out.printf("soak: %d problem(s):%n", verdict.problems.size());
                verdict.problems.stream().limit(40).forEach(p -> out.println("  - " + p));
            }
            out.println(passed ? "soak: PASSED" : "soak: FAILED");
            writeReport(table, verdict.problems, passed);
            return new Result(passed, table, List.copyOf(verdict.problems));
        } finally {
            if (events != null) {
                events.close();
            }
        }
    }

    private SoakVerdict judge(List<SoakVerdict.Window> blind, KubernetesClient kubernetes) {
        Set<String> uids = new HashSet<>();
        workloads.forEach(w -> {
            if (w.uid() != null) {
                uids.add(w.uid());
            }
        });
        List<String> left = new ArrayList<>();
        for (GenericKubernetesResource group : kubernetes.genericKubernetesResources(DemoWorkload.KAI_POD_GROUPS)
                .inNamespace(NAMESPACE).list().getItems()) {
            String name = group.getMetadata().getName();
            boolean ours = uids.stream().anyMatch(name::contains) || group.getMetadata().getOwnerReferences()
                    .stream().anyMatch(owner -> uids.contains(owner.getUid()));
            if (ours) {
                left.add(NAMESPACE + "/" + name);
            }
        }
        return SoakVerdict.judge(workloads, blind, options.grace().toNanos(), System.nanoTime(), statusByUid,
                directivesByUid, left);
    }

    /** TrainingRun (the workloads) and SoakProbe (the registry writes), with their CRDs; returns the probe's id. */
    private String registerTypes(LocalSystem system, KubernetesClient kubernetes) {
        DemoWorkload.installCrd(kubernetes);
        CatalogCrds.install(kubernetes, List.of(CatalogCrds.crd(PROBE_GROUP, PROBE_KIND, List.of("v1"))));
        RegistryClient registry = system.registry();
        if (registry.type(DemoWorkload.KIND).isMissingNode()) {
            registry.register(DemoWorkload.createFields(registry));
        }
        JsonNode probe = registry.type(PROBE_KIND);
        if (probe.isMissingNode()) {
            ObjectNode fields = JSON.createObjectNode().put("name", PROBE_KIND).put("group", PROBE_GROUP)
                    .put("categoryId", registry.categoryId("Train")).put("priorityId", registry.priorityId("low"));
            ObjectNode spec = fields.putArray("resourceInterfaces").addObject().putObject("spec");
            ObjectNode root = spec.putObject("structureDefinition").putObject("rootComponent").put("name", "probe");
            root.putObject("kind").put("group", PROBE_GROUP).put("version", "v1").put("kind", PROBE_KIND);
            root.putObject("statusDefinition").putObject("phaseDefinition").put("path", ".status.phase");
            probe = registry.register(fields);
        }
        return probe.path("id").asText();
    }

    /**
     * Switches the probe type's priority (low ↔ high) every second or so, so that every acknowledged write is a change
     * (a new revision, one event); counts the writes the registry acknowledged.
     */
    private void probe(LocalSystem system, String probeId, long deadline) throws InterruptedException {
        RegistryClient registry = null;
        String low = null;
        String high = null;
        String current = null; // null: unknown (the last write's outcome was not seen), read it again
        while (System.nanoTime() < deadline) {
            Thread.sleep(1000);
            try {
                if (registry == null) {
                    registry = system.registry();
                    low = registry.priorityId("low");
                    high = registry.priorityId("high");
                }
                if (current == null) {
                    current = registry.type(PROBE_KIND).path("priorityId").asText();
                }
            } catch (RuntimeException e) {
                registry = null; // the registry (or its database) is down, or restarted with a new signing key
                continue;
            }
            probesAttempted.incrementAndGet();
            String next = low.equals(current) ? high : low;
            current = null;
            try {
                JsonNode updated = registry.send("PUT", "/api/v1/workload-types/" + probeId,
                        JSON.createObjectNode().put("priorityId", next), 200);
                probesAcknowledged.incrementAndGet();
                current = updated.path("priorityId").asText(null);
            } catch (RuntimeException e) {
                if (String.valueOf(e.getMessage()).contains("answered 401")) {
                    registry = null; // a restarted registry signs with a new key
                }
            }
        }
    }

    private SoakVerdict.RegistryWrites registryWrites() {
        Set<String> ids = new HashSet<>();
        Set<Long> revisions = new HashSet<>();
        int events = 0;
        for (WorkloadTypeEvent event : probeEvents) {
            if (event.getChange() == WorkloadTypeChange.UPDATED && ids.add(event.getEventId())) {
                events++;
                revisions.add(event.getRevision());
            }
        }
        return new SoakVerdict.RegistryWrites(probesAttempted.get(), probesAcknowledged.get(), revisions.size(),
                events);
    }

    private void writeReport(String table, List<String> problems, boolean passed) throws IOException {
        StringBuilder report = new StringBuilder(table);
        problems.forEach(p -> report.append("- ").append(p).append('\n'));
        report.append(passed ? "PASSED\n" : "FAILED\n");
        Files.createDirectories(work);
        Files.writeString(work.resolve("soak-report.md"), report);
    }

    private interface Body {
        void run() throws Exception;
    }

    private static Thread thread(String name, List<Throwable> failures, Body body) {
        Thread thread = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failures.add(e);
            }
        }, name);
        thread.setDaemon(true);
        return thread;
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
