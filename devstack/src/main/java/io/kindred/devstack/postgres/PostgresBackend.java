package io.kindred.devstack.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

import org.postgresql.ds.PGSimpleDataSource;

import io.kindred.devstack.backend.RestartableBackend;

/** A PostgreSQL database the devstack provides: database {@code kindred} with its own login. */
public interface PostgresBackend extends RestartableBackend {

    String DATABASE = "kindred";
    String USERNAME = "kindred";
    String PASSWORD = "kindred";

    String host();

    int port();

    /** {@link #DATABASE} unless the database is someone else's (KINDRED_PG_URL). */
    default String database() {
        return DATABASE;
    }

    /** {@link #USERNAME} unless the database is someone else's (KINDRED_PG_USER). */
    default String username() {
        return USERNAME;
    }

    /** {@link #PASSWORD} unless the database is someone else's (KINDRED_PG_PASSWORD). */
    default String password() {
        return PASSWORD;
    }

    /** {@code jdbc:postgresql://host:port/database}. */
    default String jdbcUrl() {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + database();
    }

    /** {@code postgresql://host:port/database}, the form quarkus.datasource.reactive.url takes. */
    default String reactiveUrl() {
        return "postgresql://" + host() + ":" + port() + "/" + database();
    }

    /**
     * A new JDBC connection as {@link #username()}; the caller closes it. Goes through the driver's DataSource rather
     * than DriverManager, which refuses drivers registered from another class loader (as under Quarkus tests).
     */
    default Connection connect() throws SQLException {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(jdbcUrl());
        return dataSource.getConnection(username(), password());
    }

    @Override
    default Map<String, String> quarkusConfig() {
        return Map.of(
                "quarkus.datasource.reactive.url", reactiveUrl(),
                "quarkus.datasource.jdbc.url", jdbcUrl(),
                "quarkus.datasource.username", username(),
                "quarkus.datasource.password", password());
    }
}
