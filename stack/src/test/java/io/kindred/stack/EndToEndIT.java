package io.kindred.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.kindred.devstack.Devstack;
import io.kindred.devstack.kubernetes.CreationOrder;
import io.kindred.events.AbstractState;
import io.kindred.events.DirectiveAction;
import io.kindred.events.DirectiveOutcome;
import io.kindred.events.SchedulingDirectiveEvent;
import io.kindred.events.WorkloadStatusEvent;
import io.kindred.events.WorkloadTypeEvent;

/**
 * The three services as the processes of their built jars on the devstack (in this JVM): a custom type registered
 * over REST, its CRD and objects, status events, PodGroups, a pod admitted by the webhook and one bound by the
 * reconciler, completion and release — asserted on Kafka and in the Kubernetes API. Then the same life with Kafka
 * restarted, and with each service killed (-9) and restarted, in the middle: every transition and directive arrives,
 * none twice (events are compared by eventId, as consumers de-duplicate). And a Workloads V2 submission's whole life.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndIT {

    private static final String NS = "default";
    /** A UUID: Run:ai's clients check the format of cluster ids. */
    private static final String CLUSTER_ID = LocalSystem.CLUSTER_ID;
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Duration SERVICE_READY = LocalSystem.SERVICE_READY;

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private static final List<WorkloadStatusEvent> STATUS = new CopyOnWriteArrayList<>();
    private static final List<SchedulingDirectiveEvent> DIRECTIVES = new CopyOnWriteArrayList<>();
    private static final List<WorkloadTypeEvent> TYPES = new CopyOnWriteArrayList<>();
    private static final Map<KindredService, ServiceProcess> SERVICES = new LinkedHashMap<>();
    private static KubernetesClient kubernetes;
    private static EventStream events;
    private static RegistryClient registry;
    private static long started;
    private static LocalSystem system;

    @BeforeAll
    static void startTheSystem() throws Exception {
        started = System.nanoTime();
        Path root = Path.of(System.getProperty(KindredMain.ROOT_PROPERTY, "..")).toAbsolutePath().normalize();
        system = LocalSystem.shared(root); // SoakIT runs on it next
        system.services().forEach(service -> SERVICES.put(service.service(), service));
        kubernetes = system.kubernetes();
        System.out.printf("e2e: devstack and three services ready in %d s%n",
                Duration.ofNanos(System.nanoTime() - started).toSeconds());

        events = EventStream.open(system.kafkaClients(), List.of("workload-status", "scheduling-directives",
                "workload-types"), true, record -> {
                    Object event = record.value();
                    if (event instanceof WorkloadStatusEvent status) {
                        STATUS.add(status);
                    } else if (event instanceof SchedulingDirectiveEvent directive) {
                        DIRECTIVES.add(directive);
                    } else if (event instanceof WorkloadTypeEvent type) {
                        TYPES.add(type);
                    }
                });
        registry = system.registry();
    }

    @AfterAll
    static void stopTheSystem() {
        if (events != null) {
            events.close();
        }
        System.out.printf("e2e: whole suite %d s%n", Duration.ofNanos(System.nanoTime() - started).toSeconds());
    }

    @Test
    @Order(1)
    void aCustomTypeFromRegistrationToRelease() {
        DemoWorkload.installCrd(kubernetes);
        JsonNode type = registry.register(DemoWorkload.createFields(registry));
        assertThat(type.path("name").asText()).isEqualTo(DemoWorkload.KIND);
        await().atMost(WAIT).until(() -> TYPES.stream().anyMatch(t -> t.getName().equals(DemoWorkload.KIND)));
        await().atMost(WAIT).until(() -> WatchCount.of(Health.ready(url(KindredService.STATUS_MAPPER))).notWatching()
                .isEmpty() && Health.ready(url(KindredService.STATUS_MAPPER)).body().toString()
                        .contains(DemoWorkload.GROUP));

        GenericKubernetesResource run = DemoWorkload.create(kubernetes, NS, "e2e-life", 2);
        String uid = run.getMetadata().getUid();
        phase(run, "Initializing");
        awaitState(uid, AbstractState.INITIALIZING);
        GenericKubernetesResource group = awaitPodGroup(uid);
        assertThat(group.getMetadata().getName()).isEqualTo(groupName(uid));
        assertThat(spec(group)).containsEntry("minMember", 2);
        assertThat(group.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(owner -> assertThat(owner.getUid()).isEqualTo(uid));
        awaitDirectives(uid, DirectiveAction.ENSURE);
        assertThat(directives(uid).get(0).getPodGroups()).singleElement()
                .satisfies(g -> assertThat(g.getMinMember()).isEqualTo(2));

        // the webhook binds a pod created now (the mock API server calls no webhooks: post the review as it would)
        String patch = Admission.review(url(KindredService.SCHEDULER_ADAPTER), Admission.podCreate(NS,
                "e2e-life-worker-0", DemoWorkload.owner(run), DemoWorkload.workerLabels()));
        assertThat(patch).contains("\"pod-group-name\":\"" + groupName(uid) + "\"");
        // the reconciler binds a pod that reached the API server without the webhook
        Pod pod = kubernetes.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata()
                .withName("e2e-life-worker-1").addToLabels(DemoWorkload.ROLE_LABEL, "worker")
                .addNewOwnerReference().withApiVersion(run.getApiVersion()).withKind(run.getKind())
                .withName(run.getMetadata().getName()).withUid(uid).withController(true).endOwnerReference()
                .endMetadata().withNewSpec().withSchedulerName("kai-scheduler").addNewContainer().withName("main")
                .withImage("busybox").endContainer().endSpec().withNewStatus().withPhase("Pending").endStatus()
                .build()).create();
        await().atMost(WAIT).untilAsserted(() -> assertThat(kubernetes.pods().inNamespace(NS)
                .withName(pod.getMetadata().getName()).get().getMetadata().getAnnotations())
                .containsEntry("pod-group-name", groupName(uid)));

        phase(run, "Running");
        awaitState(uid, AbstractState.RUNNING);
        phase(run, "Completed");
        completedAndReleased(uid);
        assertTransitions(uid, AbstractState.INITIALIZING, AbstractState.RUNNING, AbstractState.COMPLETED);
    }

    @Test
    @Order(3)
    void kafkaRestartedMidRun() {
        assumeRestartable();
        GenericKubernetesResource run = initializedWithItsGang("e2e-kafka", 3);
        String uid = run.getMetadata().getUid();

        Devstack.kafka().stopBroker();
        phase(run, "Running"); // observed while Kafka is down
        ServiceProcess.sleep(5000);
        Devstack.kafka().startBroker();
        awaitState(uid, AbstractState.RUNNING);
        phase(run, "Completed");
        completedAndReleased(uid);
        assertTransitions(uid, AbstractState.INITIALIZING, AbstractState.RUNNING, AbstractState.COMPLETED);
        awaitAllReady();
    }

    @Test
    @Order(4)
    void statusMapperKilledMidRun() {
        serviceKilledMidRun(KindredService.STATUS_MAPPER, "e2e-mapper");
    }

    @Test
    @Order(5)
    void schedulerAdapterKilledMidRun() {
        serviceKilledMidRun(KindredService.SCHEDULER_ADAPTER, "e2e-adapter");
    }

    @Test
    @Order(6)
    void registryKilledMidRun() {
        serviceKilledMidRun(KindredService.REGISTRY, "e2e-registry");
        // what it published before the kill is there once, and it still serves the type; its signing key is per
        // process unless configured, so the restarted registry wants a new token
        registry = system.registry();
        assertThat(registry.type(DemoWorkload.KIND).path("group").asText()).isEqualTo(DemoWorkload.GROUP);
        List<String> ids = TYPES.stream().map(WorkloadTypeEvent::getEventId).toList();
        assertThat(TYPES.stream().filter(t -> t.getName().equals(DemoWorkload.KIND)).map(WorkloadTypeEvent::getEventId)
                .distinct()).hasSize(1);
        assertThat(ids).doesNotHaveDuplicates();
    }

    /**
     * Workloads V2 across the three services: a PyTorchJob-shaped workload of a custom registered type submitted over
     * REST → 202; the adapter writes its PodGroup before the object and stamps the binding into its pod templates →
     * syncInfo Synced; the object's conditions (set here as its controller would) reach the registry through the
     * mapper's state events as the phase Initializing → Running (pods counted) → suspended: Stopping → Stopped, object
     * and gang gone → resumed: both back (gang first), Running → Completed; DELETE → 202, nothing left, Deleted.
     */
    @Test
    @Order(2)
    void aWorkloadSubmittedThroughWorkloadsV2() {
        long begin = System.nanoTime();
        V2Job.installCrd(kubernetes);
        JsonNode type = registry.register(V2Job.createFields(registry));
        assertThat(type.path("name").asText()).isEqualTo(V2Job.KIND);
        await().atMost(WAIT).until(() -> TYPES.stream().anyMatch(t -> t.getName().equals(V2Job.KIND)));
        await().atMost(WAIT).until(() -> Health.ready(url(KindredService.STATUS_MAPPER)).body().toString()
                .contains(V2Job.GROUP) && WatchCount.of(Health.ready(url(KindredService.STATUS_MAPPER))).notWatching()
                        .isEmpty());

        Map<String, Long> createdAt = new java.util.concurrent.ConcurrentHashMap<>();
        String id;
        try (Watch groups = watchCreations(DemoWorkload.KAI_POD_GROUPS, createdAt);
                Watch jobs = watchCreations(V2Job.CONTEXT, createdAt)) {
            JsonNode accepted = registry.send("POST", "/api/v2/workloads", V2Job.submission("1", "e2e-v2", 2), 202);
            id = accepted.path("metadata").path("id").asText();
            assertThat(accepted.path("desiredPhase").asText()).isEqualTo("Running");
            awaitSyncInfo(id, "Synced");
            await().atMost(WAIT).until(() -> createdAt.containsKey(V2Job.KIND + "/e2e-v2"));
        }
        String groupName = "kindred-" + id + "-job";
        assertThat(createdAt.get("PodGroup/" + groupName)).as("PodGroup %s created before the object", groupName)
                .isNotNull().isLessThan(createdAt.get(V2Job.KIND + "/e2e-v2"));
        GenericKubernetesResource job = V2Job.get(kubernetes, NS, "e2e-v2");
        assertV2Binding(job, groupName);
        assertThat(v1(id).path("phase").asText()).isIn("Creating", "Pending", "Initializing");

        V2Job.setConditions(kubernetes, NS, "e2e-v2", "Created");
        awaitV1Phase(id, "Initializing");
        V2Job.setConditions(kubernetes, NS, "e2e-v2", "Created", "Running");
        awaitV1Phase(id, "Running");
        JsonNode running = v1(id);
        assertThat(running.path("runningPods").asInt()).isEqualTo(3);
        assertThat(running.path("requestedPods").path("number").asInt()).isEqualTo(3);
        assertThat(running.path("sourceApi").asText()).isEqualTo("WorkloadsV2");

        // suspend: the object and its gang go, the workload stays
        assertThat(registry.send("POST", "/api/v2/workloads/" + id + "/suspend", null, 202).path("code").asInt())
                .isEqualTo(202);
        awaitV1Phase(id, "Stopped");
        assertThat(V2Job.get(kubernetes, NS, "e2e-v2")).isNull();
        await().atMost(WAIT).until(() -> kubernetes.genericKubernetesResources(DemoWorkload.KAI_POD_GROUPS)
                .inNamespace(NS).withName(groupName).get() == null);
        // resume: applied again as a new object, its gang first
        createdAt.clear();
        try (Watch groups = watchCreations(DemoWorkload.KAI_POD_GROUPS, createdAt);
                Watch jobs = watchCreations(V2Job.CONTEXT, createdAt)) {
            registry.send("POST", "/api/v2/workloads/" + id + "/resume", null, 202);
            awaitSyncInfo(id, "Synced");
            await().atMost(WAIT).until(() -> createdAt.containsKey(V2Job.KIND + "/e2e-v2"));
        }
        assertThat(createdAt.get("PodGroup/" + groupName)).as("PodGroup created again before the object")
                .isNotNull().isLessThan(createdAt.get(V2Job.KIND + "/e2e-v2"));
        GenericKubernetesResource resumed = V2Job.get(kubernetes, NS, "e2e-v2");
        assertThat(resumed.getMetadata().getUid()).isNotEqualTo(job.getMetadata().getUid());
        assertV2Binding(resumed, groupName);
        V2Job.setConditions(kubernetes, NS, "e2e-v2", "Created", "Running");
        awaitV1Phase(id, "Running");
        V2Job.setConditions(kubernetes, NS, "e2e-v2", "Created", "Succeeded");
        awaitV1Phase(id, "Completed");
        assertThat(v1(id).path("runningPods").asInt()).isZero();

        assertThat(registry.send("DELETE", "/api/v2/workloads/" + id, null, 202).path("desiredPhase").asText())
                .isEqualTo("Deleted");
        awaitSyncInfo(id, "Deleted");
        assertThat(V2Job.get(kubernetes, NS, "e2e-v2")).isNull();
        assertThat(kubernetes.genericKubernetesResources(DemoWorkload.KAI_POD_GROUPS).inNamespace(NS)
                .withName(groupName).get()).isNull();
        System.out.printf("e2e: Workloads V2 scenario %d s%n", Duration.ofNanos(System.nanoTime() - begin).toSeconds());
    }

    private static void assertV2Binding(GenericKubernetesResource job, String groupName) {
        JsonNode applied = JSON.valueToTree(job);
        for (String replica : List.of("Master", "Worker")) {
            JsonNode template = applied.path("spec").path("pytorchReplicaSpecs").path(replica).path("template");
            assertThat(template.path("metadata").path("annotations").path("pod-group-name").asText())
                    .as("%s template binding", replica).isEqualTo(groupName);
            assertThat(template.path("metadata").path("labels").path("kai.scheduler/subgroup-name").asText())
                    .isEqualTo(replica.toLowerCase(java.util.Locale.ROOT));
        }
    }

    private static JsonNode v1(String id) {
        return registry.send("GET", "/api/v1/workloads/" + id, null, 200);
    }

    private static void awaitV1Phase(String id, String phase) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(v1(id).path("phase").asText()).isEqualTo(phase));
    }

    private static void awaitSyncInfo(String id, String status) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(registry.send("GET", "/api/v2/workloads/" + id, null, 200)
                .path("syncInfo").path("status").asText()).isEqualTo(status));
    }

    private static Watch watchCreations(ResourceDefinitionContext context, Map<String, Long> createdAt) {
        return CreationOrder.record(kubernetes, context, NS, createdAt);
    }

    /** Kill -9 after the gang exists, change the workload while the service is down, restart it on its port. */
    private static void serviceKilledMidRun(KindredService victim, String name) {
        GenericKubernetesResource run = initializedWithItsGang(name, 2);
        String uid = run.getMetadata().getUid();

        ServiceProcess service = SERVICES.get(victim);
        service.kill();
        phase(run, "Running");
        if (victim != KindredService.STATUS_MAPPER) {
            awaitState(uid, AbstractState.RUNNING);
        }
        phase(run, "Completed");
        ServiceProcess.sleep(2000);
        service.start();
        service.awaitReady(SERVICE_READY);

        completedAndReleased(uid);
        if (victim == KindredService.STATUS_MAPPER) {
            // Running and Completed both happened while it was down; it reports the state it finds
            assertThat(states(uid)).startsWith(AbstractState.INITIALIZING).endsWith(AbstractState.COMPLETED)
                    .doesNotHaveDuplicates();
        } else {
            assertTransitions(uid, AbstractState.INITIALIZING, AbstractState.RUNNING, AbstractState.COMPLETED);
        }
        awaitAllReady();
    }

    // --- helpers ---

    /** COMPLETED published, the directives exactly ENSURE then RELEASE (all APPLIED), the PodGroup deleted. */
    private static void completedAndReleased(String uid) {
        awaitState(uid, AbstractState.COMPLETED);
        awaitDirectives(uid, DirectiveAction.ENSURE, DirectiveAction.RELEASE);
        awaitPodGroupGone(uid);
        assertDirectivesApplied(uid);
    }

    /** A new TrainingRun, Initializing, with its PodGroup and ENSURE directive there. */
    private static GenericKubernetesResource initializedWithItsGang(String name, int workers) {
        GenericKubernetesResource run = DemoWorkload.create(kubernetes, NS, name, workers);
        String uid = run.getMetadata().getUid();
        phase(run, "Initializing");
        awaitState(uid, AbstractState.INITIALIZING);
        assertThat(spec(awaitPodGroup(uid))).containsEntry("minMember", workers);
        awaitDirectives(uid, DirectiveAction.ENSURE);
        return run;
    }

    private static String url(KindredService service) {
        return SERVICES.get(service).url();
    }

    private static void assumeRestartable() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Devstack.kafka().supportsBrokerRestart(),
                "this Kafka cannot be restarted from here");
    }

    private static void phase(GenericKubernetesResource run, String phase) {
        DemoWorkload.setPhase(kubernetes, NS, run.getMetadata().getName(), phase);
    }

    private static String groupName(String uid) {
        return "kindred-" + uid + "-run";
    }

    private static GenericKubernetesResource podGroup(String uid) {
        return kubernetes.genericKubernetesResources(DemoWorkload.KAI_POD_GROUPS).inNamespace(NS)
                .withName(groupName(uid)).get();
    }

    private static GenericKubernetesResource awaitPodGroup(String uid) {
        await().atMost(WAIT).until(() -> podGroup(uid) != null);
        return podGroup(uid);
    }

    private static void awaitPodGroupGone(String uid) {
        await().atMost(WAIT).until(() -> podGroup(uid) == null);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource group) {
        return (Map<String, Object>) group.getAdditionalProperties().get("spec");
    }

    private static List<AbstractState> states(String uid) {
        return StatusHistory.states(STATUS, uid);
    }

    private static void awaitState(String uid, AbstractState state) {
        await().atMost(WAIT).until(() -> states(uid).contains(state));
    }

    /** Every transition once: the sequence by distinct eventId is exactly this. */
    private static void assertTransitions(String uid, AbstractState... expected) {
        assertThat(states(uid)).as("states of %s by eventId", uid).containsExactly(expected);
        assertThat(STATUS.stream().filter(e -> e.getUid().equals(uid)).map(WorkloadStatusEvent::getEventId)
                .collect(Collectors.toSet())).hasSizeGreaterThanOrEqualTo(expected.length);
    }

    /** Directives of the workload, once per eventId, in order. */
    private static List<SchedulingDirectiveEvent> directives(String uid) {
        Set<String> seen = new java.util.HashSet<>();
        List<SchedulingDirectiveEvent> found = new ArrayList<>();
        for (SchedulingDirectiveEvent event : DIRECTIVES) {
            if (event.getWorkload().getUid().equals(uid) && seen.add(event.getEventId())) {
                found.add(event);
            }
        }
        return found;
    }

    private static void awaitDirectives(String uid, DirectiveAction... actions) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(directives(uid))
                .extracting(SchedulingDirectiveEvent::getAction).containsExactly(actions));
    }

    private static void assertDirectivesApplied(String uid) {
        assertThat(directives(uid)).allSatisfy(d -> assertThat(d.getOutcome()).isEqualTo(DirectiveOutcome.APPLIED));
        ServiceProcess.sleep(3000); // late duplicates would arrive now
        assertThat(directives(uid)).extracting(SchedulingDirectiveEvent::getAction)
                .containsExactly(DirectiveAction.ENSURE, DirectiveAction.RELEASE);
    }

    private static void awaitAllReady() {
        for (ServiceProcess service : SERVICES.values()) {
            service.awaitReady(SERVICE_READY);
        }
    }
}
