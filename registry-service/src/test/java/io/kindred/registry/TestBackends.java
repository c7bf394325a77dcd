package io.kindred.registry;

import io.kindred.devstack.quarkus.KafkaTestResource;
import io.kindred.devstack.quarkus.PostgresTestResource;
import io.kindred.devstack.quarkus.SchemaRegistryTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/**
 * The real backends every {@code @QuarkusTest} of this module runs against: the devstack's PostgreSQL, Kafka broker
 * and Apicurio-compatible schema registry (in-process, or the services named by KINDRED_PG_URL,
 * KAFKA_BOOTSTRAP_SERVERS and APICURIO_REGISTRY_URL). Global scope: one application instance serves all test classes.
 */
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = SchemaRegistryTestResource.class, scope = TestResourceScope.GLOBAL)
public final class TestBackends {

    private TestBackends() {
    }
}
