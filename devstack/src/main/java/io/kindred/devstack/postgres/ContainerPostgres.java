package io.kindred.devstack.postgres;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

import io.kindred.devstack.backend.BackendSource;

/** PostgreSQL in a container (same major version as the embedded binaries), with the kindred database and login. */
public final class ContainerPostgres implements PostgresBackend {

    public static final String IMAGE = "postgres:14-alpine";
    private static final Logger LOG = LoggerFactory.getLogger(ContainerPostgres.class);

    private final PostgreSQLContainer container;

    private ContainerPostgres(PostgreSQLContainer container) {
        this.container = container;
    }

    public static ContainerPostgres start() {
        PostgreSQLContainer container = new PostgreSQLContainer(IMAGE)
                .withDatabaseName(DATABASE)
                .withUsername(USERNAME)
                .withPassword(PASSWORD);
        container.start();
        LOG.info("PostgreSQL container {} ready at {}", IMAGE, container.getJdbcUrl());
        return new ContainerPostgres(container);
    }

    @Override
    public String host() {
        return container.getHost();
    }

    @Override
    public int port() {
        return container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT);
    }

    @Override
    public BackendSource source() {
        return BackendSource.CONTAINER;
    }

    @Override
    public String description() {
        return "PostgreSQL container " + IMAGE + " at " + jdbcUrl();
    }

    @Override
    public void close() {
        try {
            container.stop();
        } catch (RuntimeException e) {
            LOG.warn("Stopping the PostgreSQL container failed", e);
        }
    }
}
