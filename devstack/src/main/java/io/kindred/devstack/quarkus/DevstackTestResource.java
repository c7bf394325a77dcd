package io.kindred.devstack.quarkus;

import java.util.LinkedHashMap;
import java.util.Map;

import io.kindred.devstack.Devstack;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * All four backends for a {@code @QuarkusTest}, started side by side: the union of what {@link KafkaTestResource},
 * {@link PostgresTestResource}, {@link SchemaRegistryTestResource} and {@link KubernetesTestResource} return. Accepts
 * the same topic init args as {@link KafkaTestResource}.
 */
public class DevstackTestResource implements QuarkusTestResourceLifecycleManager {

    private final KafkaTestResource kafka = new KafkaTestResource();

    @Override
    public void init(Map<String, String> initArgs) {
        kafka.init(initArgs);
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new LinkedHashMap<>(Devstack.startAll());
        config.putAll(kafka.start()); // restarts a broker left stopped, creates the requested topics
        return config;
    }

    @Override
    public void stop() {
        // shared by every test class in this JVM; stopped at JVM exit
    }
}
