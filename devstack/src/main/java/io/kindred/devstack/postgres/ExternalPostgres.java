package io.kindred.devstack.postgres;

import java.net.URI;

import io.kindred.devstack.backend.BackendSource;

/**
 * A database named by KINDRED_PG_URL ({@code jdbc:postgresql://host:port/db}, {@code postgresql://…} or
 * {@code postgres://…}), with KINDRED_PG_USER and KINDRED_PG_PASSWORD (both default to {@code kindred}).
 */
public record ExternalPostgres(String host, int port, String database, String username, String password)
        implements PostgresBackend {

    private static final int DEFAULT_PORT = 5432;

    /**
     * Parses the URL forms above.
     *
     * @throws IllegalArgumentException naming KINDRED_PG_URL and what is wrong with it
     */
    public static ExternalPostgres parse(String url, String username, String password) {
        String withoutJdbc = url.startsWith("jdbc:") ? url.substring("jdbc:".length()) : url;
        if (withoutJdbc.startsWith("vertx-reactive:")) {
            withoutJdbc = withoutJdbc.substring("vertx-reactive:".length());
        }
        URI uri;
        try {
            uri = URI.create(withoutJdbc);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("KINDRED_PG_URL is not a URL: " + url, e);
        }
        if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
            throw new IllegalArgumentException("KINDRED_PG_URL must start with jdbc:postgresql://, postgresql:// or "
                    + "postgres://, was " + url);
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("KINDRED_PG_URL has no host: " + url);
        }
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        if (path.isEmpty()) {
            throw new IllegalArgumentException("KINDRED_PG_URL names no database: " + url);
        }
        return new ExternalPostgres(uri.getHost(), uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort(), path,
                username == null ? USERNAME : username, password == null ? PASSWORD : password);
    }

    @Override
    public BackendSource source() {
        return BackendSource.EXTERNAL;
    }

    @Override
    public String description() {
        return "PostgreSQL at " + jdbcUrl() + " (from KINDRED_PG_URL)";
    }

    @Override
    public void close() {
        // not ours to stop
    }
}
