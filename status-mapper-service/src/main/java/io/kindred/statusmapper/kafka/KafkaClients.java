package io.kindred.statusmapper.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.apicurio.registry.resolver.config.SchemaResolverConfig;
import io.kindred.events.WorkloadStatusEvent;

/**
 * Builds every Kafka client of the service from one base configuration (all {@code kafka.*} properties, so security
 * settings apply everywhere) plus what each client needs.
 * <p>
 * Plain Kafka clients rather than reactive-messaging channels: the service must rebuild its state store from the
 * output topic before anything is watched, read the types topic from the beginning with every instance, and stop and
 * restart the whole pipeline in-process; all three need control over assignment, seeking and lifecycle.
 */
public final class KafkaClients {

    private final Map<String, Object> base;
    private final String registryUrl;
    private final String clientIdPrefix;

    /**
     * @param base Kafka client properties shared by every client (at least {@code bootstrap.servers})
     * @param registryUrl Apicurio Registry v3 API URL, e.g. {@code http://localhost:8085/apis/registry/v3}
     * @param clientIdPrefix prefix of every client.id (so broker-side metrics and logs name this service)
     */
    public KafkaClients(Map<String, Object> base, String registryUrl, String clientIdPrefix) {
        this.base = Map.copyOf(base);
        this.registryUrl = registryUrl;
        this.clientIdPrefix = clientIdPrefix;
    }

    public String registryUrl() {
        return registryUrl;
    }

    /** Producer of status events: every record acknowledged by all in-sync replicas, idempotent, ordered per key. */
    public KafkaProducer<String, WorkloadStatusEvent> statusProducer(Duration linger) {
        Map<String, Object> config = new HashMap<>(base);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientIdPrefix + "-status");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // Idempotence keeps order per partition with up to 5 requests in flight.
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.LINGER_MS_CONFIG, (int) linger.toMillis());
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.putAll(registryConfig());
        config.put(SchemaResolverConfig.AUTO_REGISTER_ARTIFACT, true);
        return new KafkaProducer<>(config, new StringSerializer(), serializer(config));
    }

    /** Producer of dead letters: copies the raw bytes of the failed record. */
    public KafkaProducer<byte[], byte[]> rawProducer(String purpose) {
        Map<String, Object> config = new HashMap<>(base);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientIdPrefix + "-" + purpose);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * A consumer without a group: it is assigned partitions explicitly and never commits, because the service
     * re-reads its input topics from the beginning at every start.
     */
    public KafkaConsumer<byte[], byte[]> rawConsumer(String purpose) {
        Map<String, Object> config = new HashMap<>(base);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientIdPrefix + "-" + purpose);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    public Admin admin() {
        Map<String, Object> config = new HashMap<>(base);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, clientIdPrefix + "-admin");
        return Admin.create(config);
    }

    /** Value deserializer for records of Kindred's Avro events, returning the generated classes (see {@link EventDatumProvider}). */
    public <T> Deserializer<T> avroDeserializer() {
        AvroKafkaDeserializer<T> deserializer = new AvroKafkaDeserializer<>();
        deserializer.configure(registryConfig(), false);
        return deserializer;
    }

    public static Deserializer<String> keyDeserializer() {
        return new StringDeserializer();
    }

    private AvroKafkaSerializer<WorkloadStatusEvent> serializer(Map<String, Object> config) {
        AvroKafkaSerializer<WorkloadStatusEvent> serializer = new AvroKafkaSerializer<>();
        serializer.configure(config, false);
        return serializer;
    }

    private Map<String, Object> registryConfig() {
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

    /** True when {@code consumer} has read every assigned partition up to the offsets in {@code end}. */
    public static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
