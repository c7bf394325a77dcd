package io.kindred.kafka;

import java.util.Objects;

/** One topic a service reads or writes, and whether its contract makes it compacted (latest record per key). */
public record TopicSpec(String name, boolean compacted) {

    public TopicSpec {
        Objects.requireNonNull(name, "topic name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("topic name must not be blank");
        }
    }

    public static TopicSpec compacted(String name) {
        return new TopicSpec(name, true);
    }
}
