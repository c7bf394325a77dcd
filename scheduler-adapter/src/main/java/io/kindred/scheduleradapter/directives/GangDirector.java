package io.kindred.scheduleradapter.directives;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kindred.events.AbstractState;
import io.kindred.events.ComponentScale;
import io.kindred.events.ControllerReference;
import io.kindred.events.DirectiveAction;
import io.kindred.events.DirectiveOutcome;
import io.kindred.events.PodGroupDirective;
import io.kindred.events.SchedulingDirectiveEvent;
import io.kindred.events.WorkloadRef;
import io.kindred.events.WorkloadStatusEvent;
import io.kindred.ri.structure.RiEvaluationException;
import io.kindred.ri.gang.ReportedScales;
import io.kindred.ri.structure.Scale;
import io.kindred.scheduleradapter.backend.Backend;
import io.kindred.scheduleradapter.binding.RegisteredObjects;
import io.kindred.scheduleradapter.cluster.PodGroupStore;
import io.kindred.scheduleradapter.cluster.PodGroupWriter;
import io.kindred.scheduleradapter.cluster.WorkloadEvents;
import io.kindred.scheduleradapter.gang.Gang;
import io.kindred.scheduleradapter.gang.GangGroup;
import io.kindred.scheduleradapter.gang.GangKey;
import io.kindred.scheduleradapter.gang.GangPlanner;
import io.kindred.scheduleradapter.gang.PolicyResolver;
import io.kindred.scheduleradapter.gang.Root;
import io.kindred.scheduleradapter.gang.SchedulingPolicy;
import io.kindred.scheduleradapter.gang.SubGroup;
import io.kindred.scheduleradapter.workloadtypes.RegisteredKind;
import io.kindred.scheduleradapter.workloadtypes.TypeDirectory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Turns a workload's state events into gang directives and applies them, root-driven:
 * <ul>
 *   <li>any non-terminal state (Initializing, Running, Degraded, or Undefined without a mapping error) ensures the
 *       gang computed from the type's RI and the event's component scales — the first event of a workload,
 *       before its pods exist, and again whenever the gang it computes changes (a scale, the generation or the
 *       RI revision changed it); an unchanged gang writes nothing;</li>
 *   <li>Completed, Failed and Deleted release it: every group of the workload is deleted, so no queue keeps
 *       counting it. A Degraded state or a pod restart never does;</li>
 *   <li>a gang the backend cannot express is refused: a REJECTED directive and a Warning Event on the root, never
 *       a weaker group.</li>
 * </ul>
 * Objects whose controller is itself of a registered kind (a Deployment's ReplicaSet) are parts of that workload
 * and get no gang of their own. Every decision is a {@link SchedulingDirectiveEvent} whose id is derived from the
 * cause event, so a redelivered event yields the same directive id. Not thread-safe per workload: callers keep
 * the events of one workload in order (one partition, one thread).
 */
public final class GangDirector {

    private static final Logger LOG = Logger.getLogger(GangDirector.class);

    private final String clusterId;
    private final TypeDirectory types;
    private final RegisteredObjects objects;
    private final GangPlanner planner;
    private final PolicyResolver policies;
    private final Backend backend;
    private final PodGroupStore store;
    private final PodGroupWriter writer;
    private final WorkloadEvents events;
    private final Clock clock;
    /** The last gang applied (or refused) per workload UID, to skip a recomputation that changes nothing. */
    private final Map<String, Decision> lastDecision = new ConcurrentHashMap<>();
    /**
     * The groups this instance wrote per workload UID (namespace/name). The PodGroup cache can lag behind a write
     * by a few milliseconds, so a release right after an ensure (a workload that ends at once, or a replay) must not
     * rely on the cache alone to find what to delete.
     */
    private final Map<String, Set<String>> written = new ConcurrentHashMap<>();
    /**
     * Groups this instance deleted (namespace/name → when), for {@link #RELEASED_MEMORY}. The cache can also lag
     * behind a delete: a Deleted event right after a Completed one (a burst after a restart) would otherwise find the
     * group just released still cached and release it a second time.
     */
    private final Map<String, Long> deletedGroups = new ConcurrentHashMap<>();
    private static final long RELEASED_MEMORY = java.util.concurrent.TimeUnit.MINUTES.toNanos(2);

    public GangDirector(String clusterId, TypeDirectory types, RegisteredObjects objects, GangPlanner planner,
            PolicyResolver policies, Backend backend, PodGroupStore store, PodGroupWriter writer, WorkloadEvents events,
            Clock clock) {
        this.clusterId = clusterId;
        this.types = types;
        this.objects = objects;
        this.planner = planner;
        this.policies = policies;
        this.backend = backend;
        this.store = store;
        this.writer = writer;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Decides and applies what one status event asks for.
     *
     * @return the directive to publish, or empty when the event changes nothing (another cluster, not a root, the
     *         same gang again, nothing to release)
     * @throws KubernetesClientException when the API server cannot be reached: the caller retries the event
     */
    public Optional<SchedulingDirectiveEvent> onStatus(WorkloadStatusEvent event) {
        if (!clusterId.equals(event.getClusterId())) {
            return Optional.empty();
        }
        Root root = new Root(event.getGroup(), event.getVersion(), event.getKind(), event.getNamespace(),
                event.getName(), event.getUid());
        if (isPartOfAnotherWorkload(event.getController())) {
            return Optional.empty();
        }
        AbstractState state = event.getState();
        if (state == AbstractState.COMPLETED || state == AbstractState.FAILED || state == AbstractState.DELETED) {
            return release(root, event.getEventId(), state);
        }
        if (event.getError() != null) {
            // The mapper could not read the object fully: its scales may be partial, so the gang is left as it is.
            LOG.debugf("%s: status event %s carries a mapping error; gang unchanged", root.describe(), event.getEventId());
            return Optional.empty();
        }
        return ensure(root, event);
    }

    private boolean isPartOfAnotherWorkload(ControllerReference controller) {
        return controller != null
                && types.isRegistered(TypeDirectory.groupOf(controller.getApiVersion()), controller.getKind());
    }

    private Optional<SchedulingDirectiveEvent> ensure(Root root, WorkloadStatusEvent event) {
        RegisteredKind registered = types.kind(root.group(), root.version(), root.kind());
        if (registered == null) {
            return reject(root, event.getEventId(), List.of(), "workload type " + root.kind()
                    + " has no Resource Interface for version " + root.version() + " in the adapter's type table");
        }
        if (root.namespace() == null) {
            return reject(root, event.getEventId(), List.of(), "cluster-scoped workloads have no namespace for their "
                    + "PodGroups");
        }
        JsonNode object = objects.byUid(root.uid());
        SchedulingPolicy policy = policies.resolve(registered.ri(), object, registered.defaults());
        Gang gang;
        try {
            gang = planner.plan(registered.ri(), reported(event.getComponents()), GangKey.of(object, root.uid()), policy);
        } catch (RiEvaluationException e) {
            return reject(root, event.getEventId(), List.of(), "the gang cannot be computed: " + e.getMessage());
        }
        List<String> problems = new ArrayList<>();
        for (GangGroup group : gang.groups()) {
            problems.addAll(backend.problems(group));
        }
        Decision decision = new Decision(gang.groups(), gang.replicaTemplates(), problems);
        if (decision.equals(lastDecision.get(root.uid()))) {
            return Optional.empty();
        }
        if (!problems.isEmpty()) {
            Optional<SchedulingDirectiveEvent> rejected = reject(root, event.getEventId(), directives(gang),
                    String.join("; ", problems));
            lastDecision.put(root.uid(), decision);
            return rejected;
        }
        int writes = 0;
        Set<String> wanted = new HashSet<>();
        for (GangGroup group : gang.groups()) {
            wanted.add(group.name());
            remember(root, group.name());
            if (writer.apply(backend.render(group, root)) != PodGroupWriter.Applied.UNCHANGED) {
                writes++;
            }
        }
        int removed = removeGroupsNotIn(root, wanted, gang);
        lastDecision.put(root.uid(), decision);
        String note = gang.replicaTemplates().isEmpty() ? null : "groups of "
                + gang.replicaTemplates().stream().map(GangGroup::name).toList()
                + " are made per replica as their pods appear (the RI does not give the replica count)";
        // one line per workload and state change would be the bulk of the log at a thousand workloads a second;
        // every decision is on scheduling-directives
        LOG.debugf("%s: gang applied (%d groups, %d written, %d removed)", root.describe(), gang.groups().size(),
                writes, removed);
        return Optional.of(directive(root, event.getEventId(), DirectiveAction.ENSURE, directives(gang),
                DirectiveOutcome.APPLIED, note));
    }

    /**
     * The group of one replica that the RI did not count, made when its first pod appears (called by the pod
     * reconciler). Idempotent.
     */
    public void ensureReplicaGroup(Root root, GangGroup group) {
        if (backend.problems(group).isEmpty()) {
            remember(root, group.name());
            writer.apply(backend.render(group, root));
        } else {
            events.warn(root, "GangRejected", String.join("; ", backend.problems(group)));
        }
    }

    private void remember(Root root, String group) {
        written.computeIfAbsent(root.uid(), uid -> ConcurrentHashMap.newKeySet()).add(root.namespace() + "/" + group);
    }

    private int removeGroupsNotIn(Root root, Set<String> wanted, Gang gang) {
        int removed = 0;
        for (GenericKubernetesResource live : store.ofWorkload(root.uid())) {
            String name = live.getMetadata().getName();
            if (wanted.contains(name) || madeFromTemplate(name, gang)) {
                continue;
            }
            writer.delete(live.getMetadata().getNamespace(), name);
            Set<String> mine = written.get(root.uid());
            if (mine != null) {
                mine.remove(live.getMetadata().getNamespace() + "/" + name);
            }
            removed++;
        }
        return removed;
    }

    private static boolean madeFromTemplate(String name, Gang gang) {
        for (GangGroup template : gang.replicaTemplates()) {
            if (name.startsWith(template.name() + "-")) {
                return true;
            }
        }
        return false;
    }

    private Optional<SchedulingDirectiveEvent> release(Root root, String causeEventId, AbstractState state) {
        long now = System.nanoTime();
        deletedGroups.values().removeIf(at -> now - at > RELEASED_MEMORY);
        Set<String> groups = new java.util.TreeSet<>();
        for (GenericKubernetesResource group : store.ofWorkload(root.uid())) {
            String key = group.getMetadata().getNamespace() + "/" + group.getMetadata().getName();
            if (!deletedGroups.containsKey(key)) {
                groups.add(key);
            }
        }
        Set<String> mine = written.remove(root.uid());
        if (mine != null) {
            groups.addAll(mine);
        }
        boolean known = lastDecision.remove(root.uid()) != null;
        if (groups.isEmpty() && !known) {
            return Optional.empty();
        }
        List<PodGroupDirective> released = new ArrayList<>();
        for (String group : groups) {
            int slash = group.indexOf('/');
            writer.delete(group.substring(0, slash), group.substring(slash + 1)); // gone already counts as done
            deletedGroups.put(group, now);
            released.add(PodGroupDirective.newBuilder().setName(group.substring(slash + 1)).build());
        }
        LOG.infof("%s: %s; released %d groups", root.describe(), state, released.size());
        return Optional.of(directive(root, causeEventId, DirectiveAction.RELEASE, released, DirectiveOutcome.APPLIED,
                "workload " + state.name().toLowerCase(java.util.Locale.ROOT)));
    }

    private Optional<SchedulingDirectiveEvent> reject(Root root, String causeEventId, List<PodGroupDirective> groups,
            String reason) {
        LOG.warnf("%s: gang refused: %s", root.describe(), reason);
        events.warn(root, "GangRejected", "Kindred cannot express this workload's gang for " + backend.id() + ": "
                + reason);
        return Optional.of(directive(root, causeEventId, DirectiveAction.ENSURE, groups, DirectiveOutcome.REJECTED,
                reason));
    }

    private SchedulingDirectiveEvent directive(Root root, String causeEventId, DirectiveAction action,
            List<PodGroupDirective> groups, DirectiveOutcome outcome, String reason) {
        return SchedulingDirectiveEvent.newBuilder()
                .setEventId(directiveId(causeEventId, action))
                .setIssuedAt(clock.instant())
                .setClusterId(clusterId)
                .setWorkload(new WorkloadRef(root.group(), root.version(), root.kind(), root.namespace(), root.name(),
                        root.uid()))
                .setAction(action)
                .setBackend(backend.id())
                .setPodGroups(groups)
                .setOutcome(outcome)
                .setReason(reason)
                .setCauseEventId(causeEventId)
                .build();
    }

    /** The same cause and action always give the same id, so consumers de-duplicate a redelivered decision. */
    static String directiveId(String causeEventId, DirectiveAction action) {
        return UUID.nameUUIDFromBytes(("kindred-directive:" + causeEventId + ":" + action.name())
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static List<PodGroupDirective> directives(Gang gang) {
        List<PodGroupDirective> groups = new ArrayList<>(gang.groups().size());
        for (GangGroup group : gang.groups()) {
            List<io.kindred.events.SubGroup> subGroups = new ArrayList<>(group.subGroups().size());
            for (SubGroup subGroup : group.subGroups()) {
                subGroups.add(new io.kindred.events.SubGroup(subGroup.name(), subGroup.minMember()));
            }
            groups.add(PodGroupDirective.newBuilder()
                    .setName(group.name())
                    .setMinMember(subGroups.isEmpty() ? Integer.valueOf(group.minMember()) : null)
                    .setSubGroups(subGroups)
                    .setQueue(group.policy().queue())
                    .setPriorityClassName(group.policy().priorityClassName())
                    .setPreemptibility(group.policy().preemptibility())
                    .build());
        }
        return groups;
    }

    static ReportedScales reported(List<ComponentScale> components) {
        ReportedScales.Builder builder = ReportedScales.builder();
        for (ComponentScale component : components) {
            builder.instance(component.getComponent(), component.getInstanceId(),
                    new Scale(component.getReplicas(), component.getMinReplicas(), component.getMaxReplicas()));
        }
        return builder.build();
    }

    /**
     * What one ensure decided, compared by value (the gang types are records of immutable lists) to skip an event
     * that changes nothing; a text fingerprint cost a tenth of a workload's apply at a thousand workloads a second.
     */
    private record Decision(List<GangGroup> groups, List<GangGroup> replicaTemplates, List<String> problems) {

        Decision {
            problems = List.copyOf(problems);
        }
    }
}
