package io.kindred.devstack.quarkus;

import java.util.Map;

import io.kindred.devstack.Devstack;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The JVM-wide PostgreSQL for a {@code @QuarkusTest}: database {@code kindred}; returns
 * {@code quarkus.datasource.reactive.url}, {@code quarkus.datasource.jdbc.url}, {@code quarkus.datasource.username}
 * and {@code quarkus.datasource.password}.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Devstack.postgres().quarkusConfig();
    }

    @Override
    public void stop() {
        // shared by every test class in this JVM; stopped at JVM exit
    }
}
