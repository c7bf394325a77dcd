package io.kindred.registry.outbox;

import io.kindred.events.WorkloadTypeChange;
import io.kindred.events.WorkloadSubmissionEvent;
import io.kindred.events.WorkloadTypeEvent;
import io.kindred.kafka.EventDatumProvider;
import io.kindred.registry.persistence.OutboxEventEntity;
import io.kindred.registry.persistence.WorkloadTypeEntity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.specific.SpecificRecord;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Adds the event describing a change to the outbox, inside the caller's transaction: the change and its event
 * commit or roll back together, so no change is ever lost on its way to Kafka and no event describes a change
 * that did not happen.
 */
@ApplicationScoped
public class OutboxWriter {

    /**
     * Reads payloads back with the record classes of the event classes' own loader, named explicitly: Avro would
     * otherwise look them up through the thread's context class loader, which on a background thread may be another.
     */
    private static final BinaryMessageDecoder<WorkloadTypeEvent> DECODER = new BinaryMessageDecoder<>(
            EventDatumProvider.specificData(), WorkloadTypeEvent.getClassSchema());
    private static final BinaryMessageDecoder<WorkloadSubmissionEvent> SUBMISSION_DECODER = new BinaryMessageDecoder<>(
            EventDatumProvider.specificData(), WorkloadSubmissionEvent.getClassSchema());

    @Inject
    WorkloadTypeEvents events;

    @Inject
    OutboxConfig config;

    public Uni<OutboxEventEntity> append(WorkloadTypeEntity type, WorkloadTypeChange change, long revision) {
        Instant occurredAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        UUID eventId = UUID.randomUUID();
        WorkloadTypeEvent event = events.toEvent(type, change, revision, eventId, occurredAt);
        OutboxEventEntity row = new OutboxEventEntity();
        row.eventId = eventId;
        row.typeId = type.id;
        row.typeName = type.name;
        row.change = change.name();
        row.revision = revision;
        row.occurredAt = occurredAt;
        row.payload = encode(event);
        row.tombstoneAfter = change == WorkloadTypeChange.DELETED && config.tombstones();
        return row.<OutboxEventEntity>persist();
    }

    /**
     * Adds a Workloads V2 submission (create, update, delete) to the outbox, inside the caller's transaction; key =
     * the workload id. The caller holds the workload's row (optimistic lock), which orders its revisions.
     */
    public Uni<OutboxEventEntity> appendSubmission(WorkloadSubmissionEvent event) {
        OutboxEventEntity row = new OutboxEventEntity();
        row.stream = OutboxEventEntity.WORKLOADS;
        row.eventId = UUID.fromString(event.getEventId());
        row.typeId = UUID.fromString(event.getWorkloadId());
        row.typeName = event.getWorkloadId();
        row.change = event.getDesiredPhase().name();
        row.revision = event.getRevision();
        row.occurredAt = event.getOccurredAt();
        row.payload = encode(event);
        return row.<OutboxEventEntity>persist();
    }

    static byte[] encode(WorkloadTypeEvent event) {
        try {
            return bytes(event.toByteBuffer());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot encode " + event.getChange() + " event of " + event.getName(), e);
        }
    }

    static byte[] encode(WorkloadSubmissionEvent event) {
        try {
            return bytes(event.toByteBuffer());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot encode the submission of workload " + event.getWorkloadId(), e);
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    static WorkloadTypeEvent decode(byte[] payload) {
        try {
            return DECODER.decode(ByteBuffer.wrap(payload));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot decode an outbox payload", e);
        }
    }

    /** The record of a row of either stream. */
    static SpecificRecord decode(String stream, byte[] payload) {
        if (!OutboxEventEntity.WORKLOADS.equals(stream)) {
            return decode(payload);
        }
        try {
            return SUBMISSION_DECODER.decode(ByteBuffer.wrap(payload));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot decode an outbox payload", e);
        }
    }
}
