package io.kindred.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.kindred.events.AbstractState;
import io.kindred.events.DirectiveAction;
import io.kindred.events.SchedulingDirectiveEvent;
import io.kindred.events.WorkloadStatusEvent;
import io.kindred.kafka.KafkaClients;
import io.kindred.stack.Console.Colour;

/**
 * {@code bin/kindred demo}: a custom workload kind from registration to release, on a running stack, narrated as the
 * events arrive.
 */
final class DemoCommand {

    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration PAUSE = Duration.ofMillis(1500);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    private static final String NAMESPACE = "default";

    private final Path directory;
    private final Console console;

    DemoCommand(Path root, Console console) {
        this.directory = StackState.directory(root);
        this.console = console;
    }

    int run() throws Exception {
        Optional<StackState> read = StackState.read(directory);
        if (read.isEmpty()) {
            console.println("kindred demo: Kindred is not running here. Start it first, in another terminal: "
                    + "bin/kindred up");
            return 3;
        }
        StackState state = read.get();
        Map<String, String> env = state.environment();
        long begin = System.nanoTime();
        String name = "demo-" + LocalTime.now().format(DateTimeFormatter.ofPattern("HHmmss"));

        RegistryClient registry = RegistryClient.login(state.serviceUrl(KindredService.REGISTRY),
                env.get("KINDRED_ADMIN_CLIENT_ID"), env.get("KINDRED_ADMIN_CLIENT_SECRET"));
        KafkaClients kafka = new KafkaClients(Map.of("bootstrap.servers", state.get("kafka")),
                state.get("schema-registry"), "kindred-demo");
        try (KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Path.of(state.get("kubeconfig")).toFile())).build()) {
            step("kubernetes", "create CRD " + DemoWorkload.crd().getMetadata().getName()
                    + " (kubectl apply -f crd.yaml)");
            DemoWorkload.installCrd(client);

            JsonNode existing = registry.type(DemoWorkload.KIND);
            if (existing.isMissingNode()) {
                JsonNode type = registry.register(DemoWorkload.createFields(registry));
                step("registry", "POST /api/v1/workload-types: registered " + DemoWorkload.KIND + " ("
                        + DemoWorkload.GROUP + ", category Train, priority low) id " + type.path("id").asText());
            } else {
                step("registry", DemoWorkload.KIND + " is registered already (id " + existing.path("id").asText()
                        + ")");
            }
            String mapper = state.serviceUrl(KindredService.STATUS_MAPPER);
            if (!waitFor(() -> watching(mapper))) {
                return fail("status-mapper-service does not watch " + DemoWorkload.KIND + " after "
                        + STEP_TIMEOUT.toSeconds() + " s; see bin/kindred status and its log");
            }
            step("status-mapper", "watching " + DemoWorkload.GROUP + "/" + DemoWorkload.VERSION + " "
                    + DemoWorkload.KIND);

            Milestones seen = new Milestones();
            Predicate<String> ours = objectName -> objectName.equals(name);
            try (EventStream events = EventStream.open(kafka, List.of("workload-status", "scheduling-directives"),
                    false, record -> onEvent(record, ours, seen));
                    Watch groups = client.genericKubernetesResources(DemoWorkload.KAI_POD_GROUPS)
                            .inNamespace(NAMESPACE).watch(podGroupWatcher(name, seen))) {

                GenericKubernetesResource run = DemoWorkload.create(client, NAMESPACE, name, 2);
                step("kubernetes", "created " + DemoWorkload.KIND + " " + NAMESPACE + "/" + name + " with 2 workers"
                        + " (uid " + run.getMetadata().getUid() + ")");

                for (String phase : List.of("Initializing", "Running", "Completed")) {
                    ServiceProcess.sleep(PAUSE.toMillis()); // time to read what just arrived
                    DemoWorkload.setPhase(client, NAMESPACE, name, phase);
                    step("kubernetes", "status.phase = " + phase + " (kubectl patch --subresource=status)");
                    AbstractState expected = AbstractState.valueOf(phase.toUpperCase());
                    if (!EventStream.await(seen.state(expected), STEP_TIMEOUT)) {
                        return fail("no " + expected + " event on workload-status within " + STEP_TIMEOUT.toSeconds()
                                + " s; see bin/kindred status");
                    }
                    if (expected == AbstractState.INITIALIZING) {
                        if (!EventStream.await(seen.podGroupAdded, STEP_TIMEOUT)
                                || !EventStream.await(seen.ensured, STEP_TIMEOUT)) {
                            return fail("no PodGroup and ENSURE directive within " + STEP_TIMEOUT.toSeconds() + " s");
                        }
                        String patch = Admission.review(state.serviceUrl(KindredService.SCHEDULER_ADAPTER),
                                Admission.podCreate(NAMESPACE, name + "-worker-0", DemoWorkload.owner(run),
                                        DemoWorkload.workerLabels()));
                        step("admission", "pod " + name + "-worker-0 created: the webhook binds it: " + patch);
                    }
                }
                if (!EventStream.await(seen.released, STEP_TIMEOUT) || !EventStream.await(seen.podGroupDeleted,
                        STEP_TIMEOUT)) {
                    return fail("the gang was not released within " + STEP_TIMEOUT.toSeconds() + " s");
                }
                client.genericKubernetesResources(DemoWorkload.CONTEXT).inNamespace(NAMESPACE).withName(name).delete();
            }
        }
        console.println(console.paint(Colour.GREEN, String.format("demo done in %.1f s", (System.nanoTime() - begin)
                / 1e9)) + ": a kind Kindred had never seen, registered over REST, watched, gang-scheduled and"
                + " released. kubectl get trainingruns,podgroups.scheduling.run.ai shows what is left.");
        return 0;
    }

    private void onEvent(ConsumerRecord<String, Object> record, Predicate<String> ours, Milestones seen) {
        Object event = record.value();
        if (event instanceof WorkloadStatusEvent status && ours.test(status.getName())) {
            step("workload-status", console.paint(Colour.CYAN, EventFormat.status(status)));
            seen.state(status.getState()).countDown();
        } else if (event instanceof SchedulingDirectiveEvent directive && ours.test(directive.getWorkload().getName())) {
            step("scheduling-directives", console.paint(Colour.MAGENTA, EventFormat.directive(directive)));
            if (directive.getAction() == DirectiveAction.RELEASE) {
                seen.released.countDown();
            } else {
                seen.ensured.countDown();
            }
        }
    }

    private Watcher<GenericKubernetesResource> podGroupWatcher(String name, Milestones seen) {
        return new Watcher<>() {
            @Override
            public void eventReceived(Action action, GenericKubernetesResource group) {
                boolean ours = group.getMetadata().getOwnerReferences().stream()
                        .anyMatch(owner -> name.equals(owner.getName()));
                if (!ours) {
                    return;
                }
                step("podgroup", console.paint(Colour.YELLOW, action + " PodGroup " + group.getMetadata().getName()
                        + " " + group.getAdditionalProperties().get("spec")));
                if (action == Action.ADDED) {
                    seen.podGroupAdded.countDown();
                } else if (action == Action.DELETED) {
                    seen.podGroupDeleted.countDown();
                }
            }

            @Override
            public void onClose(WatcherException cause) {
                step("podgroup", "watch closed: " + cause.getMessage());
            }
        };
    }

    private static boolean watching(String mapperUrl) {
        Health health = Health.ready(mapperUrl);
        String gvk = DemoWorkload.GROUP + "/" + DemoWorkload.VERSION + "/" + DemoWorkload.KIND;
        var fields = health.check("kind watches").path("data").fields();
        while (fields.hasNext()) {
            var field = fields.next();
            if (field.getKey().contains(DemoWorkload.KIND) && field.getKey().contains(DemoWorkload.GROUP)
                    || field.getKey().equals(gvk)) {
                return field.getValue().asText().startsWith("WATCHING");
            }
        }
        return false;
    }

    private static boolean waitFor(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            ServiceProcess.sleep(500);
        }
        return false;
    }

    private void step(String source, String text) {
        console.println(console.paint(Colour.GREY, LocalTime.now().format(CLOCK)) + " "
                + console.paint(Colour.BOLD, String.format("%-22s", source)) + " " + text);
    }

    private int fail(String message) {
        console.println(console.paint(Colour.RED, "demo failed: " + message));
        return 1;
    }

    /** Latches for what the demo waits for. */
    private static final class Milestones {
        private final Map<AbstractState, CountDownLatch> states = new java.util.concurrent.ConcurrentHashMap<>();
        final CountDownLatch ensured = new CountDownLatch(1);
        final CountDownLatch released = new CountDownLatch(1);
        final CountDownLatch podGroupAdded = new CountDownLatch(1);
        final CountDownLatch podGroupDeleted = new CountDownLatch(1);

        CountDownLatch state(AbstractState state) {
            return states.computeIfAbsent(state, s -> new CountDownLatch(1));
        }
    }
}
