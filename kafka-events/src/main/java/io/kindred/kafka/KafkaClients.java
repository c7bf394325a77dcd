package io.kindred.kafka;

import java.util.HashMap;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.apicurio.registry.resolver.config.SchemaResolverConfig;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;

/**
 * Builds a service's Kafka clients from one base configuration (all {@code kafka.*} properties, so security settings
 * apply everywhere, plus any {@code apicurio.*} serde setting) and adds what each client needs. Every Avro serde it
 * builds reads and writes the generated event classes through {@link EventDatumProvider}.
 * <p>
 * A factory rather than shared clients: producers, consumers and admin clients have different lifecycles in each
 * service (a producer rebuilt after a failure, a consumer per pipeline run), so the caller owns and closes what it gets.
 */
public final class KafkaClients {

    private final Map<String, Object> base;
    private final String registryUrl;
    private final String clientIdPrefix;

    /**
     * @param base Kafka client properties shared by every client (at least {@code bootstrap.servers}); keys starting
     *        with {@code apicurio.} configure the Avro serdes
     * @param registryUrl Apicurio Registry v3 API URL, e.g. {@code http://localhost:8085/apis/registry/v3}
     * @param clientIdPrefix prefix of every client.id ({@code <prefix>-<purpose>}), so broker-side metrics, quotas and
     *        logs name the service and the client's job
     */
    public KafkaClients(Map<String, Object> base, String registryUrl, String clientIdPrefix) {
        this.base = Map.copyOf(base);
        this.registryUrl = registryUrl;
        this.clientIdPrefix = clientIdPrefix;
    }

    public String registryUrl() {
        return registryUrl;
    }

    /**
     * Producer of Avro events (key = string): every record acknowledged by all in-sync replicas, idempotent, so retries
     * neither lose nor duplicate nor reorder the records of a key. The schema is registered on first use.
     *
     * @param overrides producer settings of this use (linger, compression, timeouts…); they cannot weaken the
     *        delivery guarantees above, which are applied after them
     */
    public <T extends SpecificRecord> KafkaProducer<String, T> eventProducer(String purpose, Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>(base);
        config.putAll(overrides);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId(purpose));
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // Idempotence keeps order per partition with up to 5 requests in flight.
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.putAll(serdeConfig());
        config.put(SchemaResolverConfig.AUTO_REGISTER_ARTIFACT, true);
        AvroKafkaSerializer<T> serializer = new AvroKafkaSerializer<>();
        serializer.configure(config, false);
        return new KafkaProducer<>(config, new StringSerializer(), serializer);
    }

    /** Producer of raw bytes (dead letters copy the failed record as it was), acks=all and idempotent. */
    public KafkaProducer<byte[], byte[]> rawProducer(String purpose) {
        Map<String, Object> config = new HashMap<>(base);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId(purpose));
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * A consumer without a group: it is assigned partitions explicitly and never commits, for topics a service re-reads
     * from the beginning at every start (see {@link CompactedTopics}). Values stay bytes so that one bad record can be
     * dead-lettered as it was instead of failing the poll; decode them with {@link #avroDeserializer()}.
     */
    public KafkaConsumer<byte[], byte[]> rawConsumer(String purpose) {
        Map<String, Object> config = new HashMap<>(base);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId(purpose));
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * A consumer in a group, for a stream the replicas of a service share: manual commits (commit after the records
     * are applied), {@code earliest} for a new group, no topic auto-creation. Values stay bytes, as for
     * {@link #rawConsumer}, so one bad record can be skipped or dead-lettered; decode them with
     * {@link #avroDeserializer()}.
     */
    public KafkaConsumer<String, byte[]> groupConsumer(String purpose, String groupId) {
        Map<String, Object> config = new HashMap<>(base);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId(purpose));
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * An admin client. Only the base settings an admin client knows are passed on, so consumer or producer settings in
     * the shared {@code kafka.*} configuration do not fill the log with "unknown config" warnings.
     *
     * @param overrides admin settings of this use (e.g. request and API timeouts)
     */
    public Admin admin(String purpose, Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>();
        base.forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key)) {
                config.put(key, value);
            }
        });
        config.putAll(overrides);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId(purpose));
        return Admin.create(config);
    }

    /** Value deserializer of Kindred's Avro events, returning the generated classes (see {@link EventDatumProvider}). */
    public <T> Deserializer<T> avroDeserializer() {
        AvroKafkaDeserializer<T> deserializer = new AvroKafkaDeserializer<>();
        deserializer.configure(serdeConfig(), false);
        return deserializer;
    }

    /** The Apicurio serde settings: the base's {@code apicurio.*} keys, the registry URL and the datum provider. */
    public Map<String, Object> serdeConfig() {
        Map<String, Object> config = new HashMap<>();
        base.forEach((k, v) -> {
            if (k.startsWith("apicurio.")) {
                config.put(k, v);
            }
        });
        config.put(SchemaResolverConfig.REGISTRY_URL, registryUrl);
        config.put(AvroSerdeConfig.AVRO_DATUM_PROVIDER, EventDatumProvider.class);
        return config;
    }

    private String clientId(String purpose) {
        return clientIdPrefix + "-" + purpose;
    }
}
