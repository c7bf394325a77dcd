package io.kindred.statusmapper.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
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
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrapServers());
        config.put("acks", "all");
        config.put(SchemaResolverConfig.REGISTRY_URL, registryUrl());
        config.put(SchemaResolverConfig.AUTO_REGISTER_ARTIFACT, true);
        config.put(AvroSerdeConfig.AVRO_DATUM_PROVIDER, EventDatumProvider.class);
        AvroKafkaSerializer<T> serializer = new AvroKafkaSerializer<>();
        serializer.configure(config, false);
        try (KafkaProducer<String, T> producer = new KafkaProducer<>(config, new StringSerializer(), serializer)) {
            producer.send(new ProducerRecord<>(topic, key, event)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot produce the record " + key + " on " + topic, e);
        }
    }

    public static void register(String name, String group, long revision, Map<String, String> riByVersion) {
        send(name, typeEvent(name, group, revision, WorkloadTypeChange.CREATED, riByVersion));
    }

    public static void sendRaw(String topic, String key, byte[] value) {
        Properties config = new Properties();
        config.put("bootstrap.servers", bootstrapServers());
        config.put("acks", "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value))
                    .get(30, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot produce a raw record to " + topic, e);
        }
    }
}
