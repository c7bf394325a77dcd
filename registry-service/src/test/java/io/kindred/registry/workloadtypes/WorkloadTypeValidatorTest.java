package io.kindred.registry.workloadtypes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.kindred.registry.errors.ApiException;
import io.kindred.registry.persistence.CategoryEntity;
import io.kindred.registry.persistence.PriorityEntity;
import io.kindred.registry.persistence.WorkloadTypeEntity;
import io.kindred.registry.workloadproperties.WorkloadProperties;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The request rules on their own: no database, no Quarkus (the API tests cover them end to end). */
class WorkloadTypeValidatorTest {

    private static final UUID TRAIN = UUID.randomUUID();
    private static final UUID HIGH = UUID.randomUUID();

    private final WorkloadTypeValidator validator = new WorkloadTypeValidator();

    @BeforeEach
    void properties() {
        CategoryEntity category = new CategoryEntity();
        category.id = TRAIN;
        category.name = "Train";
        category.createdAt = Instant.EPOCH;
        category.createdBy = "system";
        PriorityEntity priority = new PriorityEntity();
        priority.id = HIGH;
        priority.name = "high";
        priority.value = 125;
        priority.source = "Run:ai";
        priority.createdAt = Instant.EPOCH;
        priority.updatedAt = Instant.EPOCH;
        validator.properties = new WorkloadProperties();
        validator.properties.load(List.of(category), List.of(priority));
    }

    @Test
    void aCreateNamesEveryProblemAtOnce() {
        WorkloadTypeCreateFields body = new WorkloadTypeCreateFields("lowercase", "Bad_Group", "not-a-uuid",
                UUID.randomUUID().toString(), null, "sometimes");

        assertThatThrownBy(() -> validator.validateCreate(body))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.details().lines().map(line -> line.substring(0, line.indexOf(':'))))
                            .containsExactly("name", "group", "categoryId", "priorityId", "preemptibility",
                                    "resourceInterfaces");
                    assertThat(e.details()).contains("categoryId: 'not-a-uuid' is not a valid UUID",
                            "is not a workload priority (see GET /api/v1/workload-priorities)",
                            "preemptibility: 'sometimes' is not one of preemptible, non-preemptible");
                });
    }

    @Test
    void anUpdateThatChangesNothingHasNoChanges() {
        WorkloadTypeEntity stored = stored();
        WorkloadTypeUpdateFields body = update("{\"categoryId\":\"" + TRAIN + "\",\"priorityId\":\"" + HIGH + "\"}");

        assertThat(validator.validateUpdate(stored, body, null).any()).isFalse();
    }

    @Test
    void anUpdateMayNotRenameTheTypeOrPointAtAnUnknownCategory() {
        WorkloadTypeEntity stored = stored();
        WorkloadTypeUpdateFields body = update("{\"name\":\"Other\",\"categoryId\":\"" + UUID.randomUUID() + "\"}");

        assertThatThrownBy(() -> validator.validateUpdate(stored, body, null))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.details())
                        .contains("name: cannot be changed (it is 'Trainer')")
                        .contains("is not a workload category"));
    }

    @Test
    void theCheckedInterfacesBecomeRowsInTheRequestsOrder() {
        List<JsonNode> nothing = List.of(JsonNodeFactory.instance.textNode("not an RI"));

        WorkloadTypeValidator.RiCheck check = WorkloadTypeValidator.checkInterfaces(nothing);

        assertThat(check.interfaces()).isEmpty();
        assertThat(check.problems()).extracting(p -> p.path()).containsExactly("resourceInterfaces[0]");
        assertThat(WorkloadTypeValidator.toRows(List.of(
                new CheckedInterface(0, "v2", "Trainer", "example.com", null, "{\"b\":2}"),
                new CheckedInterface(1, "v1", "Trainer", "example.com", null, "{\"a\":1}"))))
                .extracting(row -> row.version + "@" + row.position).containsExactly("v2@0", "v1@1");
    }

    private static WorkloadTypeEntity stored() {
        WorkloadTypeEntity entity = new WorkloadTypeEntity();
        entity.id = UUID.randomUUID();
        entity.name = "Trainer";
        entity.group = "example.com";
        entity.categoryId = TRAIN;
        entity.priorityId = HIGH;
        entity.resourceInterfaces = new ArrayList<>();
        return entity;
    }

    private static WorkloadTypeUpdateFields update(String json) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, WorkloadTypeUpdateFields.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
