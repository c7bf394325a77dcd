package io.kindred.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EventSchemasTest {

    private static final Map<String, Schema> GENERATED = Map.of(
            "WorkloadTypeEvent", WorkloadTypeEvent.getClassSchema(),
            "WorkloadStatusEvent", WorkloadStatusEvent.getClassSchema(),
            "SchedulingDirectiveEvent", SchedulingDirectiveEvent.getClassSchema(),
            "ClusterTypeStatusEvent", ClusterTypeStatusEvent.getClassSchema());

    static Iterable<String> events() {
        return EventSchemas.EVENT_NAMES;
    }

    @ParameterizedTest
    @MethodSource("events")
    void shippedSchemaIsTheOneTheClassWasGeneratedFrom(String eventName) {
        Schema shipped = EventSchemas.load(eventName);

        assertThat(shipped).isEqualTo(GENERATED.get(eventName));
        assertThat(shipped.toString()).isEqualTo(GENERATED.get(eventName).toString()); // docs included
        assertThat(shipped.getFullName()).isEqualTo("io.kindred.events." + eventName);
    }

    @ParameterizedTest
    @MethodSource("events")
    void everyRecordAndFieldIsDocumented(String eventName) {
        assertDocumented(EventSchemas.load(eventName), eventName);
    }

    @Test
    void accessorsMatchTheirTopics() {
        assertThat(EventSchemas.workloadTypeEvent()).isEqualTo(WorkloadTypeEvent.getClassSchema());
        assertThat(EventSchemas.workloadStatusEvent()).isEqualTo(WorkloadStatusEvent.getClassSchema());
        assertThat(EventSchemas.schedulingDirectiveEvent()).isEqualTo(SchedulingDirectiveEvent.getClassSchema());
        assertThat(Topics.WORKLOAD_TYPES).isEqualTo("workload-types");
        assertThat(Topics.WORKLOAD_STATUS).isEqualTo("workload-status");
        assertThat(Topics.SCHEDULING_DIRECTIVES).isEqualTo("scheduling-directives");
        assertThat(EventSchemas.clusterTypeStatusEvent()).isEqualTo(ClusterTypeStatusEvent.getClassSchema());
        assertThat(Topics.CLUSTER_TYPE_STATUS).isEqualTo("cluster-type-status");
    }

    @Test
    void textIsTheResourceFile() {
        assertThat(EventSchemas.resourcePath("WorkloadTypeEvent")).isEqualTo("avro/WorkloadTypeEvent.avsc");
        assertThat(new Schema.Parser().parse(EventSchemas.text("WorkloadTypeEvent")))
                .isEqualTo(WorkloadTypeEvent.getClassSchema());
    }

    @Test
    void unknownEventIsNamedInTheError() {
        assertThatThrownBy(() -> EventSchemas.load("WorkloadEvent"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'WorkloadEvent'")
                .hasMessageContaining("WorkloadTypeEvent");
    }

    private static void assertDocumented(Schema schema, String path) {
        switch (schema.getType()) {
            case RECORD -> {
                assertThat(schema.getDoc()).as("doc of record %s", path).isNotBlank();
                for (Schema.Field field : schema.getFields()) {
                    assertThat(field.doc()).as("doc of field %s.%s", path, field.name()).isNotBlank();
                    assertDocumented(field.schema(), path + "." + field.name());
                }
            }
            case ENUM -> assertThat(schema.getDoc()).as("doc of enum %s", path).isNotBlank();
            case ARRAY -> assertDocumented(schema.getElementType(), path + "[]");
            case UNION -> schema.getTypes().forEach(branch -> assertDocumented(branch, path));
            default -> {
                // primitives are documented by their field
            }
        }
    }
}
