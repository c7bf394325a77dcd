package io.kindred.devstack.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

import io.kindred.devstack.DevstackEnvironment;

/**
 * "PostgreSQL restarted": the server goes away (connections cut, the port refuses new ones), comes back on the same
 * port and still has what was committed before. Runs on a server of its own so the shared one is never disturbed.
 */
class EmbeddedPostgresRestartTest {

    @Test
    void serverRestartsOnTheSamePortWithItsData() throws Exception {
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(0)) {
            assertThat(postgres.supportsRestart()).isTrue();
            int port = postgres.port();
            Connection before = postgres.connect();
            try (Statement statement = before.createStatement()) {
                statement.execute("CREATE TABLE restart_probe (id text PRIMARY KEY)");
                statement.execute("INSERT INTO restart_probe VALUES ('written before the outage')");
            }

            postgres.stopServer();
            assertThat(DevstackEnvironment.reachable("localhost", port)).as("port while stopped").isFalse();
            assertThatThrownBy(() -> before.createStatement().execute("SELECT 1")).isInstanceOf(SQLException.class);
            postgres.stopServer(); // idempotent

            postgres.startServer();
            postgres.startServer(); // idempotent
            assertThat(postgres.port()).isEqualTo(port);
            try (Connection after = postgres.connect(); Statement statement = after.createStatement()) {
                statement.execute("INSERT INTO restart_probe VALUES ('written after the outage')");
                try (ResultSet rows = statement.executeQuery("SELECT id FROM restart_probe ORDER BY id DESC")) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getString(1)).isEqualTo("written before the outage");
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getString(1)).isEqualTo("written after the outage");
                }
            }
            before.close();
        }
    }
}
