package io.kindred.kafka;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

import io.apicurio.registry.serde.avro.AvroDatumProvider;
import io.kindred.events.ClusterTypeStatusEvent;
import io.kindred.events.SchedulingDirectiveEvent;
import io.kindred.events.WorkloadStatusEvent;
import io.kindred.events.WorkloadSubmissionEvent;
import io.kindred.events.WorkloadSyncEvent;
import io.kindred.events.WorkloadTypeEvent;

/**
 * Reads and writes Kindred's events as their generated classes, resolving a record's writer schema against the
 * schema this service was compiled with (so older and newer producers are read through Avro schema resolution).
 * <p>
 * The serde's default provider finds the generated class through {@code SpecificData.get()}, i.e. through whatever
 * class loader is current on the calling thread; under a class-loader hierarchy (Quarkus tests, fat jars, plugins)
 * that can yield a second copy of the class. This provider pins the loader that loaded the event classes.
 * <p>
 * Public with a no-argument constructor so that pure configuration can name it:
 * {@code apicurio.registry.avro-datum-provider=io.kindred.kafka.EventDatumProvider} (SmallRye Reactive Messaging
 * channels, or any serde configured from properties).
 */
public final class EventDatumProvider<T> implements AvroDatumProvider<T> {

    private static final SpecificData EVENTS = eventModel();
    private static final Map<String, Schema> READER_SCHEMAS = Map.of(
            WorkloadTypeEvent.getClassSchema().getFullName(), WorkloadTypeEvent.getClassSchema(),
            WorkloadStatusEvent.getClassSchema().getFullName(), WorkloadStatusEvent.getClassSchema(),
            SchedulingDirectiveEvent.getClassSchema().getFullName(), SchedulingDirectiveEvent.getClassSchema(),
            WorkloadSubmissionEvent.getClassSchema().getFullName(), WorkloadSubmissionEvent.getClassSchema(),
            WorkloadSyncEvent.getClassSchema().getFullName(), WorkloadSyncEvent.getClassSchema(),
            ClusterTypeStatusEvent.getClassSchema().getFullName(), ClusterTypeStatusEvent.getClassSchema());

    /**
     * The Avro model of the event classes, pinned to the loader that loaded them, for code that encodes or decodes
     * events outside a serde (an outbox payload, an in-memory snapshot). The generated {@code toByteBuffer} and
     * {@code fromByteBuffer} resolve classes through the thread's context loader instead.
     */
    public static SpecificData specificData() {
        return EVENTS;
    }

    private static SpecificData eventModel() {
        SpecificData model = new SpecificData(WorkloadStatusEvent.class.getClassLoader());
        // Generated records convert their own timestamp fields, so this only matters where Avro asks the model rather
        // than the record; registry-service's outbox decoder always registered it.
        model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        return model;
    }

    /**
     * Keyed by the writer schema itself: the serde's schema cache hands out one Schema instance per registered schema,
     * whose hash is cached and whose equality check is then an identity check, so this costs nothing per record (a
     * fingerprint was computed from the schema's canonical text for every record read: most of the cost of decoding).
     */
    private final Map<Schema, DatumReader<T>> readers = new ConcurrentHashMap<>();
    /** Keyed by the schema itself: records carry their class's one Schema instance (as for readers). */
    private final Map<Schema, DatumWriter<T>> writers = new ConcurrentHashMap<>();

    @Override
    public DatumWriter<T> createDatumWriter(T data, Schema schema) {
        return writers.computeIfAbsent(schema, k -> new SpecificDatumWriter<>(schema, EVENTS));
    }

    @Override
    public DatumReader<T> createDatumReader(Schema writerSchema) {
        return readers.computeIfAbsent(writerSchema, k -> {
            Schema readerSchema = READER_SCHEMAS.get(writerSchema.getFullName());
            if (readerSchema == null) {
                throw new IllegalArgumentException("Record schema " + writerSchema.getFullName()
                        + " is not a Kindred event (expected one of " + READER_SCHEMAS.keySet() + ")");
            }
            return new SpecificDatumReader<>(writerSchema, readerSchema, EVENTS);
        });
    }

    @Override
    public Schema toSchema(T data) {
        if (data instanceof GenericContainer container) {
            return container.getSchema();
        }
        throw new IllegalArgumentException("Not an Avro record: " + (data == null ? "null" : data.getClass().getName()));
    }
}
