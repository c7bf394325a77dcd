package io.kindred.statusmapper.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;

import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.kindred.events.WorkloadStatusEvent;
import io.kindred.events.WorkloadTypeChange;
import io.kindred.ri.catalog.BuiltinCatalog;
import io.kindred.ri.catalog.CatalogEntry;
import io.kindred.statusmapper.mapping.WorkloadEvaluator;
import io.kindred.statusmapper.mapping.WorkloadKinds;
import io.kindred.statusmapper.mapping.WorkloadStatusMapper;
import io.kindred.statusmapper.mapping.WorkloadTracker;
import io.kindred.statusmapper.metrics.StatusMapperMetrics;
import io.kindred.statusmapper.publish.StatusEventSink;
import io.kindred.statusmapper.statestore.RestoredWorkloads;
import io.kindred.statusmapper.support.TestTopics;
import io.kindred.kafka.Backoff;
import io.kindred.statusmapper.watch.WatchManager;
import io.kindred.statusmapper.watch.WatchSettings;
import io.kindred.statusmapper.watch.WatchStatus;
import io.kindred.workloadtypes.ResourceInterfaceCompiler;
import io.kindred.workloadtypes.WorkloadTypeTable;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Memory harness (not a test): heap per watched object, <em>including the informer's cache</em>, for N Pods and M
 * PyTorchJobs of realistic size (src/test/resources/bench: a Deployment's GPU pod with two managedFields entries,
 * ~8 KB of JSON; a PyTorchJob applied with kubectl, ~3.5 KB).
 * <p>
 * The real watch and mapping path runs: {@link WatchManager} with its informers and item stores, the catalog's Pod
 * and PyTorchJob Resource Interfaces, {@link WorkloadStatusMapper} and its tracker. Two things are not the
 * production ones, and neither holds anything per object: the events go to a sink that counts and drops them (the
 * Kafka producer keeps no per-workload state; its buffer is bounded), and the API server is a fabric8 mock server
 * with a dispatcher of this class that serves discovery and the lists, generating each page from the template as it
 * is requested (limit/continue honoured), while watches go to an empty CRUD dispatcher (no events). The CRUD
 * mock server itself cannot serve 100k objects: it scans every stored object on every request.
 * <p>
 * Heap is measured as used heap after {@code System.gc()} (run it with G1) before the first watch and after each
 * kind has been listed and mapped; the difference over the object count is the cost per object.
 * Run: {@code status-mapper-service/bench/run-memory-harness.sh --pods 100000 --jobs 100000}.
 */
public final class WatchMemoryHarness {

    private static final String POD_LIST = "/api/v1/pods";
    private static final String JOB_LIST = "/apis/kubeflow.org/v1/pytorchjobs";

    public static void main(String[] args) throws Exception {
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        int pods = intArg(args, "--pods", 100_000);
        int jobs = intArg(args, "--jobs", 100_000);
        new WatchMemoryHarness().run(pods, jobs);
        System.exit(0);
    }

    private final Map<String, Integer> counts = new HashMap<>();
    private final Map<String, String> templates = new HashMap<>();

    private void run(int pods, int jobs) throws Exception {
        counts.put(POD_LIST, pods);
        counts.put(JOB_LIST, jobs);
        templates.put(POD_LIST, template("pod.json"));
        templates.put(JOB_LIST, template("pytorchjob.json"));

        KubernetesMockServer server = new KubernetesMockServer(new Context(Serialization.jsonMapper()),
                new MockWebServer(), new HashMap<>(), new ListServer(new KubernetesCrudDispatcher()), false,
                new VersionInfo.Builder().withMajor("1").withMinor("32").withGitVersion("v1.32.0").build());
        server.init(InetAddress.getByName("localhost"), 0);
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl("http://localhost:" + server.getPort())
                .withNamespace("default").withRequestTimeout(120_000).build();
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();

        AtomicLong published = new AtomicLong();
        StatusEventSink sink = new StatusEventSink() {
            @Override
            public void send(String uid, WorkloadStatusEvent event, Outcome outcome) {
                published.incrementAndGet();
                outcome.published();
            }
        };
        StatusMapperMetrics metrics = new StatusMapperMetrics(new SimpleMeterRegistry());
        WorkloadKinds kinds = new WorkloadKinds();
        WorkloadTracker tracker = new WorkloadTracker(kinds);
        WorkloadStatusMapper mapper = new WorkloadStatusMapper("bench", new WorkloadEvaluator(), tracker, sink, metrics,
                Clock.systemUTC());
        WorkloadTypeTable table = new WorkloadTypeTable(new ResourceInterfaceCompiler());
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        WatchManager watches = new WatchManager(client, scheduler, new WatchSettings(List.of(), Duration.ofHours(1),
                new Backoff(Duration.ofMillis(200), Duration.ofSeconds(1))), mapper, new RestoredWorkloads(), table, metrics);

        // Warm up: class loading, the JIT, the client's HTTP machinery; then the baseline.
        client.getKubernetesVersion();
        List<String[]> rows = new ArrayList<>();
        long baseline = usedAfterGc();
        long before = baseline;
        int tracked = 0;
        for (String[] kind : new String[][] {{"Pod", "", "v1", POD_LIST}, {"PyTorchJob", "kubeflow.org", "v1", JOB_LIST}}) {
            int n = counts.get(kind[3]);
            if (n == 0) {
                continue;
            }
            long started = System.nanoTime();
            register(table, watches, kind[0], kind[1], kind[2]);
            tracked += n;
            awaitMapped(watches, tracker, kind[0], tracked);
            double seconds = (System.nanoTime() - started) / 1e9;
            long after = usedAfterGc();
            int size = sample(kind[3]).getBytes(StandardCharsets.UTF_8).length;
            rows.add(new String[] {kind[0], String.valueOf(n), String.valueOf(size),
                    String.format("%.1f", (after - before) / 1_048_576.0),
                    String.valueOf((after - before) / n), String.format("%.1f", seconds)});
            before = after;
        }
        long total = before - baseline;
        System.out.printf("%nWatch memory, %s, max heap %d MiB, %d status events published%n",
                ManagementFactory.getRuntimeMXBean().getVmVersion(), Runtime.getRuntime().maxMemory() >> 20,
                published.get());
        System.out.println("| kind | objects | JSON bytes/object | heap growth MiB | bytes/object | listed+mapped s |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        rows.forEach(r -> System.out.printf("| %s |%n", String.join(" | ", r)));
        System.out.printf("| all | %d | | %.1f | %d | |%n", tracked, total / 1_048_576.0, tracked == 0 ? 0 : total / tracked);
        watches.stopAll();
        scheduler.shutdownNow();
        client.close();
        server.destroy();
    }

    private static void register(WorkloadTypeTable table, WatchManager watches, String kind, String group,
                                 String version) throws Exception {
        CatalogEntry entry = BuiltinCatalog.load().stream().filter(e -> e.name().equals(kind)).findFirst().orElseThrow();
        String ri = entry.version(version).orElseThrow().specJson();
        watches.apply(table.apply(kind, TestTopics.typeEvent(kind, group, 1, WorkloadTypeChange.CREATED,
                Map.of(version, ri))));
    }

    private static void awaitMapped(WatchManager watches, WorkloadTracker tracker, String kind, int tracked)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (System.nanoTime() < deadline) {
            boolean mapped = watches.statuses().stream().filter(s -> s.kind().equals(kind)).anyMatch(WatchStatus::mapped);
            if (mapped && tracker.size() >= tracked) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(kind + " was not listed and mapped in time: " + watches.statuses()
                + ", tracked " + tracker.size());
    }

    private static long usedAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(300);
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    private static String template(String file) {
        try (InputStream in = WatchMemoryHarness.class.getResourceAsStream("/bench/" + file)) {
            // One line: a page is many of them.
            return Serialization.jsonMapper().readTree(in).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String sample(String list) {
        return object(list, 0);
    }

    /** Object {@code i} of a list: unique name, namespace (one of 50), UID, resourceVersion, owner. */
    private String object(String list, int i) {
        String kind = list.equals(POD_LIST) ? "pod" : "job";
        return templates.get(list)
                .replace("{{NAME}}", String.format("%s-%07d", kind, i))
                .replace("{{NAMESPACE}}", "team-" + (i % 50))
                .replace("{{UID}}", UUID.nameUUIDFromBytes((kind + i).getBytes(StandardCharsets.UTF_8)).toString())
                .replace("{{OWNER_UID}}", UUID.nameUUIDFromBytes((kind + "-owner" + i).getBytes(StandardCharsets.UTF_8)).toString())
                .replace("{{RV}}", String.valueOf(1_000_000 + i))
                .replace("{{NODE}}", String.valueOf(i % 200));
    }

    /** Discovery and generated list pages; everything else (watches) to the CRUD dispatcher, which holds nothing. */
    private final class ListServer extends Dispatcher {
        private final KubernetesCrudDispatcher crud;

        ListServer(KubernetesCrudDispatcher crud) {
            this.crud = crud;
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String path = request.getPath();
            int q = path.indexOf('?');
            String bare = q < 0 ? path : path.substring(0, q);
            Map<String, String> query = query(q < 0 ? "" : path.substring(q + 1));
            if (!"GET".equalsIgnoreCase(request.getMethod())) {
                return crud.dispatch(request);
            }
            switch (bare) {
                case "/version":
                    return json("{\"major\":\"1\",\"minor\":\"32\",\"gitVersion\":\"v1.32.0\"}");
                case "/api/v1":
                    return json("{\"kind\":\"APIResourceList\",\"apiVersion\":\"v1\",\"groupVersion\":\"v1\",\"resources\":["
                            + "{\"name\":\"pods\",\"singularName\":\"pod\",\"namespaced\":true,\"kind\":\"Pod\","
                            + "\"verbs\":[\"get\",\"list\",\"watch\"]}]}");
                case "/apis/kubeflow.org/v1":
                    return json("{\"kind\":\"APIResourceList\",\"apiVersion\":\"v1\",\"groupVersion\":\"kubeflow.org/v1\","
                            + "\"resources\":[{\"name\":\"pytorchjobs\",\"singularName\":\"pytorchjob\",\"namespaced\":true,"
                            + "\"kind\":\"PyTorchJob\",\"verbs\":[\"get\",\"list\",\"watch\"]}]}");
                default:
                    break;
            }
            if (counts.containsKey(bare) && !"true".equals(query.get("watch"))) {
                return json(page(bare, query));
            }
            return crud.dispatch(request);
        }

        private String page(String list, Map<String, String> query) {
            int n = counts.get(list);
            int from = query.containsKey("continue") ? Integer.parseInt(query.get("continue")) : 0;
            int limit = query.containsKey("limit") ? Integer.parseInt(query.get("limit")) : n;
            int to = (int) Math.min((long) from + limit, n);
            boolean pods = list.equals(POD_LIST);
            StringBuilder body = new StringBuilder(to > from ? (to - from) * (templates.get(list).length() + 64) : 256);
            body.append("{\"apiVersion\":\"").append(pods ? "v1" : "kubeflow.org/v1").append("\",\"kind\":\"")
                    .append(pods ? "PodList" : "PyTorchJobList").append("\",\"metadata\":{\"resourceVersion\":\"9000000\"");
            if (to < n) {
                body.append(",\"continue\":\"").append(to).append('"');
            }
            body.append("},\"items\":[");
            for (int i = from; i < to; i++) {
                if (i > from) {
                    body.append(',');
                }
                body.append(object(list, i));
            }
            return body.append("]}").toString();
        }

        private MockResponse json(String body) {
            return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json").setBody(body);
        }

        private Map<String, String> query(String query) {
            Map<String, String> values = new LinkedHashMap<>();
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    values.put(pair.substring(0, eq), java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            return values;
        }
    }

    private static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }
}
