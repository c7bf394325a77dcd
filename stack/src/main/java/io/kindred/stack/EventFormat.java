package io.kindred.stack;

import java.util.stream.Collectors;

import io.kindred.events.ComponentScale;
import io.kindred.events.PodGroupDirective;
import io.kindred.events.SchedulingDirectiveEvent;
import io.kindred.events.WorkloadStatusEvent;

/** One readable line per event. */
final class EventFormat {

    private EventFormat() {
    }

    static String status(WorkloadStatusEvent event) {
        String components = event.getComponents().stream()
                .filter(c -> c.getReplicas() != null)
                .map(EventFormat::scale).collect(Collectors.joining(", "));
        return event.getKind() + " " + event.getNamespace() + "/" + event.getName() + "  "
                + (event.getPreviousState() == null ? "(new)" : event.getPreviousState()) + " -> " + event.getState()
                + (components.isEmpty() ? "" : "  [" + components + "]")
                + (event.getError() == null ? "" : "  error: " + event.getError())
                + "  eventId " + shortId(event.getEventId());
    }

    static String directive(SchedulingDirectiveEvent event) {
        String groups = event.getPodGroups().stream().map(EventFormat::group).collect(Collectors.joining("; "));
        return event.getAction() + " " + event.getOutcome() + " (" + event.getBackend() + ") "
                + event.getWorkload().getKind() + " " + event.getWorkload().getNamespace() + "/"
                + event.getWorkload().getName() + (groups.isEmpty() ? "" : "  " + groups)
                + (event.getReason() == null ? "" : "  reason: " + event.getReason())
                + "  eventId " + shortId(event.getEventId());
    }

    private static String scale(ComponentScale scale) {
        return scale.getComponent() + " " + scale.getReplicas()
                + (scale.getMinReplicas() == null ? "" : " (min " + scale.getMinReplicas() + ")");
    }

    private static String group(PodGroupDirective group) {
        return "PodGroup " + group.getName() + (group.getMinMember() == null ? "" : " minMember " + group.getMinMember())
                + (group.getSubGroups().isEmpty() ? "" : " subGroups " + group.getSubGroups().stream()
                        .map(s -> s.getName() + ":" + s.getMinMember()).collect(Collectors.joining(",")));
    }

    static String shortId(String id) {
        return id.length() > 8 ? id.substring(0, 8) : id;
    }
}
