package io.kindred.devstack.postgres;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.kindred.devstack.backend.BackendSource;
import io.kindred.devstack.backend.QuietLogs;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server (zonky's packaged binaries) run as a child process from a fresh, throw-away data directory.
 * Authentication is {@code trust} on loopback: the password is handed out for services' configuration but not checked.
 */
public final class EmbeddedPostgresServer implements PostgresBackend {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    private final EmbeddedPostgres postgres;
    private boolean closed;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * Runs initdb and starts the server, then creates the {@code kindred} login and database.
     *
     * @param port the port to listen on, or 0 for a free one
     */
    public static EmbeddedPostgresServer start(int port) {
        QuietLogs.warningsOnly("io.zonky.test"); // initdb's and the server's own output, line by line at INFO
        long started = System.nanoTime();
        EmbeddedPostgres postgres;
        try {
            postgres = EmbeddedPostgres.builder()
                    .setPort(port)
                    // our Devstack shutdown hook stops it, in order with the other backends
                    .setRegisterShutdownHook(false)
                    .setServerConfig("listen_addresses", "localhost")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("The embedded PostgreSQL server did not start"
                    + (port != 0 ? " on port " + port : ""), e);
        }
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres);
        try (Connection admin = postgres.getPostgresDatabase().getConnection();
                Statement statement = admin.createStatement()) {
            statement.execute("CREATE ROLE " + USERNAME + " LOGIN PASSWORD '" + PASSWORD + "'");
            statement.execute("CREATE DATABASE " + DATABASE + " OWNER " + USERNAME);
        } catch (SQLException e) {
            server.close();
            throw new IllegalStateException("Could not create database " + DATABASE + " in the embedded PostgreSQL", e);
        }
        LOG.info("Embedded PostgreSQL ready at {} in {} ms", server.jdbcUrl(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return server;
    }

    @Override
    public String host() {
        return "localhost";
    }

    @Override
    public int port() {
        return postgres.getPort();
    }

    @Override
    public BackendSource source() {
        return BackendSource.EMBEDDED;
    }

    @Override
    public String description() {
        return "PostgreSQL 14 (embedded binaries, child process) at " + jdbcUrl();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            postgres.close(); // pg_ctl stop -m fast, then deletes the data directory
            LOG.info("Embedded PostgreSQL on port {} stopped", port());
        } catch (IOException | RuntimeException e) {
            LOG.warn("Stopping the embedded PostgreSQL server failed", e);
        }
    }
}
