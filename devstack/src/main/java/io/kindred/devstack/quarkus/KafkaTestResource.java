package io.kindred.devstack.quarkus;

import java.util.Arrays;
import java.util.Map;

import io.kindred.devstack.Devstack;
import io.kindred.devstack.kafka.KafkaBackend;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The JVM-wide Kafka for a {@code @QuarkusTest}; returns {@code kafka.bootstrap.servers}. A broker a previous test
 * left stopped is started again. Optional init args create topics up front:
 *
 * <pre>{@code
 * @QuarkusTestResource(value = KafkaTestResource.class, initArgs = {
 *         @ResourceArg(name = "compacted-topics", value = "workload-types,workload-status"),
 *         @ResourceArg(name = "topics", value = "scheduling-directives:3") })
 * }</pre>
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    /** Comma-separated {@code name} or {@code name:partitions}. */
    public static final String TOPICS = "topics";
    /** Comma-separated {@code name} or {@code name:partitions}, created with cleanup.policy=compact. */
    public static final String COMPACTED_TOPICS = "compacted-topics";

    private String topics = "";
    private String compactedTopics = "";

    @Override
    public void init(Map<String, String> initArgs) {
        topics = initArgs.getOrDefault(TOPICS, "");
        compactedTopics = initArgs.getOrDefault(COMPACTED_TOPICS, "");
    }

    @Override
    public Map<String, String> start() {
        KafkaBackend kafka = Devstack.kafka();
        if (kafka.supportsBrokerRestart()) {
            kafka.startBroker();
        }
        createTopics(kafka, topics, TOPICS, false);
        createTopics(kafka, compactedTopics, COMPACTED_TOPICS, true);
        return kafka.quarkusConfig();
    }

    @Override
    public void stop() {
        // shared by every test class in this JVM; stopped at JVM exit
    }

    private static void createTopics(KafkaBackend kafka, String spec, String argument, boolean compacted) {
        Arrays.stream(spec.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(entry -> {
            String[] parts = entry.split(":");
            int partitions = 1;
            if (parts.length > 2 || parts[0].isBlank()) {
                throw new IllegalArgumentException(argument + ": '" + entry + "' is not name or name:partitions");
            }
            if (parts.length == 2) {
                try {
                    partitions = Integer.parseInt(parts[1].trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(argument + ": partitions of '" + entry + "' is not a number", e);
                }
            }
            if (compacted) {
                kafka.createCompactedTopic(parts[0].trim(), partitions);
            } else {
                kafka.createTopic(parts[0].trim(), partitions);
            }
        });
    }
}
