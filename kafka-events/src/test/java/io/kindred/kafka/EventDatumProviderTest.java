package io.kindred.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Set;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

import io.kindred.events.AbstractState;
import io.kindred.events.WorkloadStatusEvent;
import io.kindred.events.WorkloadTypeEvent;

class EventDatumProviderTest {

    /** Fields a newer WorkloadStatusEvent added (with defaults) that an older producer does not write. */
    private static final Set<String> ADDED_LATER = Set.of("podGroups", "error");

    @Test
    void readsARecordOfAnOlderWriterSchemaIntoTheCurrentClass() throws IOException {
        WorkloadStatusEvent current = TestEvents.status("uid-1", AbstractState.RUNNING);
        Schema older = withoutFields(WorkloadStatusEvent.getClassSchema(), ADDED_LATER);
        byte[] bytes = writeAs(older, current);

        WorkloadStatusEvent read = new EventDatumProvider<WorkloadStatusEvent>().createDatumReader(older)
                .read(null, DecoderFactory.get().binaryDecoder(bytes, null));

        assertThat(read).isInstanceOf(WorkloadStatusEvent.class);
        assertThat(read.getClass().getClassLoader()).isSameAs(WorkloadStatusEvent.class.getClassLoader());
        assertThat(read.getUid()).isEqualTo("uid-1");
        assertThat(read.getState()).isEqualTo(AbstractState.RUNNING);
        assertThat(read.getObservedAt()).isEqualTo(current.getObservedAt());
        assertThat(read.getPodGroups()).as("default of a field the writer did not know").isEmpty();
        assertThat(read.getError()).isNull();
    }

    @Test
    void writesAndReadsEachEventClassWithItsOwnSchema() throws IOException {
        EventDatumProvider<WorkloadTypeEvent> provider = new EventDatumProvider<>();
        WorkloadTypeEvent event = TestEvents.type("PyTorchJob", 4);
        Schema schema = provider.toSchema(event);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        provider.createDatumWriter(event, schema).write(event, encoder);
        encoder.flush();

        WorkloadTypeEvent read = provider.createDatumReader(schema)
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));

        assertThat(read).isEqualTo(event);
        assertThat(provider.createDatumWriter(event, schema)).as("one writer per schema")
                .isSameAs(provider.createDatumWriter(event, schema));
    }

    @Test
    void refusesARecordThatIsNotAKindredEvent() {
        Schema foreign = SchemaBuilder.record("Other").namespace("com.example").fields().requiredString("id").endRecord();

        assertThatThrownBy(() -> new EventDatumProvider<Object>().createDatumReader(foreign))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("com.example.Other is not a Kindred event");
        assertThatThrownBy(() -> new EventDatumProvider<Object>().toSchema("a string"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.String");
    }

    @Test
    void theSharedModelLoadsTheEventClassesFromTheirOwnLoader() {
        assertThat(EventDatumProvider.specificData().getClassLoader()).isSameAs(WorkloadStatusEvent.class.getClassLoader());
        assertThat(EventDatumProvider.specificData().getClass(WorkloadStatusEvent.getClassSchema()))
                .isSameAs(WorkloadStatusEvent.class);
    }

    private static Schema withoutFields(Schema schema, Set<String> dropped) {
        List<Schema.Field> kept = schema.getFields().stream()
                .filter(f -> !dropped.contains(f.name()))
                .map(f -> new Schema.Field(f, f.schema()))
                .toList();
        assertThat(kept).hasSize(schema.getFields().size() - dropped.size());
        return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, kept);
    }

    /** Encodes the event's values as a producer compiled against {@code writer} would. */
    private static byte[] writeAs(Schema writer, WorkloadStatusEvent event) throws IOException {
        GenericData model = EventDatumProvider.specificData();
        GenericRecord record = new GenericData.Record(writer);
        for (Schema.Field field : writer.getFields()) {
            record.put(field.name(), event.get(field.name()));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(writer, model).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
