package io.kindred.scheduleradapter.workloadtypes;

import io.kindred.events.ResourceInterfaceVersion;
import io.kindred.events.WorkloadType;
import io.kindred.events.WorkloadTypeChange;
import io.kindred.events.WorkloadTypeEvent;
import io.kindred.ri.CompiledResourceInterface;
import io.kindred.ri.RiParser;
import io.kindred.scheduleradapter.gang.PolicyResolver.TypeDefaults;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registered workload types as the {@code workload-types} topic tells them: per type its revision, registered
 * priority and preemptibility and one compiled RI per version. Revisions only move forward, so replays and
 * SNAPSHOT republishing are harmless; a deleted type's revision is remembered so an older record cannot bring it
 * back. Written by the one thread reading the topic, read from any.
 */
public final class TypeTable implements TypeDirectory {

    /** A record that cannot be applied; the reader dead-letters it. */
    public static final class InvalidType extends Exception {
        public InvalidType(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private record Registered(String name, String group, long revision, Map<String, RegisteredKind> versions) {
    }

    private final Map<String, Registered> byName = new ConcurrentHashMap<>();
    private final Map<String, Long> deletedRevisions = new HashMap<>();

    /**
     * @param key   the record key (type name)
     * @param event the value, {@code null} for a tombstone
     * @return true when the table changed
     */
    public boolean apply(String key, WorkloadTypeEvent event) throws InvalidType {
        if (event == null) {
            if (key == null) {
                throw new InvalidType("tombstone without a key", null);
            }
            Registered removed = byName.remove(key);
            if (removed != null) {
                deletedRevisions.put(key, removed.revision());
            }
            return removed != null;
        }
        String name = event.getName();
        WorkloadType type = event.getType();
        if (name == null || name.isBlank() || type == null || !name.equals(key) || !name.equals(type.getName())) {
            throw new InvalidType("record key '" + key + "', name '" + name + "' and type.name '"
                    + (type == null ? null : type.getName()) + "' must be the same non-empty name", null);
        }
        Registered known = byName.get(name);
        Long last = known != null ? Long.valueOf(known.revision()) : deletedRevisions.get(name);
        if (last != null && event.getRevision() <= last) {
            return false;
        }
        if (event.getChange() == WorkloadTypeChange.DELETED) {
            byName.remove(name);
            deletedRevisions.put(name, event.getRevision());
            return true;
        }
        TypeDefaults defaults = new TypeDefaults(type.getPriorityName(), type.getPreemptibility());
        Map<String, RegisteredKind> versions = new LinkedHashMap<>();
        List<ResourceInterfaceVersion> declared = type.getVersions() == null ? List.of() : type.getVersions();
        for (ResourceInterfaceVersion version : declared) {
            String where = "workload type '" + name + "' revision " + event.getRevision() + " version '"
                    + version.getVersion() + "'";
            try {
                CompiledResourceInterface ri = CompiledResourceInterface.compile(RiParser.parse(version.getResourceInterface()));
                versions.put(version.getVersion(), new RegisteredKind(name, event.getRevision(), ri, defaults));
            } catch (RuntimeException e) {
                throw new InvalidType(where + ": Resource Interface cannot be compiled: " + e.getMessage(), e);
            }
        }
        byName.put(name, new Registered(name, type.getGroup() == null ? "" : type.getGroup(), event.getRevision(),
                Map.copyOf(versions)));
        deletedRevisions.remove(name);
        return true;
    }

    @Override
    public RegisteredKind kind(String group, String version, String kind) {
        Registered type = byName.get(kind);
        if (type == null || !type.group().equals(group == null ? "" : group)) {
            return null;
        }
        return type.versions().get(version);
    }

    @Override
    public boolean isRegistered(String group, String kind) {
        Registered type = byName.get(kind);
        return type != null && type.group().equals(group == null ? "" : group);
    }

    /** Every registered (group, version, kind). */
    public List<io.kindred.ri.model.GroupVersionKind> kinds() {
        return byName.values().stream().flatMap(t -> t.versions().keySet().stream()
                .map(v -> new io.kindred.ri.model.GroupVersionKind(t.group(), v, t.name()))).toList();
    }

    public int size() {
        return byName.size();
    }
}
