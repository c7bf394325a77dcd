package io.kindred.statusmapper.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import io.apicurio.registry.resolver.config.SchemaResolverConfig;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.kindred.devstack.Devstack;
import io.kindred.events.ResourceInterfaceVersion;
import io.kindred.events.WorkloadType;
import io.kindred.events.WorkloadTypeChange;
import io.kindred.events.WorkloadTypeEvent;
import io.kindred.kafka.EventDatumProvider;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.smallrye.reactive.messaging.kafka.companion.ProducerBuilder;

/** Produces workload-types records as registry-service would, plus broken ones. */
public final class TestTopics {

    public static final String WORKLOAD_TYPES = "workload-types";
    public static final String WORKLOAD_STATUS = "workload-status";
    public static final String WORKLOAD_TYPES_DLQ = "workload-types.dlq";

    private TestTopics() {
    }

    public static String bootstrapServers() {
        return Devstack.kafka().bootstrapServers();
    }

    public static String registryUrl() {
        return Devstack.schemaRegistry().apiUrl();
    }

    /** The text of a test RI from src/test/resources/ri, with {@code ${name}} placeholders replaced. */
    public static String ri(String file, Map<String, String> variables) {
        try (InputStream in = TestTopics.class.getResourceAsStream("/ri/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("No test RI /ri/" + file);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (Map.Entry<String, String> v : variables.entrySet()) {
                text = text.replace("${" + v.getKey() + "}", v.getValue());
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static WorkloadTypeEvent typeEvent(String name, String group, long revision, WorkloadTypeChange change,
                                              Map<String, String> riByVersion) {
        List<ResourceInterfaceVersion> versions = new ArrayList<>();
        riByVersion.forEach((version, ri) -> versions.add(new ResourceInterfaceVersion(version, ri)));
        WorkloadType type = WorkloadType.newBuilder()
                .setId(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString())
                .setName(name).setGroup(group)
                .setCategoryId("train").setCategoryName("Train")
                .setPriorityId("low").setPriorityName("low")
                .setPreemptibility(null).setBuiltin(false)
                .setVersions(versions)
                .build();
        return WorkloadTypeEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now())
                .setChange(change)
                .setRevision(revision)
                .setName(name)
                .setType(type)
                .build();
    }

    public static void send(String key, WorkloadTypeEvent event) {
        send(WORKLOAD_TYPES, key, event);
    }

    /** Produces one event record (any of the event classes) as the services do: Avro through the schema registry. */
    public static <T extends SpecificRecord> void send(String topic, String key, T event) {
        Map<String, Object> serde = new HashMap<>();
        serde.put(SchemaResolverConfig.REGISTRY_URL, registryUrl());
        serde.put(SchemaResolverConfig.AUTO_REGISTER_ARTIFACT, true);
        serde.put(AvroSerdeConfig.AVRO_DATUM_PROVIDER, EventDatumProvider.class);
        AvroKafkaSerializer<T> serializer = new AvroKafkaSerializer<>();
        serializer.configure(serde, false);
        produce(companion -> companion.produceWithSerializers(new StringSerializer(), serializer),
                KafkaCompanion.record(topic, key, event));
    }

    public static void register(String name, String group, long revision, Map<String, String> riByVersion) {
        send(name, typeEvent(name, group, revision, WorkloadTypeChange.CREATED, riByVersion));
    }

    public static void sendRaw(String topic, String key, byte[] value) {
        produce(companion -> companion.produce(byte[].class), KafkaCompanion.record(topic, key, value));
    }

    private static <V> void produce(Function<KafkaCompanion, ProducerBuilder<String, V>> producer,
                                    ProducerRecord<String, V> record) {
        try (KafkaCompanion companion = new KafkaCompanion(bootstrapServers())) {
            producer.apply(companion).withProp(ProducerConfig.ACKS_CONFIG, "all").fromRecords(record)
                    .awaitCompletion(Duration.ofSeconds(30));
        } catch (AssertionError e) {
            throw new IllegalStateException("Cannot produce the record " + record.key() + " on " + record.topic(), e);
        }
    }
}
