package io.kindred.statusmapper.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import org.awaitility.core.ConditionTimeoutException;

import io.kindred.events.WorkloadStatusEvent;
import io.kindred.statusmapper.StatusMapperEngine;
import io.kindred.statusmapper.watch.WatchState;
import io.kindred.statusmapper.watch.WatchStatus;

/** Bounded waits for the asynchronous pipeline (never an assertion on how long something took). */
public final class Await {

    public static final Duration PATIENCE = Duration.ofSeconds(60);

    private Await() {
    }

    public static void running(StatusMapperEngine engine) {
        await().atMost(PATIENCE).until(() -> engine.phase() == StatusMapperEngine.Phase.RUNNING);
    }

    public static Optional<WatchStatus> watch(StatusMapperEngine engine, String gvk) {
        return engine.watches().stream().filter(w -> w.gvk().equals(gvk)).findFirst();
    }

    /** Until the kind is watched and its initial list mapped and reconciled. */
    public static WatchStatus mapped(StatusMapperEngine engine, String gvk) {
        await().atMost(PATIENCE).until(() -> watch(engine, gvk)
                .filter(w -> w.state() == WatchState.WATCHING && w.mapped()).isPresent());
        return watch(engine, gvk).orElseThrow();
    }

    /**
     * Until every registered GVK has its watch and each is either mapped (initial list done and reconciled) or
     * known not to be installed: after this and a producer flush, everything the restart had to publish is on the topic.
     */
    public static void settled(StatusMapperEngine engine) {
        try {
            await().atMost(PATIENCE).until(() -> {
                int registered = engine.types().all().stream().mapToInt(t -> t.versions().size()).sum();
                List<WatchStatus> watches = engine.watches();
                return watches.size() == registered && watches.stream().allMatch(w ->
                        (w.state() == WatchState.WATCHING && (w.mapped() || !w.lead()))
                                || w.state() == WatchState.KIND_NOT_INSTALLED);
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("Watches did not settle: " + engine.watches(), e);
        }
    }

    public static WatchStatus state(StatusMapperEngine engine, String gvk, WatchState state) {
        await().atMost(PATIENCE).until(() -> watch(engine, gvk).filter(w -> w.state() == state).isPresent());
        return watch(engine, gvk).orElseThrow();
    }

    /** Until the UID has at least {@code count} events; returns all of them. */
    public static List<WorkloadStatusEvent> events(StatusTopicReader reader, String uid, int count) {
        await().atMost(PATIENCE).until(() -> reader.readToEnd().eventsOf(uid).size() >= count);
        return reader.eventsOf(uid);
    }

    /** Until the last event of the UID satisfies {@code condition}; returns all events. */
    public static List<WorkloadStatusEvent> lastEvent(StatusTopicReader reader, String uid,
                                                      Predicate<WorkloadStatusEvent> condition) {
        await().atMost(PATIENCE).until(() -> {
            List<WorkloadStatusEvent> events = reader.readToEnd().eventsOf(uid);
            return !events.isEmpty() && condition.test(events.get(events.size() - 1));
        });
        return reader.eventsOf(uid);
    }
}
