package io.kindred.deploychecks;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.kindred.events.Topics;

/**
 * Every topic a deployment must provide: the event topics of {@link Topics} (read by reflection, so a topic added
 * there is required here at once) and the dead-letter topics the services write.
 */
final class KindredTopics {

    /** Dead-letter topic → the service whose configuration names it. */
    static final Map<String, String> DEAD_LETTER_TOPICS = Map.of(
            "workload-types.dlq", "status-mapper-service",
            "workload-types.adapter-dlq", "scheduler-adapter",
            "workload-status.adapter-dlq", "scheduler-adapter");

    /** The topics that are tables (compacted), per the contract in {@link Topics}. */
    static final Set<String> COMPACTED = Set.of(Topics.WORKLOAD_TYPES, Topics.WORKLOAD_STATUS,
            Topics.CLUSTER_TYPE_STATUS);

    private KindredTopics() {
    }

    /** Constant name in {@link Topics} → topic name. */
    static Map<String, String> eventTopics() {
        Map<String, String> topics = new TreeMap<>();
        for (Field field : Topics.class.getDeclaredFields()) {
            int modifiers = field.getModifiers();
            if (Modifier.isPublic(modifiers) && Modifier.isStatic(modifiers) && field.getType() == String.class) {
                try {
                    topics.put(field.getName(), (String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return topics;
    }

    static Set<String> all() {
        Set<String> all = new TreeSet<>(eventTopics().values());
        all.addAll(DEAD_LETTER_TOPICS.keySet());
        return all;
    }
}
