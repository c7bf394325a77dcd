package io.kindred.registry.api;

import io.kindred.registry.errors.ApiException;
import io.kindred.registry.errors.Uuids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class PreconditionsAndUuidsTest {

    @Test
    void ifMatchAcceptsTheEtagsTheApiIssues() {
        assertThat(Preconditions.expectedVersion(null)).isNull();
        assertThat(Preconditions.expectedVersion("*")).isNull();
        assertThat(Preconditions.expectedVersion("\"3\"")).isEqualTo(3L);
        assertThat(Preconditions.expectedVersion("W/\"7\"")).isEqualTo(7L);
        assertThatThrownBy(() -> Preconditions.expectedVersion("\"abc\"")).isInstanceOf(ApiException.class);
    }

    @Test
    void onlyCanonicalUuids() {
        UUID id = UUID.randomUUID();
        assertThat(Uuids.parse(id.toString())).contains(id);
        assertThat(Uuids.parse(id.toString().toUpperCase())).contains(id);
        assertThat(Uuids.parse("1-1-1-1-1")).isEmpty();
        assertThat(Uuids.parse(id.toString().replace("-", ""))).isEmpty();
        assertThat(Uuids.parse(null)).isEmpty();
        assertThatThrownBy(() -> Uuids.require("x", "categoryId")).hasMessage("categoryId 'x' is not a valid UUID");
    }
}
