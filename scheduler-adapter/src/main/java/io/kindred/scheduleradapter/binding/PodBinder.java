package io.kindred.scheduleradapter.binding;

import com.fasterxml.jackson.databind.JsonNode;
import io.kindred.ri.CompiledResourceInterface;
import io.kindred.ri.gang.PodResolution;
import io.kindred.ri.gang.ReportedScales;
import io.kindred.ri.structure.WorkloadStructure;
import io.kindred.scheduleradapter.backend.Backend;
import io.kindred.scheduleradapter.gang.Gang;
import io.kindred.scheduleradapter.gang.GangGroup;
import io.kindred.scheduleradapter.gang.GangPlanner;
import io.kindred.scheduleradapter.gang.PolicyResolver;
import io.kindred.scheduleradapter.gang.Root;
import io.kindred.scheduleradapter.gang.SchedulingPolicy;
import io.kindred.scheduleradapter.gang.SubGroup;
import io.kindred.scheduleradapter.workloadtypes.RegisteredKind;
import io.kindred.scheduleradapter.workloadtypes.TypeDirectory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Decides which gang a pod joins: walks its controller owner chain through the {@link RegisteredObjects} cache up
 * to the workload's root (the topmost object of a registered kind), places the pod with the root's RI (ri-core
 * {@code resolvePod}: component, instance, replica, pod-group definition) and names the group exactly as the
 * status-driven path does. No API request. Thread-safe.
 */
public final class PodBinder {

    /** Longer owner chains are not followed (and reported): real ones have two or three links. */
    static final int MAX_CHAIN = 16;
    private static final int GANG_CACHE_SIZE = 4096;

    private final TypeDirectory types;
    private final RegisteredObjects objects;
    private final GangPlanner planner;
    private final PolicyResolver policies;
    private final Backend backend;
    private final Set<String> schedulerNames;
    /** Gangs computed from a root at one resourceVersion: pods of one workload arrive together. */
    private final Map<String, Gang> gangs = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Gang> eldest) {
                    return size() > GANG_CACHE_SIZE;
                }
            });

    /**
     * @param schedulerNames pods whose {@code spec.schedulerName} is one of these are bound; empty = every pod
     */
    public PodBinder(TypeDirectory types, RegisteredObjects objects, GangPlanner planner, PolicyResolver policies,
            Backend backend, Set<String> schedulerNames) {
        this.types = types;
        this.objects = objects;
        this.planner = planner;
        this.policies = policies;
        this.backend = backend;
        this.schedulerNames = Set.copyOf(schedulerNames);
    }

    public Backend backend() {
        return backend;
    }

    /** True when the pod is for a scheduler this adapter binds for. */
    public boolean forOurScheduler(JsonNode pod) {
        if (schedulerNames.isEmpty()) {
            return true;
        }
        JsonNode name = pod.path("spec").path("schedulerName");
        return schedulerNames.contains(name.isTextual() ? name.asText() : "default-scheduler");
    }

    public BindingDecision decide(JsonNode pod) {
        if (!forOurScheduler(pod)) {
            return new BindingDecision.NotManaged("scheduler " + pod.path("spec").path("schedulerName").asText("default-scheduler")
                    + " is not one this adapter binds for");
        }
        JsonNode root;
        JsonNode reference = controller(pod);
        if (reference == null) {
            String uid = pod.path("metadata").path("uid").asText("");
            if (uid.isEmpty() || !types.isRegistered("", "Pod")) {
                return new BindingDecision.NotManaged("the pod has no controller");
            }
            root = pod; // a bare pod of the registered Pod kind is its own workload
        } else {
            root = null;
            JsonNode current = reference;
            for (int depth = 0; current != null; depth++) {
                if (depth >= MAX_CHAIN) {
                    return new BindingDecision.NotManaged("owner chain longer than " + MAX_CHAIN + " objects");
                }
                JsonNode owner = objects.byUid(current.path("uid").asText(""));
                if (owner == null) {
                    String apiVersion = current.path("apiVersion").asText("");
                    String kind = current.path("kind").asText("");
                    if (types.isRegistered(TypeDirectory.groupOf(apiVersion), kind)) {
                        return new BindingDecision.OwnerNotKnownYet(kind + " " + current.path("name").asText("")
                                + " (" + current.path("uid").asText("") + ") is not in the cache yet");
                    }
                    break; // the chain leaves the registered kinds here: the last registered object is the root
                }
                root = owner;
                current = controller(owner);
            }
            if (root == null) {
                return new BindingDecision.NotManaged("the pod's controller " + reference.path("kind").asText("")
                        + " is not of a registered workload type");
            }
        }
        String apiVersion = root.path("apiVersion").asText("");
        String kind = root.path("kind").asText("");
        RegisteredKind registered = types.kind(TypeDirectory.groupOf(apiVersion), TypeDirectory.versionOf(apiVersion), kind);
        JsonNode metadata = root.path("metadata");
        Root identity = new Root(TypeDirectory.groupOf(apiVersion), TypeDirectory.versionOf(apiVersion), kind,
                metadata.path("namespace").isTextual() ? metadata.path("namespace").asText() : null,
                metadata.path("name").asText(""), metadata.path("uid").asText(""));
        if (registered == null) {
            return new BindingDecision.NotManaged(identity.describe() + ": version " + identity.version()
                    + " has no Resource Interface");
        }
        CompiledResourceInterface ri = registered.ri();
        PodResolution where = ri.resolvePod(root, pod, null);
        if (where.component() == null) {
            return new BindingDecision.Unplaceable(identity, "pod matches no component of the " + kind
                    + " Resource Interface: " + String.join("; ", where.errors()));
        }
        Gang gang;
        try {
            gang = gangOf(identity, root, registered);
        } catch (RuntimeException e) {
            return new BindingDecision.Unplaceable(identity, "the gang of " + identity.describe()
                    + " cannot be computed: " + e.getMessage());
        }
        GangGroup group = gang.groupFor(where.podGroup(), where.instanceId(), where.replicaKey());
        if (group == null) {
            return new BindingDecision.Unplaceable(identity, "pod of component '" + where.component() + "'"
                    + (where.instanceId() == null ? "" : " instance '" + where.instanceId() + "'")
                    + " joins no pod group of the " + kind + " Resource Interface"
                    + (where.errors().isEmpty() ? "" : ": " + String.join("; ", where.errors())));
        }
        SubGroup subGroup = group.subGroupOf(where.component(), where.instanceId());
        return new BindingDecision.Bind(identity, group, backend.binding(group, subGroup));
    }

    private Gang gangOf(Root identity, JsonNode root, RegisteredKind registered) {
        String key = identity.uid() + "@" + root.path("metadata").path("resourceVersion").asText("") + "#"
                + registered.revision();
        Gang known = gangs.get(key);
        if (known != null) {
            return known;
        }
        CompiledResourceInterface ri = registered.ri();
        WorkloadStructure structure = ri.structure(root);
        SchedulingPolicy policy = policies.resolve(ri, root, registered.defaults());
        Gang gang = planner.plan(ri, ReportedScales.of(structure), identity.uid(), policy);
        gangs.put(key, gang);
        return gang;
    }

    /** The ownerReference with controller=true, or {@code null}. */
    static JsonNode controller(JsonNode object) {
        JsonNode references = object.path("metadata").path("ownerReferences");
        if (!references.isArray()) {
            return null;
        }
        for (JsonNode reference : references) {
            if (reference.path("controller").asBoolean(false)) {
                return reference;
            }
        }
        return null;
    }
}
