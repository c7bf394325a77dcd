package io.kindred.scheduleradapter.gang;

/**
 * Where a gang queues and how it competes, each value {@code null} when no source in the resolution chain gave one
 * (the backend's default then applies).
 *
 * @param queue             scheduler queue
 * @param priorityClassName Kubernetes PriorityClass
 * @param preemptibility    {@code preemptible} or {@code non-preemptible}
 */
public record SchedulingPolicy(String queue, String priorityClassName, String preemptibility) {

    public static final SchedulingPolicy NONE = new SchedulingPolicy(null, null, null);
}
