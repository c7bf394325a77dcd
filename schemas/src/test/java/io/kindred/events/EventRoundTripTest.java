package io.kindred.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** Events survive Avro binary encoding unchanged; omitted optional fields take their schema defaults. */
class EventRoundTripTest {

    @Test
    void workloadTypeEventRoundTrips() throws IOException {
        WorkloadTypeEvent event = SampleEvents.pyTorchJobTypeUpdated();

        WorkloadTypeEvent read = roundTrip(event);

        assertThat(read).isEqualTo(event);
        assertThat(read.getType().getVersions().get(0).getResourceInterface()).contains("\"kind\":\"PyTorchJob\"");
        assertThat(read.getOccurredAt()).isEqualTo(SampleEvents.AT);
    }

    @Test
    void workloadStatusEventRoundTrips() throws IOException {
        WorkloadStatusEvent event = SampleEvents.pyTorchJobRunning();

        WorkloadStatusEvent read = roundTrip(event);

        assertThat(read).isEqualTo(event);
        assertThat(read.getConditions()).extracting(Condition::getType).containsExactly("Created", "Running");
        assertThat(read.getComponents()).extracting(ComponentScale::getComponent).containsExactly("master", "worker");
        assertThat(read.getComponents().get(0).getMinReplicas()).isNull();
    }

    @Test
    void schedulingDirectiveEventRoundTrips() throws IOException {
        SchedulingDirectiveEvent event = SampleEvents.leaderWorkerSetEnsured();

        SchedulingDirectiveEvent read = roundTrip(event);

        assertThat(read).isEqualTo(event);
        assertThat(read.getPodGroups()).hasSize(2)
                .allSatisfy(group -> assertThat(group.getSubGroups()).extracting(SubGroup::getMinMember)
                        .containsExactly(1, 3));
    }

    @Test
    void clusterTypeStatusEventRoundTripsWithDefaults() throws IOException {
        ClusterTypeStatusEvent event = ClusterTypeStatusEvent.newBuilder()
                .setEventId("e-cluster").setObservedAt(SampleEvents.AT).setClusterId("eu-1")
                .setTypeName("NodeSet").setGroup("slinky.slurm.net").setTypeRevision(4)
                .setVersions(java.util.List.of(
                        VersionWatch.newBuilder().setVersion("v1beta1").setState(WatchPhase.WATCHING)
                                .setSince(SampleEvents.AT).setLead(true).build(),
                        VersionWatch.newBuilder().setVersion("v1alpha1").setState(WatchPhase.KIND_NOT_INSTALLED)
                                .setSince(SampleEvents.AT).setError("kind NodeSet is not served").build()))
                .build();

        ClusterTypeStatusEvent read = roundTrip(event);

        assertThat(read).isEqualTo(event);
        assertThat(read.getVersions().get(1).getLead()).as("lead defaults to false").isFalse();
        assertThat(read.getVersions().get(0).getError()).isNull();
    }

    @Test
    void omittedOptionalFieldsOfWorkloadTypeEventTakeDefaults() throws IOException {
        WorkloadType type = WorkloadType.newBuilder()
                .setId("7d5e1c7a-93b2-4c55-8d0e-0c3f4b6f2a90")
                .setName("RayCluster")
                .setGroup("ray.io")
                .setCategoryId("3f2b0a3c-8d84-4e8e-bb54-4b0b5cfa1b02")
                .setPriorityId("e2a1f6d4-51c9-4a77-9f0e-6a1c2b3d4e5f")
                .setBuiltin(false)
                .build();

        assertThat(type.getCategoryName()).isNull();
        assertThat(type.getPriorityName()).isNull();
        assertThat(type.getPreemptibility()).isNull();
        assertThat(type.getVersions()).isEmpty();

        WorkloadTypeEvent deleted = WorkloadTypeEvent.newBuilder().setEventId("e1").setOccurredAt(SampleEvents.AT)
                .setChange(WorkloadTypeChange.DELETED).setRevision(9L).setName("RayCluster").setType(type).build();
        assertThat(roundTrip(deleted)).isEqualTo(deleted);
    }

    @Test
    void omittedOptionalFieldsOfWorkloadStatusEventTakeDefaults() throws IOException {
        WorkloadStatusEvent event = WorkloadStatusEvent.newBuilder()
                .setEventId("e2").setObservedAt(SampleEvents.AT).setClusterId("c").setGroup("").setVersion("v1")
                .setKind("Pod").setName("standalone").setUid("u-1")
                .setWorkloadType(WorkloadTypeRef.newBuilder().setName("Pod").setRevision(1L).build())
                .setState(AbstractState.UNDEFINED)
                .build();

        assertThat(event.getNamespace()).isNull();
        assertThat(event.getGeneration()).isNull();
        assertThat(event.getObservedGeneration()).isNull();
        assertThat(event.getResourceVersion()).isNull();
        assertThat(event.getPreviousState()).isNull();
        assertThat(event.getPhase()).isNull();
        assertThat(event.getError()).isNull();
        assertThat(event.getMatchedStatuses()).isEmpty();
        assertThat(event.getConditions()).isEmpty();
        assertThat(event.getComponents()).isEmpty();
        assertThat(event.getPodGroups()).isEmpty();

        Condition condition = Condition.newBuilder().setType("Ready").setStatus("Unknown").build();
        assertThat(condition.getReason()).isNull();
        assertThat(condition.getMessage()).isNull();
        ComponentScale scale = ComponentScale.newBuilder().setComponent("main").setInstanceId("").build();
        assertThat(scale.getReplicas()).isNull();
        assertThat(scale.getMinReplicas()).isNull();
        assertThat(scale.getMaxReplicas()).isNull();
        assertThat(PodGroupRequirement.newBuilder().setName("g").setMinMember(1).build().getMembers()).isEmpty();
        assertThat(roundTrip(event)).isEqualTo(event);
    }

    @Test
    void omittedOptionalFieldsOfSchedulingDirectiveEventTakeDefaults() throws IOException {
        SchedulingDirectiveEvent event = SchedulingDirectiveEvent.newBuilder()
                .setEventId("e3").setIssuedAt(SampleEvents.AT).setClusterId("c")
                .setWorkload(WorkloadRef.newBuilder().setGroup("batch").setVersion("v1").setKind("Job")
                        .setName("cleanup").setUid("u-2").build())
                .setAction(DirectiveAction.RELEASE).setBackend(GangBackend.VOLCANO)
                .setOutcome(DirectiveOutcome.REJECTED)
                .build();

        assertThat(event.getWorkload().getNamespace()).isNull();
        assertThat(event.getPodGroups()).isEmpty();
        assertThat(event.getReason()).isNull();
        assertThat(event.getCauseEventId()).isNull();
        PodGroupDirective group = PodGroupDirective.newBuilder().setName("pg").build();
        assertThat(group.getMinMember()).isNull();
        assertThat(group.getSubGroups()).isEmpty();
        assertThat(group.getQueue()).isNull();
        assertThat(group.getPriorityClassName()).isNull();
        assertThat(group.getPreemptibility()).isNull();
        assertThat(roundTrip(event)).isEqualTo(event);
    }

    @Test
    void missingRequiredFieldIsNamedByTheBuilder() {
        assertThatThrownBy(() -> WorkloadTypeRef.newBuilder().setName("PyTorchJob").build())
                .isInstanceOf(AvroRuntimeException.class)
                .hasMessageContaining("revision");
    }

    @Test
    void oldReaderReadsAFutureStateSymbolAsUndefined() throws IOException {
        String current = EventSchemas.text("WorkloadStatusEvent");
        String future = current.replace("\"UNDEFINED\", \"DELETED\"]", "\"UNDEFINED\", \"DELETED\", \"SUSPENDED\"]");
        assertThat(future).as("fixture edit applied").isNotEqualTo(current);
        Schema futureSchema = new Schema.Parser().parse(future);

        GenericRecord written = toGeneric(SampleEvents.pyTorchJobRunning(), futureSchema);
        written.put("state", new GenericData.EnumSymbol(futureSchema.getField("state").schema(), "SUSPENDED"));
        byte[] bytes = encode(written, new GenericDatumWriter<>(futureSchema));

        WorkloadStatusEvent read = new SpecificDatumReader<WorkloadStatusEvent>(futureSchema,
                WorkloadStatusEvent.getClassSchema()).read(null, DecoderFactory.get().binaryDecoder(bytes, null));

        assertThat(read.getState()).isEqualTo(AbstractState.UNDEFINED);
        assertThat(read.getPreviousState()).isEqualTo(AbstractState.INITIALIZING);
    }

    @Test
    void genericReadersGetJavaStringsFromTheShippedSchema() throws IOException {
        Schema shipped = EventSchemas.workloadTypeEvent();
        byte[] bytes = encode(SampleEvents.pyTorchJobTypeUpdated(), new SpecificDatumWriter<>(WorkloadTypeEvent.class));

        GenericRecord read = new GenericDatumReader<GenericRecord>(shipped)
                .read(null, DecoderFactory.get().binaryDecoder(bytes, null));

        assertThat(read.get("name")).isInstanceOf(String.class).isEqualTo("PyTorchJob");
        assertThat(read.get("occurredAt")).isEqualTo(SampleEvents.AT.toEpochMilli());
    }

    @Test
    void timestampsKeepMillisecondPrecision() throws IOException {
        Instant withNanos = Instant.parse("2026-03-14T09:26:53.589123456Z");
        WorkloadTypeEvent event = SampleEvents.pyTorchJobTypeUpdated();
        event.setOccurredAt(withNanos);

        assertThat(roundTrip(event).getOccurredAt()).isEqualTo(Instant.parse("2026-03-14T09:26:53.589Z"));
    }

    @SuppressWarnings("unchecked")
    private static <T extends SpecificRecord> T roundTrip(T record) throws IOException {
        Class<T> type = (Class<T>) record.getClass();
        byte[] bytes = encode(record, new SpecificDatumWriter<>(type));
        return new SpecificDatumReader<>(type).read(null, DecoderFactory.get().binaryDecoder(bytes, null));
    }

    private static <T> byte[] encode(T datum, DatumWriter<T> writer) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        writer.write(datum, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    /** The same event as a generic record of {@code schema}, by re-reading its bytes. */
    private static GenericRecord toGeneric(SpecificRecord record, Schema schema) throws IOException {
        byte[] bytes = encode(record, new SpecificDatumWriter<>(record.getSchema()));
        return new GenericDatumReader<GenericRecord>(record.getSchema(), schema)
                .read(null, DecoderFactory.get().binaryDecoder(bytes, null));
    }
}
