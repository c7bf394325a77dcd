package io.kindred.devstack.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

import io.kindred.devstack.Devstack;

/** The shared PostgreSQL: the kindred login owns the kindred database and can write and read it over JDBC. */
class EmbeddedPostgresTest {

    @Test
    void writesAndReadsOverJdbcAsTheKindredLogin() throws Exception {
        PostgresBackend postgres = Devstack.postgres();
        try (Connection connection = postgres.connect()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS devstack_probe (id text PRIMARY KEY, payload jsonb)");
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO devstack_probe (id, payload) VALUES (?, ?::jsonb) "
                            + "ON CONFLICT (id) DO UPDATE SET payload = excluded.payload")) {
                insert.setString(1, "probe-1");
                insert.setString(2, "{\"state\": \"RUNNING\"}");
                assertThat(insert.executeUpdate()).isEqualTo(1);
            }
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery(
                            "SELECT payload->>'state', current_user, current_database() FROM devstack_probe "
                                    + "WHERE id = 'probe-1'")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("RUNNING");
                assertThat(rows.getString(2)).isEqualTo(PostgresBackend.USERNAME);
                assertThat(rows.getString(3)).isEqualTo(PostgresBackend.DATABASE);
            }
        }
    }

    @Test
    void quarkusConfigNamesBothUrlForms() {
        PostgresBackend postgres = Devstack.postgres();
        assertThat(postgres.quarkusConfig())
                .containsEntry("quarkus.datasource.jdbc.url", "jdbc:postgresql://" + postgres.host() + ":"
                        + postgres.port() + "/kindred")
                .containsEntry("quarkus.datasource.reactive.url", "postgresql://" + postgres.host() + ":"
                        + postgres.port() + "/kindred")
                .containsEntry("quarkus.datasource.username", "kindred")
                .containsEntry("quarkus.datasource.password", "kindred");
    }

    @Test
    void parsesEveryUrlFormOfKindredPgUrl() {
        assertThat(ExternalPostgres.parse("jdbc:postgresql://db.example:6543/app", "u", "p"))
                .isEqualTo(new ExternalPostgres("db.example", 6543, "app", "u", "p"));
        assertThat(ExternalPostgres.parse("postgresql://db.example/app", null, null))
                .isEqualTo(new ExternalPostgres("db.example", 5432, "app", "kindred", "kindred"));
        assertThat(ExternalPostgres.parse("postgres://localhost:5433/app", null, null).reactiveUrl())
                .isEqualTo("postgresql://localhost:5433/app");
        assertThatThrownBy(() -> ExternalPostgres.parse("mysql://localhost/app", null, null))
                .hasMessageContaining("KINDRED_PG_URL");
        assertThatThrownBy(() -> ExternalPostgres.parse("jdbc:postgresql://localhost:5432/", null, null))
                .hasMessageContaining("names no database");
    }
}
