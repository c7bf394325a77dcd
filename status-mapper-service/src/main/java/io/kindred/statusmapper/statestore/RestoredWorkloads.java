package io.kindred.statusmapper.statestore;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

import io.kindred.events.WorkloadStatusEvent;
import io.kindred.kafka.EventDatumProvider;

/**
 * The last event of every workload read back from the state store, kept until the informer of its kind has listed
 * what exists now: a workload that is not in that list was deleted while the service was down, and its DELETED event
 * must carry the last published values. Once a kind is reconciled its entries are dropped; what remains in steady
 * state is only the compact {@code TrackedWorkload}.
 * <p>
 * Events are held as Avro binary (a few hundred bytes each), not as decoded objects.
 */
public final class RestoredWorkloads {

    private final Map<String, Map<String, byte[]>> byKind = new ConcurrentHashMap<>();

    /** Keeps {@code event} as the last known state of its UID (a later record of the same UID replaces it). */
    public void put(WorkloadStatusEvent event) {
        byKind.computeIfAbsent(event.getKind(), k -> new ConcurrentHashMap<>()).put(event.getUid(), encode(event));
    }

    /** Forgets one UID, whatever kind it was restored under (a tombstone does not say). */
    public void remove(String uid) {
        byKind.values().forEach(workloads -> workloads.remove(uid));
    }

    /** Removes and returns the restored workloads of one kind, decoded. */
    public List<WorkloadStatusEvent> take(String kind) {
        Map<String, byte[]> workloads = byKind.remove(kind);
        if (workloads == null) {
            return List.of();
        }
        return workloads.values().stream().map(RestoredWorkloads::decode).toList();
    }

    /** Drops the restored workloads of a kind (the kind is no longer registered: nothing will reconcile them). */
    public void drop(String kind) {
        byKind.remove(kind);
    }

    public int size() {
        return byKind.values().stream().mapToInt(Map::size).sum();
    }

    public void clear() {
        byKind.clear();
    }

    /**
     * Pinned to the loader of the event classes: the generated {@code toByteBuffer}/{@code fromByteBuffer} resolve
     * classes through the thread's context loader, which may hold another copy of them.
     */
    private static final SpecificData EVENTS = EventDatumProvider.specificData();
    private static final DatumWriter<WorkloadStatusEvent> WRITER =
            new SpecificDatumWriter<>(WorkloadStatusEvent.getClassSchema(), EVENTS);
    private static final DatumReader<WorkloadStatusEvent> READER =
            new SpecificDatumReader<>(WorkloadStatusEvent.getClassSchema(), WorkloadStatusEvent.getClassSchema(), EVENTS);

    private static byte[] encode(WorkloadStatusEvent event) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(bytes, null);
            WRITER.write(event, encoder);
            encoder.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot encode the restored status event of uid " + event.getUid(), e);
        }
    }

    private static WorkloadStatusEvent decode(byte[] bytes) {
        try {
            return READER.read(null, DecoderFactory.get().binaryDecoder(bytes, null));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot decode a restored status event", e);
        }
    }
}
