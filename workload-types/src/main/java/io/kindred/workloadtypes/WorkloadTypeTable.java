package io.kindred.workloadtypes;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.kindred.events.ResourceInterfaceVersion;
import io.kindred.events.WorkloadType;
import io.kindred.events.WorkloadTypeChange;
import io.kindred.events.WorkloadTypeEvent;
import io.kindred.ri.model.GroupVersionKind;
import io.kindred.ri.WorkloadTypeRules;

/**
 * The registered workload types as learnt from the {@code workload-types} topic: per type, its revision and one
 * {@link KindBinding} per CRD version.
 * <p>
 * Revisions only move forward: a record whose revision is not greater than the last one applied for that name is a
 * no-op, so replays, redeliveries and SNAPSHOT republishing are harmless. The revision of a deleted type is
 * remembered so an older record cannot bring it back.
 * <p>
 * A record is applied only if the registry would have accepted it ({@link io.kindred.ri.WorkloadTypeRules}:
 * name and group patterns, at most four versions, each RI valid with the type's kind as its root, no sensitive kind
 * such as Secret): the topic is not proof that a record came through the registry.
 * <p>
 * Written by the single thread that consumes the topic; read from any thread (health, metrics, lookups).
 */
public final class WorkloadTypeTable {

    /**
     * A registered type: its revision, the scheduling defaults the registry gave it and the binding of every version
     * it declares, in declaration order.
     *
     * @param priorityName   the registry's priority name (Run:ai's very-low … very-high), or null
     * @param preemptibility {@code preemptible}, {@code non-preemptible}, or null
     */
    public record RegisteredType(String name, String group, long revision, String priorityName, String preemptibility,
                                 Map<String, KindBinding> versions) {

        /** The binding of {@code group/version}, or null when the type is of another group or lacks that version. */
        public KindBinding binding(String group, String version) {
            return this.group.equals(group == null ? "" : group) ? versions.get(version) : null;
        }
    }

    private final ResourceInterfaceCompiler compiler;
    private final Map<String, RegisteredType> types = new ConcurrentHashMap<>();
    private final Map<String, Long> deletedRevisions = new HashMap<>();

    public WorkloadTypeTable(ResourceInterfaceCompiler compiler) {
        this.compiler = compiler;
    }

    /**
     * Applies one record of the topic.
     *
     * @param key the record key (the type name); may be null only on a malformed record
     * @param event the value, or null for a tombstone
     * @throws InvalidWorkloadTypeException when the record cannot be applied; the table is left unchanged
     */
    public TypeTableChange apply(String key, WorkloadTypeEvent event) throws InvalidWorkloadTypeException {
        if (event == null) {
            return applyTombstone(key);
        }
        String name = event.getName();
        requireConsistentNames(key, event);
        RegisteredType known = types.get(name);
        Long lastRevision = known != null ? Long.valueOf(known.revision()) : deletedRevisions.get(name);
        if (lastRevision != null && event.getRevision() <= lastRevision) {
            return TypeTableChange.ignored("revision " + event.getRevision() + " of workload type '" + name
                    + "' is not newer than the applied revision " + lastRevision);
        }
        if (event.getChange() == WorkloadTypeChange.DELETED) {
            types.remove(name);
            deletedRevisions.put(name, event.getRevision());
            return new TypeTableChange(List.of(), List.of(), known == null ? List.of() : gvksOf(known), null);
        }
        RegisteredType next = build(event, known);
        types.put(name, next);
        deletedRevisions.remove(name);
        return diff(known, next);
    }

    /** The registered type of that name, or null. */
    public RegisteredType get(String name) {
        return types.get(name);
    }

    public Collection<RegisteredType> all() {
        return List.copyOf(types.values());
    }

    public int size() {
        return types.size();
    }

    /** Forgets everything (used when the pipeline restarts and replays the topic). */
    public void clear() {
        types.clear();
        deletedRevisions.clear();
    }

    private TypeTableChange applyTombstone(String key) throws InvalidWorkloadTypeException {
        if (key == null) {
            throw new InvalidWorkloadTypeException("tombstone without a key: cannot tell which workload type it deletes");
        }
        RegisteredType known = types.remove(key);
        if (known == null) {
            return TypeTableChange.ignored("tombstone for workload type '" + key + "' which is not registered");
        }
        deletedRevisions.put(key, known.revision());
        return new TypeTableChange(List.of(), List.of(), gvksOf(known), null);
    }

    private static void requireConsistentNames(String key, WorkloadTypeEvent event) throws InvalidWorkloadTypeException {
        String name = event.getName();
        if (name == null || name.isBlank()) {
            throw new InvalidWorkloadTypeException("field 'name' is empty");
        }
        if (key == null) {
            throw new InvalidWorkloadTypeException("record of workload type '" + name + "' has no key (expected the type name)");
        }
        if (!key.equals(name)) {
            throw new InvalidWorkloadTypeException("record key '" + key + "' differs from field 'name' '" + name + "'");
        }
        WorkloadType type = event.getType();
        if (type == null) {
            throw new InvalidWorkloadTypeException("workload type '" + name + "': field 'type' is missing");
        }
        if (!name.equals(type.getName())) {
            throw new InvalidWorkloadTypeException("workload type '" + name + "': field 'type.name' is '" + type.getName()
                    + "', expected the same as 'name'");
        }
        if (type.getGroup() == null) {
            throw new InvalidWorkloadTypeException("workload type '" + name + "': field 'type.group' is missing");
        }
        refuse(name, "name", WorkloadTypeRules.nameProblem(name));
        refuse(name, "type.group", WorkloadTypeRules.groupProblem(type.getGroup()));
        String sensitive = WorkloadTypeRules.sensitiveKind(type.getGroup(), name);
        if (sensitive != null) {
            throw new InvalidWorkloadTypeException("workload type '" + name + "' of group '" + type.getGroup() + "': "
                    + sensitive + " (the registry would refuse it)");
        }
        if (event.getChange() != WorkloadTypeChange.DELETED) {
            refuse(name, "type.versions", WorkloadTypeRules.versionCountProblem(
                    type.getVersions() == null ? 0 : type.getVersions().size()));
        }
    }

    private static void refuse(String name, String field, String problem) throws InvalidWorkloadTypeException {
        if (problem != null) {
            throw new InvalidWorkloadTypeException("workload type '" + name + "': field '" + field + "' " + problem
                    + " (the registry would refuse it)");
        }
    }

    private RegisteredType build(WorkloadTypeEvent event, RegisteredType known) throws InvalidWorkloadTypeException {
        WorkloadType type = event.getType();
        String name = event.getName();
        Map<String, KindBinding> versions = new LinkedHashMap<>();
        List<ResourceInterfaceVersion> declared = type.getVersions() == null ? List.of() : type.getVersions();
        for (int i = 0; i < declared.size(); i++) {
            ResourceInterfaceVersion v = declared.get(i);
            String where = "workload type '" + name + "' revision " + event.getRevision() + ", versions[" + i + "]";
            if (v.getVersion() == null || v.getVersion().isBlank()) {
                throw new InvalidWorkloadTypeException(where + ": field 'version' is empty");
            }
            if (versions.containsKey(v.getVersion())) {
                throw new InvalidWorkloadTypeException(where + ": version '" + v.getVersion() + "' is declared twice");
            }
            if (v.getResourceInterface() == null || v.getResourceInterface().isBlank()) {
                throw new InvalidWorkloadTypeException(where + " (" + v.getVersion() + "): field 'resourceInterface' is empty");
            }
            GroupVersionKind gvk = new GroupVersionKind(type.getGroup(), v.getVersion(), name);
            KindBinding previous = known == null ? null : known.versions().get(v.getVersion());
            KindBinding binding;
            if (previous != null && previous.gvk().equals(gvk) && previous.resourceInterfaceJson().equals(v.getResourceInterface())) {
                // Same RI text: keep the compiled form, only the revision moves on.
                binding = new KindBinding(gvk, name, event.getRevision(), previous.resourceInterfaceJson(),
                        previous.resourceInterface());
            } else {
                binding = new KindBinding(gvk, name, event.getRevision(), v.getResourceInterface(),
                        compiler.compile(where + " (" + v.getVersion() + ")", v.getResourceInterface(), gvk));
            }
            versions.put(v.getVersion(), binding);
        }
        return new RegisteredType(name, type.getGroup(), event.getRevision(), type.getPriorityName(),
                type.getPreemptibility(), Collections.unmodifiableMap(versions));
    }

    private static TypeTableChange diff(RegisteredType before, RegisteredType after) {
        Map<GroupVersionKind, KindBinding> old = new HashMap<>();
        if (before != null) {
            before.versions().values().forEach(b -> old.put(b.gvk(), b));
        }
        List<KindBinding> added = new ArrayList<>();
        List<TypeTableChange.KindUpdate> updated = new ArrayList<>();
        for (KindBinding binding : after.versions().values()) {
            KindBinding previous = old.remove(binding.gvk());
            if (previous == null) {
                added.add(binding);
            } else {
                updated.add(new TypeTableChange.KindUpdate(binding, !binding.sameResourceInterfaceAs(previous)));
            }
        }
        return new TypeTableChange(added, updated, List.copyOf(old.keySet()), null);
    }

    private static List<GroupVersionKind> gvksOf(RegisteredType type) {
        return type.versions().values().stream().map(KindBinding::gvk).toList();
    }
}
