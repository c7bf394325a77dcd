package io.kindred.ri.model;

import java.util.List;

/** Matchers per status; the matchers of one status are alternatives (OR). */
public record StatusMappings(
        List<StatusMatcher> initializing,
        List<StatusMatcher> running,
        List<StatusMatcher> completed,
        List<StatusMatcher> failed,
        List<StatusMatcher> degraded) {

    public StatusMappings {
        initializing = Lists.copy(initializing);
        running = Lists.copy(running);
        completed = Lists.copy(completed);
        failed = Lists.copy(failed);
        degraded = Lists.copy(degraded);
    }

    public static StatusMappings empty() {
        return new StatusMappings(null, null, null, null, null);
    }
}
