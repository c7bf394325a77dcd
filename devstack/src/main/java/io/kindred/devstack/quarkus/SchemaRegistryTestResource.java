package io.kindred.devstack.quarkus;

import java.util.Map;

import io.kindred.devstack.Devstack;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The JVM-wide Apicurio v3 registry for a {@code @QuarkusTest}; returns
 * {@code mp.messaging.connector.smallrye-kafka.apicurio.registry.url} and {@code apicurio.registry.url}.
 */
public class SchemaRegistryTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Devstack.schemaRegistry().quarkusConfig();
    }

    @Override
    public void stop() {
        // shared by every test class in this JVM; stopped at JVM exit
    }
}
