package io.kindred.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.kindred.events.AbstractState;
import io.kindred.events.DirectiveAction;
import io.kindred.events.DirectiveOutcome;
import io.kindred.events.SchedulingDirectiveEvent;
import io.kindred.events.WorkloadRef;
import io.kindred.events.WorkloadStatusEvent;

/** The soak's judge: what counts as expected, lost, duplicated, unexpected, and the directives' rules. */
class SoakVerdictTest {

    private static final long S = 1_000_000_000L;
    private static final String UID = "uid-1";

    /** Undefined 0–5 s, Initializing 5–10 s, Running 10–15 s, Completed 15–20 s, then deleted. */
    private static SoakWorkload life() {
        return SoakWorkload.recorded("w", UID, List.of(
                new SoakWorkload.Held(AbstractState.UNDEFINED, 0, 5 * S),
                new SoakWorkload.Held(AbstractState.INITIALIZING, 5 * S, 10 * S),
                new SoakWorkload.Held(AbstractState.RUNNING, 10 * S, 15 * S),
                new SoakWorkload.Held(AbstractState.COMPLETED, 15 * S, 20 * S),
                new SoakWorkload.Held(AbstractState.DELETED, 20 * S, Long.MAX_VALUE)));
    }

    @Test
    void everyStateDeliveredOnceWithItsDirectivesPasses() {
        SoakVerdict verdict = judge(List.of(), statuses(AbstractState.UNDEFINED, AbstractState.INITIALIZING,
                AbstractState.RUNNING, AbstractState.COMPLETED, AbstractState.DELETED), directives(true), List.of());
        assertThat(verdict.problems).isEmpty();
        assertThat(verdict.expected).isEqualTo(5);
        assertThat(verdict.delivered).isEqualTo(5);
        assertThat(verdict.directivesExpected).isEqualTo(2);
        assertThat(verdict.directivesApplied).isEqualTo(2);
        assertThat(verdict.passed(new SoakVerdict.RegistryWrites(3, 3, 3, 3))).isTrue();
    }

    @Test
    void aStateHeldWhileTheMapperCouldSeeItAndNotDeliveredIsLost() {
        SoakVerdict verdict = judge(List.of(), statuses(AbstractState.UNDEFINED, AbstractState.RUNNING,
                AbstractState.COMPLETED, AbstractState.DELETED), directives(true), List.of());
        assertThat(verdict.lost).isEqualTo(1);
        assertThat(verdict.problems).anySatisfy(p -> assertThat(p).contains("INITIALIZING lost"));
        assertThat(verdict.passed(new SoakVerdict.RegistryWrites(0, 0, 0, 0))).isFalse();
    }

    @Test
    void aStateHeldOnlyWhileTheMapperWasBlindMayBeCoalesced() {
        // the mapper blind from 4.5 s to 13 s: Initializing (5–10 s) had no time in view; Running 2 s < 3 s grace
        SoakVerdict verdict = judge(List.of(new SoakVerdict.Window(4_500_000_000L, 13 * S)),
                statuses(AbstractState.UNDEFINED, AbstractState.COMPLETED, AbstractState.DELETED), directives(true),
                List.of());
        assertThat(verdict.problems).isEmpty();
        assertThat(verdict.coalesced).isEqualTo(2);
        assertThat(verdict.expected).isEqualTo(3);
    }

    @Test
    void aRepeatedStateUnderANewEventIdIsADuplicateAndAStateNeverHeldIsUnexpected() {
        SoakVerdict verdict = judge(List.of(), statuses(AbstractState.UNDEFINED, AbstractState.INITIALIZING,
                AbstractState.INITIALIZING, AbstractState.RUNNING, AbstractState.FAILED, AbstractState.COMPLETED,
                AbstractState.DELETED), directives(true), List.of());
        assertThat(verdict.duplicated).isEqualTo(1);
        assertThat(verdict.unexpected).isEqualTo(1);
        assertThat(verdict.lost).isZero();
    }

    @Test
    void aMissingReleaseASecondReleaseAndALeftGroupFail() {
        SoakVerdict missing = judge(List.of(), statuses(AbstractState.UNDEFINED, AbstractState.INITIALIZING,
                AbstractState.RUNNING, AbstractState.COMPLETED, AbstractState.DELETED), directives(false),
                List.of("default/kindred-uid-1-run"));
        assertThat(missing.directivesApplied).isEqualTo(1);
        assertThat(missing.leakedGroups).isEqualTo(1);
        assertThat(missing.passed(new SoakVerdict.RegistryWrites(0, 0, 0, 0))).isFalse();

        List<SchedulingDirectiveEvent> twice = new java.util.ArrayList<>(directives(true));
        twice.add(directive(DirectiveAction.RELEASE));
        SoakVerdict doubled = judge(List.of(), statuses(AbstractState.UNDEFINED, AbstractState.INITIALIZING,
                AbstractState.RUNNING, AbstractState.COMPLETED, AbstractState.DELETED), twice, List.of());
        assertThat(doubled.directivesDuplicated).isEqualTo(1);
    }

    @Test
    void seenTimeLeavesOutOverlappingBlindWindows() {
        SoakWorkload.Held held = new SoakWorkload.Held(AbstractState.RUNNING, 0, 10 * S);
        assertThat(SoakVerdict.seen(held, List.of(new SoakVerdict.Window(2 * S, 5 * S),
                new SoakVerdict.Window(4 * S, 6 * S), new SoakVerdict.Window(9 * S, 20 * S)), 100 * S))
                .isEqualTo(5 * S);
    }

    @Test
    void registryWritesAcknowledgedButNotPublishedOrPublishedTwiceFail() {
        SoakVerdict verdict = SoakVerdict.judge(List.of(), List.of(), 3 * S, 30 * S, Map.of(), Map.of(), List.of());
        assertThat(verdict.passed(new SoakVerdict.RegistryWrites(5, 5, 4, 4))).isFalse();
        assertThat(verdict.passed(new SoakVerdict.RegistryWrites(5, 4, 5, 6))).isFalse();
        assertThat(verdict.passed(new SoakVerdict.RegistryWrites(5, 4, 5, 5))).as("a write whose answer was lost")
                .isTrue();
    }

    private static SoakVerdict judge(List<SoakVerdict.Window> blind, List<WorkloadStatusEvent> statuses,
            List<SchedulingDirectiveEvent> directives, List<String> left) {
        return SoakVerdict.judge(List.of(life()), blind, 3 * S, 30 * S, Map.of(UID, statuses),
                Map.of(UID, directives), left);
    }

    private static List<WorkloadStatusEvent> statuses(AbstractState... states) {
        List<WorkloadStatusEvent> events = new java.util.ArrayList<>();
        for (AbstractState state : states) {
            WorkloadStatusEvent event = new WorkloadStatusEvent();
            event.setEventId(UUID.randomUUID().toString());
            event.setUid(UID);
            event.setState(state);
            events.add(event);
            events.add(event); // redelivered: the same eventId counts once
        }
        return events;
    }

    private static List<SchedulingDirectiveEvent> directives(boolean withRelease) {
        return withRelease ? List.of(directive(DirectiveAction.ENSURE), directive(DirectiveAction.RELEASE))
                : List.of(directive(DirectiveAction.ENSURE));
    }

    private static SchedulingDirectiveEvent directive(DirectiveAction action) {
        SchedulingDirectiveEvent directive = new SchedulingDirectiveEvent();
        directive.setEventId(UUID.randomUUID().toString());
        directive.setIssuedAt(Instant.now());
        WorkloadRef workload = new WorkloadRef();
        workload.setUid(UID);
        directive.setWorkload(workload);
        directive.setAction(action);
        directive.setOutcome(DirectiveOutcome.APPLIED);
        return directive;
    }
}
