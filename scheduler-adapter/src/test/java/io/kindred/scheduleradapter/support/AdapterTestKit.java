package io.kindred.scheduleradapter.support;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.kindred.devstack.Devstack;
import io.kindred.events.AbstractState;
import io.kindred.events.ComponentScale;
import io.kindred.events.ControllerReference;
import io.kindred.events.ResourceInterfaceVersion;
import io.kindred.events.SchedulingDirectiveEvent;
import io.kindred.events.WorkloadStatusEvent;
import io.kindred.events.WorkloadType;
import io.kindred.events.WorkloadTypeChange;
import io.kindred.events.WorkloadTypeEvent;
import io.kindred.events.WorkloadTypeRef;
import io.kindred.kafka.KafkaClients;
import io.kindred.ri.catalog.CatalogEntry;
import io.kindred.scheduleradapter.Workloads;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * What the adapter's @QuarkusTests do to its surroundings: register built-in types on {@code workload-types},
 * publish status events as the status mapper would, create objects in the devstack's Kubernetes API and read the
 * directives back.
 */
public final class AdapterTestKit {

    private static KafkaClients clients;

    private AdapterTestKit() {
    }

    public static synchronized KafkaClients kafka() {
        if (clients == null) {
            String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
            String registry = ConfigProvider.getConfig().getValue("apicurio.registry.url", String.class);
            clients = new KafkaClients(Map.of("bootstrap.servers", bootstrap), registry, "adapter-test");
        }
        return clients;
    }

    public static KubernetesClient kubernetes() {
        return Devstack.kubernetes().client();
    }

    /** Publishes a built-in catalog type as the registry would. */
    public static void register(String kind) {
        CatalogEntry entry = Workloads.type(kind);
        List<ResourceInterfaceVersion> versions = entry.versions().stream()
                .map(v -> new ResourceInterfaceVersion(v.version(), v.specJson())).toList();
        WorkloadType type = WorkloadType.newBuilder()
                .setId(UUID.nameUUIDFromBytes(kind.getBytes()).toString()).setName(kind).setGroup(entry.group())
                .setCategoryId("c").setCategoryName(entry.category()).setPriorityId("p").setPriorityName(entry.priority())
                .setBuiltin(true).setVersions(versions).build();
        send("workload-types", kind, WorkloadTypeEvent.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now()).setChange(WorkloadTypeChange.CREATED).setRevision(System.nanoTime())
                .setName(kind).setType(type).build());
    }

    public static <T extends org.apache.avro.specific.SpecificRecord> void send(String topic, String key, T event) {
        try (KafkaProducer<String, T> producer = kafka().eventProducer("test", Map.of())) {
            producer.send(new ProducerRecord<>(topic, key, event)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot produce to " + topic, e);
        }
    }

    /** A status event as the mapper publishes it. */
    public static WorkloadStatusEvent status(GenericKubernetesResource object, AbstractState state,
            List<ComponentScale> components, ControllerReference controller) {
        String apiVersion = object.getApiVersion();
        int slash = apiVersion.indexOf('/');
        return WorkloadStatusEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString()).setObservedAt(Instant.now()).setClusterId("test-cluster")
                .setGroup(slash < 0 ? "" : apiVersion.substring(0, slash))
                .setVersion(apiVersion.substring(slash + 1)).setKind(object.getKind())
                .setNamespace(object.getMetadata().getNamespace()).setName(object.getMetadata().getName())
                .setUid(object.getMetadata().getUid()).setWorkloadType(new WorkloadTypeRef(object.getKind(), 1L))
                .setState(state).setComponents(components).setController(controller).build();
    }

    /**
     * The components a status event of {@code object} carries, computed as the status mapper computes them: every
     * instance of every component of the type's RI, with its scale (null when the component has none).
     */
    public static List<ComponentScale> components(String kind, com.fasterxml.jackson.databind.JsonNode object) {
        io.kindred.ri.structure.WorkloadStructure structure = Workloads.ri(kind).structure(object);
        List<ComponentScale> scales = new ArrayList<>();
        for (io.kindred.ri.structure.ComponentStructure component : structure.components().values()) {
            for (String id : component.instanceIds()) {
                io.kindred.ri.structure.InstanceStructure instance = component.instance(id);
                io.kindred.ri.structure.Scale scale = instance == null || instance.scale() == null
                        ? io.kindred.ri.structure.Scale.ABSENT : instance.scale();
                scales.add(new ComponentScale(component.name(), id, scale.replicas(), scale.minReplicas(),
                        scale.maxReplicas()));
            }
        }
        return scales;
    }

    public static ComponentScale scale(String component, Integer replicas, Integer minReplicas) {
        return new ComponentScale(component, "", replicas, minReplicas, null);
    }

    public static void installCrd(String group, String kind, String plural, String version) {
        CustomResourceDefinition crd = new CustomResourceDefinitionBuilder()
                .withNewMetadata().withName(plural + "." + group).endMetadata()
                .withNewSpec().withGroup(group).withScope("Namespaced")
                .withNewNames().withKind(kind).withPlural(plural).withSingular(kind.toLowerCase()).endNames()
                .addNewVersion().withName(version).withServed(true).withStorage(true)
                .withNewSchema().withNewOpenAPIV3Schema().withType("object").withXKubernetesPreserveUnknownFields(true)
                .endOpenAPIV3Schema().endSchema().endVersion()
                .endSpec().build();
        kubernetes().apiextensions().v1().customResourceDefinitions().resource(crd).createOr(NonDeletingOperation::update);
    }

    public static ResourceDefinitionContext context(String group, String version, String kind, String plural) {
        return new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withKind(kind)
                .withPlural(plural).withNamespaced(true).build();
    }

    public static GenericKubernetesResource create(ResourceDefinitionContext context, String namespace,
            Map<String, Object> object) {
        GenericKubernetesResource resource = kubernetes().getKubernetesSerialization()
                .convertValue(object, GenericKubernetesResource.class);
        return kubernetes().genericKubernetesResources(context).inNamespace(namespace).resource(resource).create();
    }

    public static GenericKubernetesResource podGroup(String apiVersionGroup, String version, String namespace, String name) {
        return kubernetes().genericKubernetesResources(context(apiVersionGroup, version, "PodGroup", "podgroups"))
                .inNamespace(namespace).withName(name).get();
    }

    /** Every directive about {@code uid} published so far. */
    public static List<SchedulingDirectiveEvent> directives(String uid) {
        List<SchedulingDirectiveEvent> found = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = kafka().rawConsumer("directives-reader")) {
            var deserializer = kafka().<SchedulingDirectiveEvent>avroDeserializer();
            var partitions = io.kindred.kafka.CompactedTopics.partitions(consumer, "scheduling-directives", Duration.ofSeconds(10));
            Map<TopicPartition, Long> end = io.kindred.kafka.CompactedTopics.assignFromBeginning(consumer, partitions,
                    Duration.ofSeconds(10));
            while (!io.kindred.kafka.CompactedTopics.reached(consumer, end)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    SchedulingDirectiveEvent event = deserializer.deserialize(record.topic(), record.headers(), record.value());
                    if (event != null && event.getWorkload().getUid().equals(uid)) {
                        found.add(event);
                    }
                }
            }
        }
        return found;
    }

    /** An AdmissionReview of the creation of {@code podJson} (a Pod object) in {@code namespace}, as the API server sends it. */
    public static String admissionReview(String reviewUid, String namespace, String podJson) {
        return "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\""
                + reviewUid + "\",\"kind\":{\"group\":\"\",\"version\":\"v1\",\"kind\":\"Pod\"},"
                + "\"operation\":\"CREATE\",\"namespace\":\"" + namespace + "\",\"object\":" + podJson + "}}";
    }

    /** The keys of every record of {@code topic} so far (empty when the topic does not exist yet). */
    public static List<String> rawKeys(String topic) {
        List<String> keys = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = kafka().rawConsumer("keys-reader")) {
            var partitions = io.kindred.kafka.CompactedTopics.partitions(consumer, topic, Duration.ofSeconds(10));
            Map<TopicPartition, Long> end = io.kindred.kafka.CompactedTopics.assignFromBeginning(consumer, partitions,
                    Duration.ofSeconds(10));
            while (!io.kindred.kafka.CompactedTopics.reached(consumer, end)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    keys.add(record.key() == null ? null : new String(record.key(), java.nio.charset.StandardCharsets.UTF_8));
                }
            }
        }
        return keys;
    }

    /** Builds a GenericKubernetesResource-shaped map. */
    public static Map<String, Object> object(String apiVersion, String kind, String name, Map<String, Object> spec) {
        return Map.of("apiVersion", apiVersion, "kind", kind, "metadata", Map.of("name", name), "spec", spec);
    }

    public static GenericKubernetesResourceBuilder builder() {
        return new GenericKubernetesResourceBuilder();
    }
}
