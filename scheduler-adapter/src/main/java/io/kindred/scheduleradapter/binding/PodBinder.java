package io.kindred.scheduleradapter.binding;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kindred.ri.CompiledResourceInterface;
import io.kindred.ri.gang.PodResolution;
import io.kindred.ri.gang.ReportedScales;
import io.kindred.ri.structure.WorkloadStructure;
import io.kindred.scheduleradapter.backend.Backend;
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
import java.util.LinkedHashMap;
import java.util.List;
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
    /** Roots prepared at one resourceVersion: pods of one workload arrive together. */
    private final Map<String, Prepared> prepared = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Prepared> eldest) {
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
        Prepared prepared;
        JsonNode reference = controller(pod);
        if (reference == null) {
            String uid = pod.path("metadata").path("uid").asText("");
            if (!types.isRegistered("", "Pod")) {
                return new BindingDecision.NotManaged("the pod has no controller");
            }
            if (uid.isEmpty()) {
                // A bare pod of the registered Pod kind is its own workload, and its group is named after its UID,
                // which the API server assigns only after admission: the reconciler binds it once it exists (for
                // the gated backends the webhook holds it with the scheduling gate until then).
                return new BindingDecision.OwnerNotKnownYet("a bare pod has no UID before it is created");
            }
            // a bare pod of the registered Pod kind is its own workload
            RegisteredKind registered = types.kind("", pod.path("apiVersion").asText("v1"), "Pod");
            if (registered == null) {
                return new BindingDecision.NotManaged("Pod version " + pod.path("apiVersion").asText("v1")
                        + " has no Resource Interface");
            }
            try {
                prepared = prepare(pod, registered);
            } catch (RuntimeException e) {
                Root identity = identity(pod);
                return new BindingDecision.Unplaceable(identity, "the gang of " + identity.describe()
                        + " cannot be computed: " + e.getMessage());
            }
        } else {
            // Intermediate owners are read as typed metadata; only the root is turned into JSON for ri-core.
            GenericKubernetesResource root = null;
            String apiVersion = reference.path("apiVersion").asText("");
            String kind = reference.path("kind").asText("");
            String name = reference.path("name").asText("");
            String uid = reference.path("uid").asText("");
            for (int depth = 0; uid != null; depth++) {
                if (depth >= MAX_CHAIN) {
                    return new BindingDecision.NotManaged("owner chain longer than " + MAX_CHAIN + " objects");
                }
                GenericKubernetesResource owner = objects.get(uid);
                if (owner == null) {
                    if (types.isRegistered(TypeDirectory.groupOf(apiVersion), kind)) {
                        return new BindingDecision.OwnerNotKnownYet(kind + " " + name + " (" + uid
                                + ") is not in the cache yet");
                    }
                    break; // the chain leaves the registered kinds here: the last registered object is the root
                }
                root = owner;
                OwnerReference next = controller(owner);
                uid = next == null ? null : next.getUid();
                if (next != null) {
                    apiVersion = next.getApiVersion();
                    kind = next.getKind();
                    name = next.getName();
                }
            }
            if (root == null) {
                return new BindingDecision.NotManaged("the pod's controller " + reference.path("kind").asText("")
                        + " is not of a registered workload type");
            }
            RegisteredKind registered = types.kind(TypeDirectory.groupOf(root.getApiVersion()),
                    TypeDirectory.versionOf(root.getApiVersion()), root.getKind());
            if (registered == null) {
                return new BindingDecision.NotManaged(root.getKind() + " " + root.getMetadata().getName() + ": version "
                        + TypeDirectory.versionOf(root.getApiVersion()) + " has no Resource Interface");
            }
            try {
                prepared = prepare(root, registered);
            } catch (RuntimeException e) {
                Root identity = identity(Serialization.jsonMapper().valueToTree(root));
                return new BindingDecision.Unplaceable(identity, "the gang of " + identity.describe()
                        + " cannot be computed: " + e.getMessage());
            }
        }
        Root identity = prepared.identity();
        PodResolution where = prepared.registered().ri().resolvePod(prepared.root(), pod, null);
        if (where.component() == null) {
            return new BindingDecision.Unplaceable(identity, "pod matches no component of the " + identity.kind()
                    + " Resource Interface: " + String.join("; ", where.errors()));
        }
        GangGroup group = prepared.gang().groupFor(where.podGroup(), where.instanceId(), where.replicaKey());
        if (group == null) {
            return new BindingDecision.Unplaceable(identity, "pod of component '" + where.component() + "'"
                    + (where.instanceId() == null ? "" : " instance '" + where.instanceId() + "'")
                    + " joins no pod group of the " + identity.kind() + " Resource Interface"
                    + (where.errors().isEmpty() ? "" : ": " + String.join("; ", where.errors())));
        }
        SubGroup subGroup = group.subGroupOf(where.component(), where.instanceId());
        return new BindingDecision.Bind(identity, group, backend.binding(group, subGroup));
    }

    /** A root at one resourceVersion, as JSON, with its gang: computed once, reused by every pod of the workload. */
    private record Prepared(Root identity, JsonNode root, RegisteredKind registered, Gang gang) {
    }

    private Prepared prepare(GenericKubernetesResource root, RegisteredKind registered) {
        String key = root.getMetadata().getUid() + "@" + root.getMetadata().getResourceVersion() + "#"
                + registered.revision();
        Prepared known = prepared.get(key);
        return known != null ? known : remember(key, Serialization.jsonMapper().valueToTree(root), registered);
    }

    private Prepared prepare(JsonNode root, RegisteredKind registered) {
        String key = root.path("metadata").path("uid").asText("") + "@"
                + root.path("metadata").path("resourceVersion").asText("") + "#" + registered.revision();
        Prepared known = prepared.get(key);
        return known != null ? known : remember(key, root, registered);
    }

    private Prepared remember(String key, JsonNode root, RegisteredKind registered) {
        CompiledResourceInterface ri = registered.ri();
        Root identity = identity(root);
        WorkloadStructure structure = ri.structure(root);
        SchedulingPolicy policy = policies.resolve(ri, root, registered.defaults());
        Gang gang = planner.plan(ri, ReportedScales.of(structure), GangKey.of(root, identity.uid()), policy);
        Prepared made = new Prepared(identity, root, registered, gang);
        prepared.put(key, made);
        return made;
    }

    private static Root identity(JsonNode root) {
        String apiVersion = root.path("apiVersion").asText("");
        JsonNode metadata = root.path("metadata");
        return new Root(TypeDirectory.groupOf(apiVersion), TypeDirectory.versionOf(apiVersion),
                root.path("kind").asText(""),
                metadata.path("namespace").isTextual() ? metadata.path("namespace").asText() : null,
                metadata.path("name").asText(""), metadata.path("uid").asText(""));
    }

    /** The typed object's ownerReference with controller=true, or {@code null}. */
    private static OwnerReference controller(GenericKubernetesResource object) {
        List<OwnerReference> references = object.getMetadata().getOwnerReferences();
        if (references != null) {
            for (OwnerReference reference : references) {
                if (Boolean.TRUE.equals(reference.getController())) {
                    return reference;
                }
            }
        }
        return null;
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
