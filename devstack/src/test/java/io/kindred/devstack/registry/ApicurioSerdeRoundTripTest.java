package io.kindred.devstack.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.kindred.devstack.Devstack;

/**
 * The real Apicurio serde 3.1.7 against the stand-in: every way the serializer finds its schema (auto-register,
 * find-latest, look-up by content) and every id the deserializer resolves (contentId, globalId), then through a real
 * topic of the embedded broker.
 */
class ApicurioSerdeRoundTripTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Schema schema;
    private static SchemaRegistryStandIn registry;

    @BeforeAll
    static void startRegistry() throws IOException {
        try (InputStream in = ApicurioSerdeRoundTripTest.class.getResourceAsStream("/avro/devstack-probe.avsc")) {
            schema = new Schema.Parser().parse(in);
        }
        registry = SchemaRegistryStandIn.start(0);
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    @Test
    void autoRegisterThenDeserializeByContentId() {
        String topic = "probe-content-id";
        byte[] bytes = serialize(topic, Map.of("apicurio.registry.auto-register", "true"), probe("a", 1));

        GenericRecord read = deserialize(topic, Map.of(), bytes);

        assertThat(read.get("id").toString()).isEqualTo("a");
        assertThat(read.get("count")).isEqualTo(1L);
        JsonNode latest = getJson("/groups/default/artifacts/" + topic + "-value/versions/branch=latest");
        assertThat(idInPayload(bytes)).isEqualTo(latest.get("contentId").asLong());
        assertThat(latest.get("artifactType").asText()).isEqualTo("AVRO");
    }

    @Test
    void autoRegisterThenDeserializeByGlobalId() {
        String topic = "probe-global-id";
        Map<String, String> useGlobalId = Map.of("apicurio.registry.use-id", "globalId");
        byte[] bytes = serialize(topic, with(useGlobalId, "apicurio.registry.auto-register", "true"), probe("b", 2));

        GenericRecord read = deserialize(topic, useGlobalId, bytes);

        assertThat(read.get("id").toString()).isEqualTo("b");
        JsonNode latest = getJson("/groups/default/artifacts/" + topic + "-value/versions/branch=latest");
        assertThat(idInPayload(bytes)).isEqualTo(latest.get("globalId").asLong());
    }

    @Test
    void registeringTheSameSchemaAgainFindsTheExistingVersion() {
        String topic = "probe-idempotent";
        Map<String, String> autoRegister = Map.of("apicurio.registry.auto-register", "true",
                "apicurio.registry.use-id", "globalId");
        byte[] first = serialize(topic, autoRegister, probe("c", 3));
        byte[] second = serialize(topic, autoRegister, probe("d", 4)); // a fresh serializer: no client-side cache

        assertThat(idInPayload(second)).isEqualTo(idInPayload(first));
        assertThat(getJson("/groups/default/artifacts/" + topic + "-value/versions").get("count").asInt())
                .isEqualTo(1);
    }

    @Test
    void findLatestUsesTheRegisteredVersion() {
        String topic = "probe-find-latest";
        byte[] registered = serialize(topic, Map.of("apicurio.registry.auto-register", "true"), probe("e", 5));

        byte[] bytes = serialize(topic, Map.of("apicurio.registry.find-latest", "true"), probe("f", 6));

        assertThat(idInPayload(bytes)).isEqualTo(idInPayload(registered));
        assertThat(deserialize(topic, Map.of(), bytes).get("id").toString()).isEqualTo("f");
    }

    @Test
    void lookUpByContentFindsTheRegisteredVersion() {
        String topic = "probe-by-content";
        Map<String, String> useGlobalId = Map.of("apicurio.registry.use-id", "globalId");
        byte[] registered = serialize(topic, with(useGlobalId, "apicurio.registry.auto-register", "true"),
                probe("g", 7));

        // neither auto-register nor find-latest: the serializer searches versions by the schema's content
        byte[] bytes = serialize(topic, useGlobalId, probe("h", 8));

        assertThat(idInPayload(bytes)).isEqualTo(idInPayload(registered));
        assertThat(deserialize(topic, useGlobalId, bytes).get("id").toString()).isEqualTo("h");
    }

    @Test
    void roundTripThroughTheEmbeddedBroker() throws Exception {
        String topic = "probe-through-kafka";
        String bootstrapServers = Devstack.kafka().bootstrapServers();
        Devstack.kafka().createCompactedTopic(topic);
        Map<String, Object> producerConfig = new HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroKafkaSerializer.class,
                "apicurio.registry.url", registry.apiUrl(),
                "apicurio.registry.auto-register", "true"));
        try (KafkaProducer<String, GenericRecord> producer = new KafkaProducer<>(producerConfig)) {
            producer.send(new ProducerRecord<>(topic, "k1", probe("through-kafka", 42))).get(30, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(topic, "k2", null)).get(30, TimeUnit.SECONDS); // tombstone
        }
        Map<String, Object> consumerConfig = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "serde-round-trip",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, AvroKafkaDeserializer.class,
                "apicurio.registry.url", registry.apiUrl());
        List<ConsumerRecord<String, GenericRecord>> records = new ArrayList<>();
        try (KafkaConsumer<String, GenericRecord> consumer = new KafkaConsumer<>(consumerConfig)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (records.size() < 2 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        assertThat(records).hasSize(2);
        assertThat(records.get(0).key()).isEqualTo("k1");
        assertThat(records.get(0).value().get("id").toString()).isEqualTo("through-kafka");
        assertThat(records.get(0).value().get("count")).isEqualTo(42L);
        assertThat(records.get(1).value()).isNull();
    }

    private static GenericRecord probe(String id, long count) {
        GenericRecord record = new GenericData.Record(schema);
        record.put("id", id);
        record.put("count", count);
        record.put("tags", List.of("devstack"));
        return record;
    }

    private static byte[] serialize(String topic, Map<String, String> settings, GenericRecord record) {
        try (AvroKafkaSerializer<GenericRecord> serializer = new AvroKafkaSerializer<>()) {
            serializer.configure(with(settings, "apicurio.registry.url", registry.apiUrl()), false);
            return serializer.serialize(topic, record);
        }
    }

    private static GenericRecord deserialize(String topic, Map<String, String> settings, byte[] bytes) {
        try (AvroKafkaDeserializer<GenericRecord> deserializer = new AvroKafkaDeserializer<>()) {
            deserializer.configure(with(settings, "apicurio.registry.url", registry.apiUrl()), false);
            return deserializer.deserialize(topic, bytes);
        }
    }

    /** The serde's wire format: magic byte 0, then the 4-byte id. */
    private static long idInPayload(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        assertThat(buffer.get()).isZero();
        return buffer.getInt();
    }

    private static Map<String, String> with(Map<String, String> settings, String key, String value) {
        Map<String, String> merged = new HashMap<>(settings);
        merged.put(key, value);
        return merged;
    }

    private static JsonNode getJson(String path) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(registry.apiUrl() + path.replace("=", "%3D"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
