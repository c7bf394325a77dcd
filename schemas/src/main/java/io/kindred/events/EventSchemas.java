package io.kindred.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;

/**
 * The Avro schemas of Kindred's events, read from the {@code .avsc} files this jar carries under {@code avro/}.
 * Those files are the source the SpecificRecord classes were generated from, so tools and tests see exactly the
 * published contract (docs included), not a re-serialisation of the generated classes.
 */
public final class EventSchemas {

    /** Classpath folder holding one {@code <RecordName>.avsc} per event. */
    public static final String RESOURCE_FOLDER = "avro";

    /** Simple names of the event records, one per topic, in topic order. */
    public static final List<String> EVENT_NAMES =
            List.of("WorkloadTypeEvent", "WorkloadStatusEvent", "SchedulingDirectiveEvent", "ClusterTypeStatusEvent");

    private static final Map<String, Schema> PARSED = new ConcurrentHashMap<>();

    private EventSchemas() {
    }

    /** Value schema of the {@value Topics#WORKLOAD_TYPES} topic. */
    public static Schema workloadTypeEvent() {
        return load("WorkloadTypeEvent");
    }

    /** Value schema of the {@value Topics#WORKLOAD_STATUS} topic. */
    public static Schema workloadStatusEvent() {
        return load("WorkloadStatusEvent");
    }

    /** Value schema of the {@value Topics#SCHEDULING_DIRECTIVES} topic. */
    public static Schema schedulingDirectiveEvent() {
        return load("SchedulingDirectiveEvent");
    }

    /** Value schema of the {@value Topics#CLUSTER_TYPE_STATUS} topic. */
    public static Schema clusterTypeStatusEvent() {
        return load("ClusterTypeStatusEvent");
    }

    /**
     * The parsed schema of one event.
     *
     * @param eventName simple record name, one of {@link #EVENT_NAMES}
     * @throws IllegalArgumentException if {@code eventName} is not an event of this module
     */
    public static Schema load(String eventName) {
        requireKnown(eventName);
        return PARSED.computeIfAbsent(eventName, name -> {
            try {
                return new Schema.Parser().parse(text(name));
            } catch (AvroRuntimeException e) {
                throw new IllegalStateException("Schema resource " + resourcePath(name) + " is not valid Avro: "
                        + e.getMessage(), e);
            }
        });
    }

    /**
     * The {@code .avsc} text of one event exactly as shipped (what a schema registry should be given).
     *
     * @throws IllegalArgumentException if {@code eventName} is not an event of this module
     */
    public static String text(String eventName) {
        requireKnown(eventName);
        String path = resourcePath(eventName);
        try (InputStream in = EventSchemas.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Schema resource " + path + " is missing from the classpath; "
                        + "is kindred-schemas packaged with its src/main/avro resources?");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read schema resource " + path, e);
        }
    }

    /** Classpath location of an event's {@code .avsc} file, e.g. {@code avro/WorkloadTypeEvent.avsc}. */
    public static String resourcePath(String eventName) {
        return RESOURCE_FOLDER + "/" + eventName + ".avsc";
    }

    private static void requireKnown(String eventName) {
        if (!EVENT_NAMES.contains(eventName)) {
            throw new IllegalArgumentException("Unknown event schema '" + eventName + "'; known: " + EVENT_NAMES);
        }
    }
}
