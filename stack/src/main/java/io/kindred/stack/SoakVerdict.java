package io.kindred.stack;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.kindred.events.AbstractState;
import io.kindred.events.DirectiveAction;
import io.kindred.events.DirectiveOutcome;
import io.kindred.events.SchedulingDirectiveEvent;
import io.kindred.events.WorkloadStatusEvent;

/**
 * Checks every workload's event history against what its life must have produced, and sums it up in one table.
 * <p>
 * <b>Expected transitions.</b> status-mapper-service's contract is state-level: it publishes the state it observes;
 * a state an object held only while the mapper could not observe it may be coalesced into the next one. So a state
 * the object held (from the API server's acknowledgement of the write that set it to the acknowledgement of the next)
 * is <i>expected</i> when at least {@code grace} of that time lies outside every <i>blind window</i>: from the start of a
 * fault that blinds the mapper (its kill -9, an API outage) until the mapper is ready again with its TrainingRun watch
 * connected. {@code DELETED} is expected whenever an earlier state was delivered (the mapper announces the deletion of
 * what it published, also when it happened while it was down). Kafka, PostgreSQL, registry and adapter faults do not
 * blind the mapper, so every state held across them is expected.
 * <p>
 * <b>Delivered</b>: the workload's {@code workload-status} events, once per eventId (as consumers de-duplicate), matched
 * in order against the held states. <b>Lost</b>: an expected state not delivered. <b>Duplicated</b>: an event with a new
 * eventId repeating the state of the event before it. <b>Unexpected</b>: a delivered state the object never held (or
 * out of order).
 * <p>
 * <b>Directives</b> (from the delivered states, as scheduler-adapter's contract says): one ENSURE when a non-terminal
 * state was delivered; one RELEASE when, after that, a terminal one (Completed, Failed, Deleted) was. <b>Applied</b>:
 * such a directive arrived with outcome APPLIED. A second ENSURE of the same gang (an adapter restarted and met the
 * workload again) is allowed and counted apart; a second RELEASE or an ENSURE after the RELEASE is a duplicate.
 * <b>Leaked groups</b>: PodGroups of any soak workload still in the API server once everything is deleted.
 */
final class SoakVerdict {

    private static final Set<AbstractState> ACTIVE = EnumSet.of(AbstractState.UNDEFINED, AbstractState.INITIALIZING,
            AbstractState.RUNNING, AbstractState.DEGRADED);
    private static final Set<AbstractState> TERMINAL = EnumSet.of(AbstractState.COMPLETED, AbstractState.FAILED,
            AbstractState.DELETED);

    /** A blind window of the mapper, in {@link System#nanoTime()}. */
    record Window(long fromNanos, long toNanos) {
    }

    /** The registry writes of the run: acknowledged, and the events of the probe type seen on workload-types. */
    record RegistryWrites(int attempted, int acknowledged, int distinctRevisionsPublished, int eventsPublished) {
    }

    int workloads;
    int held;
    int expected;
    int delivered;
    int coalesced;
    int lost;
    int duplicated;
    int unexpected;
    int redeliveries;
    int directivesExpected;
    int directivesApplied;
    int directivesDuplicated;
    int reEnsured;
    int leakedGroups;
    final List<String> problems = new ArrayList<>();

    static SoakVerdict judge(List<SoakWorkload> workloads, List<Window> blind, long graceNanos, long endNanos,
            Map<String, List<WorkloadStatusEvent>> statusByUid,
            Map<String, List<SchedulingDirectiveEvent>> directivesByUid, List<String> leftGroups) {
        SoakVerdict verdict = new SoakVerdict();
        for (SoakWorkload workload : workloads) {
            verdict.judge(workload, blind, graceNanos, endNanos,
                    statusByUid.getOrDefault(workload.uid(), List.of()),
                    directivesByUid.getOrDefault(workload.uid(), List.of()));
        }
        verdict.leakedGroups = leftGroups.size();
        leftGroups.forEach(group -> verdict.problems.add("leaked PodGroup " + group));
        return verdict;
    }

    private void judge(SoakWorkload workload, List<Window> blind, long graceNanos, long endNanos,
            List<WorkloadStatusEvent> events, List<SchedulingDirectiveEvent> directives) {
        if (workload.uid() == null) {
            problems.add(workload.name() + ": never created");
            return;
        }
        workloads++;
        String who = workload.name() + " (" + workload.uid() + ")";
        List<SoakWorkload.Held> life = workload.held();
        held += life.size();

        // delivered, once per eventId, in topic order
        Set<String> ids = new HashSet<>();
        List<WorkloadStatusEvent> unique = new ArrayList<>();
        for (WorkloadStatusEvent event : events) {
            if (ids.add(event.getEventId())) {
                unique.add(event);
            } else {
                redeliveries++;
            }
        }
        boolean[] got = new boolean[life.size()];
        int next = 0;
        AbstractState previous = null;
        List<AbstractState> deliveredStates = new ArrayList<>();
        for (WorkloadStatusEvent event : unique) {
            AbstractState state = event.getState();
            if (state == previous) {
                duplicated++;
                problems.add(who + ": " + state + " published again (eventId " + event.getEventId() + ")");
                continue;
            }
            previous = state;
            int match = -1;
            for (int i = next; i < life.size(); i++) {
                if (life.get(i).state() == state) {
                    match = i;
                    break;
                }
            }
            if (match < 0) {
                unexpected++;
                problems.add(who + ": " + state + " delivered but not held at that point of its life " + states(life));
                continue;
            }
            got[match] = true;
            next = match + 1;
            delivered++;
            deliveredStates.add(state);
        }
        boolean anyDelivered = !deliveredStates.isEmpty();
        for (int i = 0; i < life.size(); i++) {
            SoakWorkload.Held state = life.get(i);
            boolean required = state.state() == AbstractState.DELETED ? anyDelivered
                    : seen(state, blind, endNanos) >= graceNanos;
            if (required) {
                expected++;
                if (!got[i]) {
                    lost++;
                    problems.add(who + ": " + state.state() + " lost (held " + millis(state, endNanos)
                            + " ms, " + seen(state, blind, endNanos) / 1_000_000 + " ms of it observable); delivered "
                            + deliveredStates + " of " + states(life));
                }
            } else if (!got[i]) {
                coalesced++;
            }
        }
        judgeDirectives(who, deliveredStates, directives);
    }

    private void judgeDirectives(String who, List<AbstractState> deliveredStates,
            List<SchedulingDirectiveEvent> directives) {
        boolean ensureExpected = false;
        boolean releaseExpected = false;
        for (AbstractState state : deliveredStates) {
            if (ACTIVE.contains(state)) {
                ensureExpected = true;
            } else if (TERMINAL.contains(state) && ensureExpected) {
                releaseExpected = true;
            }
        }
        Set<String> ids = new HashSet<>();
        int ensures = 0;
        int releases = 0;
        boolean ensureApplied = false;
        boolean releaseApplied = false;
        for (SchedulingDirectiveEvent directive : directives) {
            if (!ids.add(directive.getEventId())) {
                continue;
            }
            boolean applied = directive.getOutcome() == DirectiveOutcome.APPLIED;
            if (directive.getAction() == DirectiveAction.ENSURE) {
                ensures++;
                if (releases > 0) {
                    directivesDuplicated++;
                    problems.add(who + ": ENSURE after its RELEASE (eventId " + directive.getEventId() + ")");
                } else if (!ensureExpected) {
                    directivesDuplicated++;
                    problems.add(who + ": ENSURE although no active state was delivered");
                } else if (ensures > 1) {
                    reEnsured++;
                }
                ensureApplied |= applied;
                if (!applied) {
                    problems.add(who + ": ENSURE " + directive.getOutcome() + ": " + directive.getReason());
                }
            } else if (directive.getAction() == DirectiveAction.RELEASE) {
                releases++;
                if (releases > 1) {
                    directivesDuplicated++;
                    problems.add(who + ": RELEASE again (eventId " + directive.getEventId() + ")");
                }
                releaseApplied |= applied;
            }
        }
        if (ensureExpected) {
            directivesExpected++;
            if (ensureApplied) {
                directivesApplied++;
            } else {
                problems.add(who + ": no APPLIED ENSURE, delivered states " + deliveredStates);
            }
        }
        if (releaseExpected) {
            directivesExpected++;
            if (releaseApplied) {
                directivesApplied++;
            } else {
                problems.add(who + ": no APPLIED RELEASE, delivered states " + deliveredStates);
            }
        }
    }

    /** How long the state was held outside every blind window. */
    static long seen(SoakWorkload.Held state, List<Window> blind, long endNanos) {
        long from = state.fromNanos();
        long to = Math.min(state.toNanos(), endNanos);
        if (to <= from) {
            return 0;
        }
        // the blind windows cut out of [from, to): they may overlap, so merge as we go (sorted by start)
        List<Window> sorted = new ArrayList<>(blind);
        sorted.sort((a, b) -> Long.compare(a.fromNanos(), b.fromNanos()));
        long visible = 0;
        long cursor = from;
        for (Window window : sorted) {
            if (window.toNanos() <= cursor) {
                continue;
            }
            if (window.fromNanos() >= to) {
                break;
            }
            if (window.fromNanos() > cursor) {
                visible += window.fromNanos() - cursor;
            }
            cursor = Math.max(cursor, window.toNanos());
            if (cursor >= to) {
                break;
            }
        }
        if (cursor < to) {
            visible += to - cursor;
        }
        return visible;
    }

    private static long millis(SoakWorkload.Held state, long endNanos) {
        return (Math.min(state.toNanos(), endNanos) - state.fromNanos()) / 1_000_000;
    }

    private static List<AbstractState> states(List<SoakWorkload.Held> life) {
        return life.stream().map(SoakWorkload.Held::state).toList();
    }

    /** Lost, duplicated, unexpected, missing directives, duplicated directives and leaked groups are all 0. */
    boolean passed(RegistryWrites registry) {
        return lost == 0 && duplicated == 0 && unexpected == 0 && directivesApplied == directivesExpected
                && directivesDuplicated == 0 && leakedGroups == 0 && registryLost(registry) == 0
                && registryDuplicated(registry) == 0;
    }

    static int registryLost(RegistryWrites registry) {
        return Math.max(0, registry.acknowledged() - registry.distinctRevisionsPublished());
    }

    static int registryDuplicated(RegistryWrites registry) {
        return registry.eventsPublished() - registry.distinctRevisionsPublished();
    }

    /** Adds the registry's findings to the problems. */
    void judgeRegistry(RegistryWrites registry) {
        if (registryLost(registry) > 0) {
            problems.add("registry: " + registry.acknowledged() + " writes acknowledged but only "
                    + registry.distinctRevisionsPublished() + " revisions of " + SoakRun.PROBE_KIND
                    + " published on workload-types");
        }
        if (registryDuplicated(registry) > 0) {
            problems.add("registry: " + registryDuplicated(registry) + " revision(s) of " + SoakRun.PROBE_KIND
                    + " published under more than one eventId");
        }
    }

    /** The one table (Markdown, so it goes into docs/benchmarks.md as printed). */
    String table(Map<SoakFaults.Kind, Integer> faults, RegistryWrites registry) {
        Map<String, String[]> rows = new LinkedHashMap<>();
        rows.put("workloads (TrainingRun, created → … → deleted)", row(workloads, ""));
        rows.put("transitions held (states the objects went through, incl. DELETED)", row(held, ""));
        rows.put("transitions expected (held ≥ grace while the mapper could observe)", row(expected, ""));
        rows.put("transitions delivered (distinct eventId, in order)", row(delivered, ""));
        rows.put("coalesced (held only while the mapper was blind; allowed)", row(coalesced, ""));
        rows.put("**lost**", row(lost, "must be 0"));
        rows.put("**duplicated beyond eventId de-duplication**", row(duplicated, "must be 0"));
        rows.put("unexpected (a state never held, or out of order)", row(unexpected, "must be 0"));
        rows.put("redelivered (same eventId again; consumers drop them)", row(redeliveries, ""));
        rows.put("directives expected / applied", new String[] {directivesExpected + " / " + directivesApplied,
                "equal"});
        rows.put("directives duplicated (2nd RELEASE, ENSURE after RELEASE)", row(directivesDuplicated, "must be 0"));
        rows.put("gang re-ensured after an adapter restart (allowed)", row(reEnsured, ""));
        rows.put("**groups leaked**", row(leakedGroups, "must be 0"));
        rows.put("registry writes acknowledged / published (of attempted)", new String[] {registry.acknowledged()
                + " / " + registry.distinctRevisionsPublished() + " (" + registry.attempted() + ")",
                "lost " + registryLost(registry) + ", duplicated " + registryDuplicated(registry)});
        int total = 0;
        for (Map.Entry<SoakFaults.Kind, Integer> fault : faults.entrySet()) {
            rows.put("faults: " + fault.getKey().label, row(fault.getValue(), ""));
            total += fault.getValue();
        }
        rows.put("faults: total", row(total, ""));
        StringBuilder text = new StringBuilder("| | count | |\n| --- | ---: | --- |\n");
        rows.forEach((name, value) -> text.append("| ").append(name).append(" | ").append(value[0]).append(" | ")
                .append(value[1]).append(" |\n"));
        return text.toString();
    }

    private static String[] row(int value, String rule) {
        return new String[] {Integer.toString(value), rule};
    }
}
