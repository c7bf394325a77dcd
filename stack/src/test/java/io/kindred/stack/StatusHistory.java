package io.kindred.stack;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.kindred.events.AbstractState;
import io.kindred.events.WorkloadStatusEvent;

/** A workload's history on {@code workload-status} as a consumer sees it: de-duplicated by eventId. */
final class StatusHistory {

    private StatusHistory() {
    }

    /** The states published for the object, once per eventId, in order; UNDEFINED (no phase yet) left out. */
    static List<AbstractState> states(List<WorkloadStatusEvent> events, String uid) {
        Set<String> seen = new HashSet<>();
        List<AbstractState> states = new ArrayList<>();
        for (WorkloadStatusEvent event : events) {
            if (event.getUid().equals(uid) && seen.add(event.getEventId())
                    && event.getState() != AbstractState.UNDEFINED) {
                states.add(event.getState());
            }
        }
        return states;
    }
}
