package io.kindred.devstack.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.kindred.devstack.backend.BackendSource;
import io.kindred.devstack.backend.QuietLogs;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server (zonky's packaged binaries) run as a child process from a fresh, throw-away data directory.
 * Authentication is {@code trust} on loopback: the password is handed out for services' configuration but not checked.
 * <p>
 * The data directory is ours rather than zonky's, so {@link #stopServer()} and {@link #startServer()} can take the
 * server down and bring it back on the same port with its data (zonky deletes its own directory on close); it is
 * deleted by {@link #close()}.
 */
public final class EmbeddedPostgresServer implements PostgresBackend {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgres postgres;
    private boolean closed;

    private EmbeddedPostgresServer(Path dataDirectory, EmbeddedPostgres postgres) {
        this.dataDirectory = dataDirectory;
        this.postgres = postgres;
        this.port = postgres.getPort();
    }

    /**
     * Runs initdb and starts the server, then creates the {@code kindred} login and database.
     *
     * @param port the port to listen on, or 0 for a free one
     */
    public static EmbeddedPostgresServer start(int port) {
        QuietLogs.warningsOnly("io.zonky.test"); // initdb's and the server's own output, line by line at INFO
        long started = System.nanoTime();
        Path dataDirectory;
        try {
            dataDirectory = Files.createTempDirectory("kindred-pg");
        } catch (IOException e) {
            throw new UncheckedIOException("No temporary directory for the embedded PostgreSQL data", e);
        }
        EmbeddedPostgresServer server;
        try {
            server = new EmbeddedPostgresServer(dataDirectory, run(dataDirectory, port));
        } catch (RuntimeException e) {
            deleteRecursively(dataDirectory);
            throw new IllegalStateException("The embedded PostgreSQL server did not start"
                    + (port != 0 ? " on port " + port : ""), e);
        }
        try (Connection admin = server.postgres.getPostgresDatabase().getConnection();
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

    /** Starts the postmaster on {@code dataDirectory}; initdb runs only when the directory holds no cluster yet. */
    private static EmbeddedPostgres run(Path dataDirectory, int port) {
        try {
            return EmbeddedPostgres.builder()
                    .setPort(port)
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false) // kept across stopServer/startServer; close() deletes it
                    // our Devstack shutdown hook stops it, in order with the other backends
                    .setRegisterShutdownHook(false)
                    .setServerConfig("listen_addresses", "localhost")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String host() {
        return "localhost";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public boolean supportsRestart() {
        return true;
    }

    /** {@code pg_ctl stop -m fast}: open connections are cut, the port refuses new ones; the data stays. */
    @Override
    public synchronized void stopServer() {
        if (closed || postgres == null) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Stopping the embedded PostgreSQL on port " + port + " failed", e);
        }
        postgres = null;
        LOG.info("Embedded PostgreSQL on port {} stopped (data kept)", port);
    }

    @Override
    public synchronized void startServer() {
        if (closed) {
            throw new IllegalStateException(description() + " was closed");
        }
        if (postgres != null) {
            return;
        }
        try {
            postgres = run(dataDirectory, port);
        } catch (RuntimeException e) {
            throw new IllegalStateException("The embedded PostgreSQL did not start again on port " + port, e);
        }
        LOG.info("Embedded PostgreSQL on port {} started again", port);
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
            if (postgres != null) {
                postgres.close(); // pg_ctl stop -m fast
            }
            LOG.info("Embedded PostgreSQL on port {} stopped", port());
        } catch (IOException | RuntimeException e) {
            LOG.warn("Stopping the embedded PostgreSQL server failed", e);
        } finally {
            postgres = null;
            deleteRecursively(dataDirectory);
        }
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Could not delete the embedded PostgreSQL data directory {}: {}", directory, e.getMessage());
        }
    }
}
